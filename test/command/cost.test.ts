/**
 * `pulumi-novita cost` on `pulumi preview --json` files produced by the real Pulumi CLI (test/command/fixtures),
 * pricing new instances against the simulator's catalogue over HTTP, as a user runs it (in-process `main`).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startSimulator, type Simulator } from "../../src/simulator";
import { startNovitaTestStack, GPU_INSTANCE_TYPE } from "../../src/testing";
import { SCENARIOS, stackConfig, TOKEN, PROGRAM_DIR } from "./fixtures/scenarios";
import { preview, previewPath, run } from "./helpers";

let sim: Simulator;
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
    sim = await startSimulator({ timeScale: 0.001, seed: "cost" });
    env = { NOVITA_API_KEY: sim.apiKey };
});
afterEach(() => sim.close());

/** `cost --json` of a fixture against the simulator. */
async function costJson(name: string, ...flags: string[]) {
    const r = await run(["cost", "--json", "--base-url", sim.baseUrl, ...flags, previewPath(name)], env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
}
const row = (report: any, name: string) => report.rows.find((r: any) => r.name === name);
/** The catalogue's per-GPU price, as the simulator serves it (src/simulator/catalogue.ts). */
const ON_DEMAND_4090 = 0.35;
const SPOT_4090 = 0.18;

test("create: the new instance is priced from the catalogue; the delta is its hourly price", async () => {
    const report = await costJson("create");
    expect(report.rows.map((r: any) => [r.name, r.op])).toEqual([["trainer", "create"]]);
    expect(row(report, "trainer").after).toMatchObject({ productId: "4090.16c62g", productName: "RTX 4090 24GB", region: "AS-SGP-02", billingMode: "onDemand", pricePerHour: ON_DEMAND_4090, basis: "catalogue" });
    expect(report.delta).toBe(ON_DEMAND_4090);
    expect(report.stack).toEqual({ before: 0, after: ON_DEMAND_4090 });
});

test("update (a new image): priced from the state on both sides, no cost change, and no catalogue request", async () => {
    const r = await run(["cost", "--base-url", sim.baseUrl, previewPath("update")], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^GPU cost of this preview: no change in the hourly cost \(\$0\.00\/h\)/);
    expect(r.stdout).toMatch(/trainer\s+update\s+RTX 4090 24GB \(4090\.16c62g\)\s+1\s+AS-SGP-02\s+on-demand\s+\$0\.35\s+\$0\.35\s+\$0\.00/);
    expect(sim.requestLog()).toEqual([]);
});

test("replace gpuNum 1 → 2: the delta is one more GPU, and the replacement is created before the old one is deleted", async () => {
    const report = await costJson("replace");
    const t = row(report, "trainer");
    expect([t.op, t.before.gpuNum, t.after.gpuNum]).toEqual(["replace", 1, 2]);
    expect(t.before).toMatchObject({ pricePerHour: ON_DEMAND_4090, basis: "state" });
    expect(t.delta).toBe(ON_DEMAND_4090); // one more GPU at the on-demand price
    expect(t.replace).toEqual({ order: "create-before-delete", from: "engine", reasons: ["gpuNum"] });
    expect(report.notes).toContain(
        "REPLACE trainer (gpuNum): the new GPU instance is created and running before the old one is deleted; both bill during the switch.",
    );
});

test("deleteBeforeReplace: the warning says the old instance goes first (an outage), from --show-replacement-steps' order", async () => {
    const report = await costJson("delete-before-replace");
    expect(row(report, "solo").replace).toEqual({ order: "delete-before-create", from: "engine", reasons: ["gpuNum"] });
    expect(report.notes[0]).toMatch(/^REPLACE solo \(gpuNum\): the old GPU instance is deleted BEFORE the new one is created/);
    // Without the replacement steps, the engine's mark on the old state says the same.
    const digest = preview("delete-before-replace");
    digest.steps = digest.steps.filter((s: any) => !["create-replacement", "delete-replaced"].includes(s.op));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cost-")), "dbr.json");
    fs.writeFileSync(file, JSON.stringify(digest));
    const again = JSON.parse((await run(["cost", "--json", "--base-url", sim.baseUrl, file], env)).stdout);
    expect(row(again, "solo").replace.order).toBe("delete-before-create");
});

test("delete: the deleted instance's recorded price comes off", async () => {
    const report = await costJson("delete");
    expect(report.rows.map((r: any) => [r.name, r.op, r.delta])).toEqual([["scratch", "delete", -2 * ON_DEMAND_4090]]);
    expect(report.delta).toBe(-2 * ON_DEMAND_4090);
});

test("a mixed stack with --show-sames: every op, a stop costing $0/h, a spot create, and the whole stack's cost", async () => {
    const report = await costJson("mixed");
    expect(Object.fromEntries(report.rows.map((r: any) => [r.name, [r.op, r.delta]]))).toEqual({
        keep: ["same", 0],
        upgrade: ["update", 0],
        grow: ["replace", ON_DEMAND_4090],
        halt: ["update", -ON_DEMAND_4090],
        drop: ["delete", -SPOT_4090],
        fresh: ["create", SPOT_4090],
    });
    expect(row(report, "halt").after).toMatchObject({ running: false, hourly: 0, pricePerHour: ON_DEMAND_4090 });
    const before = 4 * ON_DEMAND_4090 + SPOT_4090; // keep, upgrade, grow, halt + drop (spot)
    expect(report.stack.before).toBeCloseTo(before, 5);
    expect(report.stack.after).toBeCloseTo(before + report.delta, 5);
    expect(report.notes).toContain("fresh: spot price; Novita can reclaim a spot instance.");
});

test("without --show-sames the whole stack's cost is not claimed (unchanged instances are not in the preview)", async () => {
    const digest = preview("mixed");
    digest.steps = digest.steps.filter((s: any) => s.op !== "same" || s.urn.includes("pulumi:pulumi:Stack"));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cost-")), "no-sames.json");
    fs.writeFileSync(file, JSON.stringify(digest));
    const report = JSON.parse((await run(["cost", "--json", "--base-url", sim.baseUrl, file], env)).stdout);
    expect(report.rows.map((r: any) => r.name)).not.toContain("keep");
    expect(report.stack).toBeUndefined();
    expect(report.delta).toBeCloseTo(0, 5);
});

test("preview --refresh: an instance deleted outside Pulumi costs again once recreated; a stopped one once started", async () => {
    const report = await costJson("refresh");
    expect(report.rows.map((r: any) => [r.name, r.op, r.before?.hourly, r.after?.hourly])).toEqual([
        ["lost", "create", undefined, ON_DEMAND_4090],
        ["halted", "update", 0, ON_DEMAND_4090],
    ]);
    expect(report.delta).toBe(2 * ON_DEMAND_4090);
});

test("spot: spot prices, marked as spot, for an instance by product id and one placed on spot", async () => {
    const report = await costJson("spot");
    expect(row(report, "batch").after).toMatchObject({ billingMode: "spot", pricePerHour: SPOT_4090, basis: "catalogue" });
    expect(row(report, "sweep").after).toMatchObject({ productId: "3090.16c92g", billingMode: "spot", basis: "estimate" });
    const text = (await run(["cost", "--base-url", sim.baseUrl, previewPath("spot")], env)).stdout;
    expect(text).toMatch(/batch\s+create\s+RTX 4090 24GB \(4090\.16c62g\)\s+1\s+AS-SGP-02\s+spot\s+—\s+\$0\.18\s+\+\$0\.18/);
    expect(text).toContain("! batch: spot price; Novita can reclaim a spot instance.");
});

describe("placement", () => {
    test("the estimate is the instance `pulumi up` then creates, marked as an estimate", async () => {
        const report = await costJson("placement");
        for (const name of ["inference", "big"]) expect(row(report, name).after.basis).toBe("estimate");
        expect(report.notes).toContain("inference: estimate; placement decides at create (* = what `pulumi up` would pick now).");

        const sc = SCENARIOS.find((s) => s.name === "placement")!;
        const stack = await startNovitaTestStack({ simulator: sim, project: "cost-fixtures", config: { ...stackConfig(sc.after), token: { value: TOKEN, secret: true } } });
        try {
            await stack.engine.up(require(path.join(PROGRAM_DIR, "index.js")));
            for (const r of stack.engine.state.filter((x) => x.type === GPU_INSTANCE_TYPE)) {
                const picked = { productId: r.outputs.productId, region: r.outputs.clusterName, billingMode: r.outputs.billingMode, pricePerHour: r.outputs.pricePerHour };
                const { productId, region, billingMode, pricePerHour } = row(report, r.name).after;
                expect([r.name, { productId, region, billingMode, pricePerHour }]).toEqual([r.name, picked]);
            }
            await stack.engine.destroy();
        } finally {
            await stack.close();
        }
    });

    test("stock counts: with the first choice sold out, the estimate moves to the next candidate, as up would", async () => {
        sim.setSoldOut("4090.16c62g", "as-sgp-2", "spot");
        const report = await costJson("placement");
        expect(row(report, "inference").after).toMatchObject({ productId: "4090.16c62g", region: "CN-HK-01", billingMode: "spot" });
    });

    test("no offer in stock: the price is unknown, with the reason, and not guessed", async () => {
        for (const [p, c] of [["H100-80GB.16c240g", "us-ca-6"], ["H100-80GB.16c240g", "cn-hongkong-1"]]) sim.setSoldOut(p!, c!, "onDemand");
        const report = await costJson("placement");
        expect(row(report, "big").after.hourly).toBeUndefined();
        expect(row(report, "big").after.why).toMatch(/^no offer qualifies now/);
        expect(report.unknown).toEqual(["big"]);
    });
});

test("unknowns: a productId known only after apply is shown as unknown and left out of the total, which says so", async () => {
    const r = await run(["cost", "--base-url", sim.baseUrl, previewPath("unknowns")], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^GPU cost of this preview: \+\$0\.35\/h .*not counting 1 instance\(s\) of unknown price: follower/);
    expect(r.stdout).toMatch(/follower\s+create\s+\(unknown until apply\)\s+1\s+any region\s+on-demand\s+—\s+unknown\s+unknown/);
    expect(r.stdout).toContain("! follower (after): price unknown: productId is unknown until apply.");
    expect(r.stdout).not.toContain("04da6b54");
});

describe("secrets", () => {
    test("a secret productId is shown as [secret], its price unknown; no secret value is printed", async () => {
        for (const format of ["text", "markdown", "json"]) {
            const r = await run(["cost", "--format", format, "--base-url", sim.baseUrl, previewPath("secrets")], env);
            expect(r.code).toBe(0);
            expect(r.stdout).toContain(format === "json" ? '"hidden": "secret"' : "[secret]");
            expect(r.stdout).not.toContain(TOKEN);
        }
        const report = await costJson("secrets");
        expect(row(report, "private").after).toMatchObject({ productId: { hidden: "secret" } });
        expect(report.unknown).toEqual(["private"]);
    });

    test("secret values as Pulumi serialises them elsewhere (ciphertext, or plaintext after --show-secrets) are never read or printed", async () => {
        const digest = preview("secrets");
        const inputs = digest.steps.find((s: any) => s.urn.endsWith("::private")).newState.inputs;
        const sig = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
        inputs.productId = { ...sig, plaintext: JSON.stringify("4090.16c62g-plaintext-secret") };
        inputs.name = { ...sig, ciphertext: "v1:ciphertext-secret-value" };
        inputs.envs = { ...sig, plaintext: JSON.stringify([{ key: "TOKEN", value: TOKEN }]) };
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cost-")), "plaintext.json");
        fs.writeFileSync(file, JSON.stringify(digest));
        for (const format of ["text", "markdown", "json"]) {
            const r = await run(["cost", "--format", format, "--base-url", sim.baseUrl, file], env);
            for (const secret of ["plaintext-secret", "ciphertext-secret-value", TOKEN]) expect(r.stdout + r.stderr).not.toContain(secret);
            expect(r.stdout).toContain(format === "json" ? '"hidden": "secret"' : "[secret]");
        }
    });
});

describe("bad input", () => {
    test("a truncated file: exit 1, naming the file and the line:column where it ends", async () => {
        const text = fs.readFileSync(previewPath("replace"), "utf8");
        const cut = text.slice(0, text.indexOf('"replaceReasons"') + 5);
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cost-")), "truncated.json");
        fs.writeFileSync(file, cut);
        const lines = cut.split("\n");
        const r = await run(["cost", "--base-url", sim.baseUrl, file], env);
        expect(r.code).toBe(1);
        expect(r.stderr).toBe(`pulumi-novita cost: ${file}:${lines.length}:${lines[lines.length - 1]!.length + 1}: not valid JSON: expected a closing '"', found the end of the input (expected the output of \`pulumi preview --json\`)\n`);
        expect(sim.requestLog()).toEqual([]);
    });

    test("a missing comma: the position of the token after it, on stdin too", async () => {
        const text = fs.readFileSync(previewPath("create"), "utf8");
        const at = text.indexOf('"urn"'); // the first step's `"op": "create",` loses its comma
        const broken = text.slice(0, text.lastIndexOf(",", at)) + text.slice(text.lastIndexOf(",", at) + 1);
        const offset = broken.indexOf('"urn"');
        const before = broken.slice(0, offset).split("\n");
        const r = await run(["cost", "--base-url", sim.baseUrl], env, broken);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`stdin:${before.length}:${before[before.length - 1]!.length + 1}: not valid JSON: expected ',' or '}', found "\\""`);
    });

    test("a stack export, an empty input, a missing file: exit 1 with what is wrong", async () => {
        const exported = path.join(__dirname, "fixtures", "states", "replace.json");
        const r = await run(["cost", exported], env);
        expect([r.code, r.stderr]).toEqual([1, expect.stringContaining(`${exported}: not the output of \`pulumi preview --json\`: this is a \`pulumi stack export\` file`)]);
        expect((await run(["cost"], env, "  \n")).stderr).toContain("stdin: is empty; expected the output of `pulumi preview --json`");
        expect((await run(["cost", "no-such.json"], env)).stderr).toContain("no-such.json: cannot read it (no such file)");
        expect((await run(["cost", "--format", "yaml", previewPath("create")], env)).stderr).toContain("--format must be one of text, json, markdown");
        expect((await run(["cost", "--what", previewPath("create")], env)).code).toBe(1);
    });
});

describe("settings", () => {
    test("no API key: exit 1 naming NOVITA_API_KEY, before any request; --offline prices what it can without one", async () => {
        const r = await run(["cost", "--base-url", sim.baseUrl, previewPath("replace")], {});
        expect(r.code).toBe(1);
        expect(r.stderr).toContain("NOVITA_API_KEY is not set: it is needed to price new instances from the Novita catalogue (or pass --offline)");
        const offline = await run(["cost", "--json", "--offline", "--base-url", sim.baseUrl, previewPath("replace")], {});
        expect(offline.code).toBe(0);
        const report = JSON.parse(offline.stdout);
        expect(row(report, "trainer").before.pricePerHour).toBe(ON_DEMAND_4090);
        expect(row(report, "trainer").after.why).toBe("not looked up (--offline)");
        expect(sim.requestLog()).toEqual([]);
    });

    test("a refused key: exit 2 with the API's reason, naming the variable; the key is not printed", async () => {
        const r = await run(["cost", "--base-url", sim.baseUrl, "--api-key-env", "CI_NOVITA_KEY", previewPath("create")], { CI_NOVITA_KEY: "sk_wrong_key_123456" });
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/403 INVALID_API_KEY/);
        expect(r.stderr).toContain("CI_NOVITA_KEY");
        expect(r.stderr).not.toContain("sk_wrong_key_123456");
    });

    test("the base URL: the preview's novita:baseUrl (stack config) wins over NOVITA_BASE_URL; --base-url over both", async () => {
        const digest = preview("create");
        digest.config["novita:baseUrl"] = sim.baseUrl;
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cost-")), "config.json");
        fs.writeFileSync(file, JSON.stringify(digest));
        const viaConfig = await run(["cost", "--json", file], { ...env, NOVITA_BASE_URL: "http://127.0.0.1:9/gpu-instance/openapi" });
        expect(viaConfig.code).toBe(0);
        expect(JSON.parse(viaConfig.stdout).catalogue).toBe(sim.baseUrl);
        digest.config["novita:baseUrl"] = "http://127.0.0.1:9/gpu-instance/openapi";
        fs.writeFileSync(file, JSON.stringify(digest));
        const viaFlag = await run(["cost", "--json", "--base-url", sim.baseUrl, file], env);
        expect(JSON.parse(viaFlag.stdout).catalogue).toBe(sim.baseUrl);
    });
});

test("Markdown for a pull-request comment: a marker line, the headline, a table, the warnings", async () => {
    const r = await run(["cost", "--format", "markdown", "--base-url", sim.baseUrl, previewPath("replace")], env);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("<!-- pulumi-novita cost -->");
    expect(lines[1]).toBe("### GPU cost: +$0.35/h (≈ +$252.00 per 30 days)");
    expect(lines).toContain("| Resource | Change | Product | GPUs | Region | Billing | Before $/h | After $/h | Change $/h |");
    expect(lines).toContain("| `trainer` | replace | RTX 4090 24GB (4090.16c62g) | 1 → 2 | AS-SGP-02 | on-demand | $0.35 | $0.70 | +$0.35 |");
    expect(r.stdout).toContain("> ⚠️ REPLACE trainer (gpuNum)");
});

test("--help lists every option and the exit codes; unknown commands exit 1", async () => {
    const r = await run(["cost", "--help"]);
    expect(r.code).toBe(0);
    for (const flag of ["--format", "--json", "--base-url", "--api-key-env", "--offline"]) expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain("Exit codes:");
    expect((await run(["costs"])).code).toBe(1);
    expect((await run([])).code).toBe(1);
});
