/**
 * The published package: `npm pack`, install the tarball into an empty project (./kit.ts), type-check the four
 * entry points, every README code block and an example there against the installed typings with the stock `pulumi
 * new typescript` tsconfig, and run the example through the installed offline engine against the simulator, with
 * the engine's defaults (nothing linked) and the project as the provider's cwd, so `require("pulumi-novita/provider")`
 * in each resource's `__provider` must resolve from the installed copy, as under the real Pulumi CLI. The other
 * layouts users have: ./layouts.test.ts.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NovitaClient } from "../../src/api/client";
import { startSimulator } from "../../src/simulator";
import { providerText } from "../../src/resources/shims";
import { run, type Ran } from "../support/run";
import { installedVersion, NPM_CLI, npmInstall, pack, ROOT, version } from "./kit";

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

/** The compilerOptions of `pulumi new typescript`'s tsconfig.json, unchanged: no esModuleInterop, no skipLibCheck. */
const STOCK_COMPILER_OPTIONS = {
    strict: true, outDir: "bin", target: "es2020", module: "commonjs", moduleResolution: "node", sourceMap: true,
    experimentalDecorators: true, pretty: true, noFallthroughCasesInSwitch: true, noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
};

/** Type-checks `files` (written into a new folder of the project) with the stock tsconfig; returns tsc's output. */
function typecheckStock(files: Record<string, string>): { output: string; status: number | null } {
    const dir = fs.mkdtempSync(path.join(project, "stock-"));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: STOCK_COMPILER_OPTIONS, files: Object.keys(files) }));
    const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
    const r = spawnSync(process.execPath, [tsc, "-p", path.join(dir, "tsconfig.json"), "--noEmit", "--pretty", "false"], { cwd: dir, encoding: "utf8" });
    return { output: `${r.stdout}${r.stderr}`, status: r.status };
}

/** Every ```ts block of README.md, with the line it starts on. */
function readmeTypeScriptBlocks(): { line: number; code: string }[] {
    const text = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const blocks: { line: number; code: string }[] = [];
    const re = /^```ts\n([\s\S]*?)^```$/gm;
    for (let m = re.exec(text); m; m = re.exec(text)) blocks.push({ line: text.slice(0, m.index).split("\n").length, code: m[1]! });
    return blocks;
}

let tmp: string;
let files: string[];
let project: string;

beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-novita-pack-"));
    const packed = pack(tmp);
    files = packed.files;
    project = path.join(tmp, "project");
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "user-project", version: "1.0.0", private: true }));
    npmInstall(project, [packed.tarball, ...["@pulumi/pulumi", "@types/node", "@types/jest"].map((n) => `${n}@${installedVersion(n)}`)]);
}, 180_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("npm pack", () => {
    test("ships the built JS with its .d.ts, the README and the LICENSE, and nothing else", () => {
        for (const f of files) expect(f).toMatch(/^(package\.json|README\.md|LICENSE|dist\/.+(\.d\.ts|\.js))$/);
        expect(files).toEqual(expect.arrayContaining(["README.md", "LICENSE", "package.json", "dist/simulator/cli.js"]));
        for (const entry of ["index", "provider/index", "simulator/index", "testing/index"]) {
            expect(files).toContain(`dist/${entry}.js`);
            expect(files).toContain(`dist/${entry}.d.ts`);
        }
        for (const js of files.filter((f) => f.endsWith(".js"))) expect(files).toContain(js.replace(/\.js$/, ".d.ts"));
    });

    test("leaves out tests, benchmarks, the demo, scripts, examples, source maps and build info", () => {
        expect(files.filter((f) => /^(src|test|bench|demo|scripts|examples|docs)\/|\.map$|tsbuildinfo|Pulumi\.yaml/.test(f))).toEqual([]);
    });

    test("every export and the bin point at shipped files", () => {
        for (const [subpath, target] of Object.entries(pkg.exports as Record<string, string | Record<string, string>>)) {
            for (const file of typeof target === "string" ? [target] : Object.values(target)) expect(files).toContain(path.normalize(file));
            expect(subpath).toMatch(/^\.(\/[a-z.]+)?$/);
        }
        expect(files).toContain(pkg.bin["novita-simulator"]);
        expect(files).toContain(pkg.bin["pulumi-novita"]);
    });
});

describe("installed into an empty project", () => {
    test("the project gets a real copy (not a link to this repository) with its dependencies", () => {
        const installed = path.join(project, "node_modules", "pulumi-novita");
        expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
        expect(version(installed)).toBe(pkg.version);
        for (const dep of Object.keys(pkg.dependencies)) expect(fs.existsSync(path.join(project, "node_modules", dep, "package.json"))).toBe(true);
        expect(fs.existsSync(path.join(installed, "src"))).toBe(false);
    });

    test("all four entry points type-check in a stock `pulumi new typescript` project", () => {
        const r = typecheckStock({
            "index.ts": [
                `import * as novita from "pulumi-novita";`,
                `import { gpuInstance, registryAuth, networkStorage, configure } from "pulumi-novita/provider";`,
                `import { startSimulator, type Simulator } from "pulumi-novita/simulator";`,
                `import { OfflineEngine, startNovitaTestStack, planOf, type NovitaTestStack } from "pulumi-novita/testing";`,
                `export const used = [novita.GpuInstance, novita.RegistryAuth, novita.NetworkStorage, novita.getOptimalProductOutput, gpuInstance.create, registryAuth.delete, networkStorage.read, configure];`,
                `export async function run(): Promise<[Simulator, NovitaTestStack, typeof OfflineEngine, typeof planOf]> {`,
                `    return [await startSimulator({ timeScale: 0.001 }), await startNovitaTestStack(), OfflineEngine, planOf];`,
                `}`,
            ].join("\n"),
        });
        expect(r.output).toBe("");
        expect(r.status).toBe(0);
    });

    test("an example program type-checks with the stock `pulumi new typescript` tsconfig", () => {
        const r = typecheckStock({ "index.ts": fs.readFileSync(path.join(ROOT, "examples", "spot-fallback", "index.ts"), "utf8") });
        expect(r.output).toBe("");
        expect(r.status).toBe(0);
    });

    test("every TypeScript block in README.md compiles, as it is, in a stock `pulumi new typescript` project", () => {
        const blocks = readmeTypeScriptBlocks();
        expect(blocks.length).toBeGreaterThanOrEqual(4);
        const files = Object.fromEntries(blocks.map((b) => [`readme-line-${b.line}.ts`, b.code]));
        const r = typecheckStock(files);
        expect(r.output).toBe("");
        expect(r.status).toBe(0);
    });

    test("an example type-checks against the installed typings with its own tsconfig, and runs: create, no change, destroy", () => {
        const example = path.join(ROOT, "examples", "private-registry");
        for (const f of ["index.ts", "tsconfig.json"]) fs.copyFileSync(path.join(example, f), path.join(project, f));
        fs.copyFileSync(path.join(__dirname, "fixtures", "run-stack.js"), path.join(project, "run-stack.js"));
        const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
        const compiled = spawnSync(process.execPath, [tsc, "-p", path.join(project, "tsconfig.json")], { cwd: project, encoding: "utf8" });
        if (compiled.status !== 0) throw new Error(`tsc failed in the user project:\n${compiled.stdout}${compiled.stderr}`);
        expect(fs.existsSync(path.join(project, "bin", "index.js"))).toBe(true);

        const env: NodeJS.ProcessEnv = { ...process.env };
        delete env.NODE_PATH;
        const r = spawnSync(process.execPath, ["run-stack.js"], { cwd: project, encoding: "utf8", env, timeout: 120_000 });
        if (r.status !== 0) throw new Error(`run-stack.js failed:\n${r.stderr}`);
        const result = JSON.parse(r.stdout.trim().split("\n").pop()!);

        // Everything came from the installed copy.
        for (const [mod, file] of Object.entries(result.resolved as Record<string, string>)) {
            expect([mod, fs.realpathSync(file).startsWith(fs.realpathSync(project) + path.sep)]).toEqual([mod, true]);
        }
        expect(result.plan).toEqual({ ghcr: "create", inference: "create" });
        expect(result.outputs).toMatchObject({ region: "CN-HK-01", product: "4090.16c96g.v2", image: "ghcr.io/acme/private-inference:2.3.1" });
        expect(result.noChangesOnSecondRun).toBe(true);
        expect(result.destroyed).toEqual({ ghcr: "delete", inference: "delete" });
        expect([result.liveAfterDestroy, result.authsAfterDestroy]).toEqual([0, 0]);
        expect(result.printed).not.toContain("ghp_package_test_pw");

        // __provider of each registered resource: the shim, ≤ 1 KB, in inputs and outputs.
        for (const [kind, text] of [["GpuInstance", "gpuInstance"], ["RegistryAuth", "registryAuth"]] as const) {
            const p = result.providers[kind];
            expect(p.inputs).toBe(providerText(text));
            expect(p.outputs).toBe(p.inputs);
            expect(Buffer.byteLength(p.inputs)).toBeLessThanOrEqual(1024);
        }
    }, 180_000);
});

describe("the pulumi-novita command in the installed project", () => {
    /**
     * `npx pulumi-novita …` in the project (npm exec: the project's own node_modules/.bin), with piped input. Async:
     * the simulator answering it runs in this process.
     */
    function npx(args: string[], env: NodeJS.ProcessEnv, input = ""): Promise<Ran> {
        const e: NodeJS.ProcessEnv = { ...process.env, ...env, npm_config_update_notifier: "false" };
        for (const k of ["NOVITA_API_KEY", "NOVITA_BASE_URL"]) if (!(k in env)) delete e[k];
        return run(process.execPath, [NPM_CLI!, "exec", "--offline", "--", "pulumi-novita", ...args], { cwd: project, env: e, input });
    }

    test("`npx pulumi-novita cost < preview.json` prices a real CLI preview against the simulator", async () => {
        const sim = await startSimulator({ timeScale: 0.001 });
        try {
            const preview = fs.readFileSync(path.join(ROOT, "test", "command", "fixtures", "previews", "replace.json"), "utf8");
            const r = await npx(["cost", "--base-url", sim.baseUrl], { NOVITA_API_KEY: sim.apiKey }, preview);
            expect(r.stderr).toBe("");
            expect(r.code).toBe(0);
            expect(r.stdout).toMatch(/^GPU cost of this preview: \+\$0\.35\/h/);
            expect(r.stdout).toMatch(/trainer\s+replace\s+RTX 4090 24GB \(4090\.16c62g\)\s+1 → 2/);
        } finally {
            await sim.close();
        }
    });

    test("`npx pulumi-novita orphans --state stack.json` lists what the state does not manage", async () => {
        const sim = await startSimulator({ timeScale: 0.001 });
        try {
            const client = new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, timeScale: sim.timeScale });
            const create = (name: string) => client.createInstance({ name, productId: "4090.16c62g", clusterId: "as-sgp-2", gpuNum: 1, imageUrl: "nginx", kind: "gpu", rootfsSize: 60, billingMode: "onDemand" });
            const managed = (await create("trainer-1")).id;
            const orphan = (await create("lost-1")).id;
            const state = JSON.parse(fs.readFileSync(path.join(ROOT, "test", "command", "fixtures", "states", "replace.json"), "utf8"));
            const trainer = state.deployment.resources.find((r: { urn: string }) => r.urn.endsWith("::trainer"));
            trainer.id = trainer.outputs.instanceId = managed;
            fs.writeFileSync(path.join(project, "stack.json"), JSON.stringify(state));
            const r = await npx(["orphans", "--state", "stack.json", "--json"], { NOVITA_API_KEY: sim.apiKey, NOVITA_BASE_URL: sim.baseUrl });
            expect(r.stderr).toBe("");
            expect(r.code).toBe(0);
            expect(JSON.parse(r.stdout).instances.map((i: { id: string }) => i.id)).toEqual([orphan]);
        } finally {
            await sim.close();
        }
    });
});
