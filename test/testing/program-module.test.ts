/**
 * Programs given as a module path are evaluated afresh on every run, as the Pulumi CLI does by starting a new
 * language host per run; a program function that registers nothing while state has resources fails loudly.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DeploymentError, PACKAGE_ROOT, hasNoChanges, planOf, plainOutputs, startNovitaTestStack } from "../../src/testing";
import { ModuleLinks } from "../../src/testing/module-links";
import { items, startStack, type TestStack } from "./fixtures/setup";

const programs = path.join(__dirname, "fixtures", "programs");
const topLevel = require.resolve("./fixtures/programs/top-level");
const asyncExport = path.join(programs, "async-export");

let s: TestStack;
afterEach(() => s?.dispose());

test("a top-level program module is evaluated on every run: the second run of the unchanged program plans no change", async () => {
    s = await startStack();
    const first = await s.engine.up(topLevel);
    expect(planOf(first)).toEqual({ a: "create", b: "create" });
    expect(first.outputs).toEqual({ aName: "alpha", bSize: 2 }); // the module's exports are the stack outputs

    const again = await s.engine.up(topLevel);
    expect(planOf(again)).toEqual({ a: "same", b: "same" });
    expect(again.outputs).toEqual({ aName: "alpha", bSize: 2 });
    expect(hasNoChanges(await s.engine.preview(topLevel))).toBe(true);
    expect(s.api.calls().filter((c) => !c.startsWith("POST"))).toEqual([]); // nothing updated or deleted
    expect(items(s.engine).map((r) => r.name).sort()).toEqual(["a", "b"]);
});

test("an `export = async () => {…}` module: the function's result is the stack outputs, and reruns plan no change", async () => {
    s = await startStack();
    const first = await s.engine.up({ main: asyncExport }); // a directory, like Pulumi.yaml's `main`
    expect(planOf(first)).toEqual({ solo: "create" });
    expect(first.outputs).toEqual({ name: "solo", size: 3 });
    const again = await s.engine.up({ main: asyncExport });
    expect(planOf(again)).toEqual({ solo: "same" });
    expect(again.outputs).toEqual({ name: "solo", size: 3 });
});

test("the program's own modules are its package's (nearest package.json), or those under `root`", async () => {
    s = await startStack();
    const main = path.join(programs, "nested", "src"); // imports ../resources.ts, which declares "shared"
    expect(planOf(await s.engine.up({ main }))).toEqual({ shared: "create", local: "create" });
    expect(planOf(await s.engine.up({ main }))).toEqual({ shared: "same", local: "same" });
    expect(planOf(await s.engine.up({ main, root: path.join(programs, "nested") }))).toEqual({ shared: "same", local: "same" });
    // A `root` that leaves resources.ts out shares it like a package: evaluated once, so "shared" is not declared
    // again on the next run.
    const narrow = { main, root: main };
    expect(planOf(await s.engine.up(narrow))).toEqual({ shared: "same", local: "same" });
    expect(planOf(await s.engine.up(narrow))).toEqual({ local: "same", shared: "delete" });
});

test("a program file changed between runs is picked up, the entry's own imports included", async () => {
    s = await startStack();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "program-module-"));
    try {
        const itemProvider = require.resolve("./fixtures/item-provider");
        const write = (file: string, text: string) => fs.writeFileSync(path.join(dir, file), text);
        write("sizes.ts", "export const size: number = 1;\n");
        const index = (names: string[]) =>
            `import { Item } from ${JSON.stringify(itemProvider)};\nimport { size } from "./sizes";\n` +
            names.map((n) => `new Item(${JSON.stringify(n)}, { name: ${JSON.stringify(n)}, size });\n`).join("") +
            "export const total = size;\n";
        write("index.ts", index(["x", "y"]));
        const main = path.join(dir, "index.ts");

        expect(planOf(await s.engine.up(main))).toEqual({ x: "create", y: "create" });
        write("sizes.ts", "export const size: number = 5;\n");
        const resized = await s.engine.up(main);
        expect(planOf(resized)).toEqual({ x: "update", y: "update" });
        expect(resized.outputs).toEqual({ total: 5 });
        write("index.ts", index(["x"]));
        expect(planOf(await s.engine.up(main))).toEqual({ x: "same", y: "delete" });
        expect(items(s.engine).map((r) => [r.name, r.outputs.size])).toEqual([["x", 5]]);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

test("a program function that requires a top-level module registers nothing on run 2: the run fails instead of deleting", async () => {
    s = await startStack();
    const program = () => require(topLevel); // evaluated on the first call only: Node caches the module
    await s.engine.up(program);
    const stateBefore = s.engine.state;

    for (const op of ["preview", "up"] as const) {
        const err = await s.engine[op](program).then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(DeploymentError);
        expect((err as Error).message).toContain(
            `program registered no resources on run ${op === "preview" ? 2 : 3} but state has 2: if your program declares ` +
                "resources at module top level, pass it as a module path",
        );
        expect((err as DeploymentError).result.steps.filter((x) => x.op === "delete")).toEqual([]);
    }
    expect(s.engine.state).toEqual(stateBefore);
    expect(s.api.calls().filter((c) => c.startsWith("DELETE"))).toEqual([]);

    // The opt-out: a deliberately empty program deletes everything, as the CLI would.
    const emptied = await s.engine.up(() => undefined, { allowEmptyProgram: true });
    expect(planOf(emptied)).toEqual({ a: "delete", b: "delete" });
    expect(s.api.items.size).toBe(0);
});

test("a program module that does not compile fails the run with the file, line and compiler message", async () => {
    s = await startStack();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "program-module-"));
    try {
        fs.writeFileSync(path.join(dir, "index.ts"), "export const ok = 1;\nexport const broken = (;\n");
        const err = await s.engine.up(path.join(dir, "index.ts")).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DeploymentError);
        expect((err as Error).message).toMatch(/index\.ts\(2,\d+\): error TS\d+: Expression expected/);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

test("a module path that does not exist is refused before anything runs", async () => {
    s = await startStack();
    const missing = path.join(programs, "no-such-program.ts");
    await expect(s.engine.up(missing)).rejects.toThrow(`OfflineEngine: program module ${missing} does not exist`);
    expect(s.api.requests).toEqual([]);
});

test("startNovitaTestStack runs a top-level GpuInstance program module: converges, reruns clean, destroys", async () => {
    const stack = await startNovitaTestStack();
    try {
        const main = path.join(programs, "gpu-top-level", "index.ts");
        const up = await stack.engine.up(main);
        expect(planOf(up)).toEqual({ trainer: "create" });
        expect(plainOutputs(up)).toEqual({ region: "AS-SGP-02", status: "running" });
        expect(stack.instanceFor("trainer")?.status).toBe("running");

        expect(planOf(await stack.engine.up(main))).toEqual({ trainer: "same" });
        expect(hasNoChanges(await stack.engine.preview(main))).toBe(true);
        await stack.engine.destroy();
        expect(stack.orphans()).toEqual([]);
        expect(stack.liveInstances()).toEqual([]);
    } finally {
        await stack.close();
    }
});

test("in plain Node (the built kit, no jest, no ts-node) JS and TS top-level programs rerun clean", async () => {
    // Needs dist/ (npm test builds first). `pulumi-novita` resolves through NODE_PATH, as from an installed copy.
    const links = ModuleLinks.create({ "pulumi-novita": PACKAGE_ROOT });
    try {
        const js = path.join(programs, "gpu-top-level-js", "index.js");
        const ts = path.join(programs, "gpu-top-level", "index.ts");
        const args = [path.join(programs, "run-in-node.js"), path.join(PACKAGE_ROOT, "dist", "testing"), js, ts];
        const env = { ...process.env, NODE_PATH: links.nodePath(undefined) };
        const stdout = await new Promise<string>((resolve, reject) =>
            execFile(process.execPath, args, { env, cwd: PACKAGE_ROOT }, (err, out, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(out))),
        );
        const report = JSON.parse(stdout);
        const outputs = { region: "AS-SGP-02", status: "running" };
        expect(report.runs).toEqual([
            { program: js, plan: { trainer: "create" }, outputs },
            { program: js, plan: { trainer: "same" }, outputs },
            { program: ts, plan: { trainer: "create" }, outputs },
            { program: ts, plan: { trainer: "same" }, outputs },
        ]);
        expect(report.secondRequire).toContain("program registered no resources on run 6 but state has 1");
        expect(report.orphans).toEqual([]);
    } finally {
        links.dispose();
    }
});
