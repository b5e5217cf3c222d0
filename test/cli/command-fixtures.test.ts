/**
 * The `pulumi preview --json` and `pulumi stack export` files that `pulumi-novita cost` and `orphans` are tested on
 * (test/command/fixtures) come from the REAL Pulumi CLI running test/command/fixtures/program against the simulator.
 *
 *   PULUMI_NOVITA_WRITE_FIXTURES=1 npx jest test/cli/command-fixtures   # regenerates every fixture
 *
 * Without that variable, one scenario is run again and the committed files must have exactly the structure the CLI
 * produces now (every key at every depth, the value types, the ops), so the fixtures cannot drift from the format of
 * the pinned CLI (pkg/display/json.go PreviewDigest, apitype.DeploymentV3).
 */
import * as fs from "fs";
import * as path from "path";
import { NovitaClient } from "../../src/api/client";
import { waitForInstance } from "../../src/provider/wait";
import { CliStack, describeCli, opsOf, ROOT, type PreviewDigest } from "./kit";
import { PREVIEWS_DIR, PROGRAM_DIR, SCENARIOS, STATES_DIR, stackConfig, TOKEN, type Scenario } from "../command/fixtures/scenarios";

jest.setTimeout(900_000);

/** "1": every fixture; else a comma-separated list of scenario names. */
const WRITE = process.env.PULUMI_NOVITA_WRITE_FIXTURES;
const writes = (name: string) => WRITE === "1" || (WRITE ?? "").split(",").includes(name);

/**
 * Source positions name files outside the temp project by a relative path through this machine's checkout
 * (`project:///../../../<checkout>/node_modules/…`): that prefix is removed; everything else stays as produced.
 */
function scrub(text: string): string {
    const checkout = ROOT.replace(/^\//, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const out = text.replace(new RegExp(`(?:\\.\\./)+${checkout}/`, "g"), "");
    if (out.includes(ROOT) || /\/tmp\//.test(out)) throw new Error("a machine path is left in the fixture");
    return out;
}

interface Produced {
    preview: string;
    state?: string;
}

async function produce(sc: Scenario): Promise<Produced> {
    const first = sc.before ?? sc.after;
    const s = await CliStack.start({ from: PROGRAM_DIR, config: { ...stackConfig(first), token: { value: TOKEN, secret: true } } });
    try {
        let state: string | undefined;
        if (sc.before) {
            await s.up();
            if (sc.exportState) state = scrub((await s.ok(["stack", "export"])).stdout);
            await outOfBand(s, sc);
            for (const [k, v] of Object.entries(stackConfig(sc.after))) await s.setConfig(k, v);
        }
        const r = await s.run(["preview", "--json", ...(sc.flags ?? [])]);
        if (r.code !== 0) throw new Error(`${sc.name}: pulumi preview --json exited ${r.code}\n${r.stderr}\n${r.stdout}`);
        expect(s.printed()).not.toContain(TOKEN);
        if (sc.before) await s.ok(["destroy", "--yes", "--skip-preview"]);
        return { preview: scrub(r.stdout), state };
    } finally {
        await s.close();
    }
}

/** What the scenario does in the console: deletes (waited on until gone) and stops (until exited). */
async function outOfBand(s: CliStack, sc: Scenario): Promise<void> {
    if (!sc.outOfBand) return;
    const ids = Object.fromEntries(Object.entries(await s.resources()).map(([name, r]) => [name, r.id!]));
    const client = new NovitaClient({ apiKey: s.sim.apiKey, baseUrl: s.sim.baseUrl, timeScale: s.sim.timeScale });
    const wait = (id: string, done: (status: string) => boolean) =>
        waitForInstance(client, id, (i) => (done(i.status) ? { done: true } : undefined), { timeoutMs: 600_000, timeScale: s.sim.timeScale, label: id, goal: "settled", goneIsDone: true });
    for (const name of sc.outOfBand.delete ?? []) {
        s.sim.outOfBand.delete(ids[name]!);
        await wait(ids[name]!, (st) => st === "removed");
    }
    for (const name of sc.outOfBand.stop ?? []) {
        s.sim.outOfBand.stop(ids[name]!);
        await wait(ids[name]!, (st) => st === "exited");
    }
}

/** The structure of a JSON value: object keys and value types at every depth; array elements merged. */
function shape(v: unknown): unknown {
    if (Array.isArray(v)) return { array: [...new Set(v.map((x) => JSON.stringify(shape(x))))].sort() };
    if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, shape((v as Record<string, unknown>)[k])]));
    return v === null ? "null" : typeof v;
}

const committed = (dir: string, name: string) => fs.readFileSync(path.join(dir, `${name}.json`), "utf8");

describeCli("pulumi-novita cost/orphans fixtures come from the real Pulumi CLI", () => {
    if (WRITE) {
        for (const sc of SCENARIOS.filter((x) => writes(x.name))) {
            test(`writes ${sc.name}: ${sc.what}`, async () => {
                const p = await produce(sc);
                fs.writeFileSync(path.join(PREVIEWS_DIR, `${sc.name}.json`), p.preview);
                if (p.state) fs.writeFileSync(path.join(STATES_DIR, `${sc.name}.json`), p.state);
            });
        }
        return;
    }

    test("a fresh `pulumi preview --json` and `pulumi stack export` of the replace scenario have the committed fixtures' structure", async () => {
        const sc = SCENARIOS.find((x) => x.name === "replace")!;
        const fresh = await produce(sc);
        const preview = JSON.parse(fresh.preview) as PreviewDigest;
        const old = JSON.parse(committed(PREVIEWS_DIR, sc.name)) as PreviewDigest;
        expect(shape(preview)).toEqual(shape(old));
        expect(opsOf(preview)).toEqual(opsOf(old));
        expect(opsOf(preview)).toEqual({ trainer: "replace" });
        expect(shape(JSON.parse(fresh.state!))).toEqual(shape(JSON.parse(committed(STATES_DIR, sc.name))));
    });

    test("every committed preview fixture is a PreviewDigest as the CLI prints it (4-space indent, no machine paths)", () => {
        for (const sc of SCENARIOS) {
            const text = committed(PREVIEWS_DIR, sc.name);
            // Go's encoding/json escapes <, > and & in strings (HTML-safe), as the CLI prints them.
            const printed = JSON.stringify(JSON.parse(text), null, 4).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
            expect([sc.name, text]).toEqual([sc.name, printed + "\n"]);
            expect(text).not.toContain(ROOT);
            expect(text).not.toContain(TOKEN);
        }
    });
});
