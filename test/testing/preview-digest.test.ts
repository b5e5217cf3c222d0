/**
 * toPreviewDigest: an offline preview as `pulumi preview --json` prints it. Differential check against the real
 * CLI: the same scenarios (test/command/fixtures/scenarios.ts) previewed offline give `pulumi-novita cost` the same
 * plan and the same prices as the real CLI's committed previews; secrets stay "[secret]".
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startNovitaTestStack, toPreviewDigest, type NovitaTestStack, type OperationResult, type StateResource } from "../../src/testing";
import { PROGRAM_DIR, SCENARIOS, stackConfig, TOKEN } from "../command/fixtures/scenarios";
import { preview, previewPath, run } from "../command/helpers";

const program = require(path.join(PROGRAM_DIR, "index.js"));

let stack: NovitaTestStack;
/** Every stack a test started (a scenario with `before` starts two), closed after it. */
const started: NovitaTestStack[] = [];
afterEach(async () => {
    for (const s of started.splice(0).reverse()) await s.close();
});

async function offlineDigest(name: string, showSames: boolean) {
    const sc = SCENARIOS.find((s) => s.name === name)!;
    stack = await startNovitaTestStack({ project: "cost-fixtures", stack: "dev", config: { ...stackConfig(sc.before ?? sc.after), token: { value: TOKEN, secret: true } } });
    started.push(stack);
    if (sc.before) await stack.engine.up(program);
    // The same engine state, the `after` program: a new engine with the state and the new config.
    const after = await startNovitaTestStack({
        simulator: stack.simulator, project: "cost-fixtures", stack: "dev",
        config: { ...stackConfig(sc.after), token: { value: TOKEN, secret: true } }, engine: { state: stack.engine.state },
    });
    started.push(after);
    const result = await after.engine.preview(program);
    return toPreviewDigest(result, after.engine, { showSames });
}

/** `cost --json` rows as (name, op, before/after $/h, delta) for a digest file. */
async function costRows(file: string, baseUrl: string, apiKey: string) {
    const r = await run(["cost", "--json", "--base-url", baseUrl, file], { NOVITA_API_KEY: apiKey });
    expect(r.stderr).toBe("");
    const report = JSON.parse(r.stdout);
    return {
        rows: report.rows.map((x: any) => [x.name, x.op, x.before?.hourly, x.after?.hourly, x.delta, x.replace?.order]).sort(),
        stack: report.stack,
    };
}

test.each([
    ["mixed", true],
    ["replace", false],
    ["placement", false],
    ["delete-before-replace", false],
])("%s: cost reads the offline digest as it reads the real CLI's", async (name, showSames) => {
    const digest = await offlineDigest(name, showSames);
    expect(JSON.stringify(digest)).not.toContain(TOKEN);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "digest-")), `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(digest, null, 4));
    const sim = stack.simulator;
    expect(await costRows(file, sim.baseUrl, sim.apiKey)).toEqual(await costRows(previewPath(name), sim.baseUrl, sim.apiKey));
});

/** What a step is made of, as tools read it: op, urn, and which fields of `oldState`/`newState` it carries. */
function shapeOf(digest: { steps?: any[] }) {
    const keys = (o: Record<string, unknown> | undefined) => (o ? Object.keys(o).sort() : undefined);
    const state = (r: any) =>
        r && { type: r.type, custom: r.custom, id: typeof r.id === "string", delete: r.delete === true, pendingReplacement: r.pendingReplacement === true, inputs: keys(r.inputs), outputs: keys(r.outputs) };
    // The CLI prints steps as they complete (their order across resources depends on timing); per resource they
    // keep their order, which is all `cost` relies on (src/command/digest.ts). Sorting by URN is stable.
    return [...(digest.steps ?? [])]
        .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0))
        // --show-replacement-steps adds these around a `replace`; toPreviewDigest prints the `replace` step only.
        .filter((s) => !["create-replacement", "delete-replaced"].includes(s.op))
        .map((s) => ({ op: s.op, urn: s.urn, oldState: state(s.oldState), newState: state(s.newState), replaceReasons: s.replaceReasons }));
}

test.each(["create", "update", "replace", "delete", "mixed", "spot", "placement", "unknowns", "secrets", "delete-before-replace"])(
    "%s: the offline digest has the real CLI's steps — op, urn, and the oldState/newState fields",
    async (name) => {
        const sc = SCENARIOS.find((s) => s.name === name)!;
        const digest = await offlineDigest(name, sc.flags?.includes("--show-sames") ?? false);
        expect(shapeOf(digest)).toEqual(shapeOf(preview(name)));
        expect(digest.changeSummary).toEqual(preview(name).changeSummary);
    },
);

test("secrets are [secret], unknowns the CLI's placeholder, and the config is blinded like the CLI's", async () => {
    const digest = await offlineDigest("unknowns", false);
    const follower = digest.steps.find((s) => s.urn.endsWith("::follower"))!;
    expect(follower.newState!.inputs!.productId).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
    expect(digest.config!["cost-fixtures:token"]).toBe("[secret]");
    expect(digest.config!["novita:apiKey"]).toBe("[secret]");
    const secrets = await offlineDigest("secrets", false);
    expect(secrets.steps.find((s) => s.urn.endsWith("::private"))!.newState!.inputs).toMatchObject({ productId: "[secret]", envs: "[secret]" });
    expect(() => toPreviewDigest({ kind: "up" } as any, stack.engine)).toThrow("toPreviewDigest: a up result is not a preview");
});

test("a step with no inputs of its own (a read) shows the old inputs and outputs with secret keys as [secret]", () => {
    const urn = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/novita:RegistryAuth::registry";
    const type = "pulumi-nodejs:dynamic/novita:RegistryAuth";
    const resource: StateResource = {
        urn, type, name: "registry", custom: true, id: "auth-1", dependencies: [], propertyDependencies: {}, external: true,
        inputs: { username: "ci-bot", password: TOKEN }, outputs: { username: "ci-bot", password: TOKEN },
        secretInputKeys: ["password"], secretKeys: ["password"],
    };
    const result = { kind: "preview", project: "p", stack: "dev", steps: [{ urn, type, name: "registry", op: "read" }] } as unknown as OperationResult;
    const digest = toPreviewDigest(result, { state: [resource], options: { project: "p", stack: "dev" } });
    const read = digest.steps.find((s) => s.urn === urn)!;
    expect(read.op).toBe("read");
    expect(read.oldState!.inputs).toEqual({ username: "ci-bot", password: "[secret]" });
    expect(read.oldState!.outputs).toEqual({ username: "ci-bot", password: "[secret]" });
    expect(read.newState!.inputs).toEqual({ username: "ci-bot", password: "[secret]" });
    expect(JSON.stringify(digest)).not.toContain(TOKEN);
});
