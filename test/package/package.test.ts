/**
 * The published package: `npm pack`, install the tarball into an empty project with `npm install --offline`
 * (from the npm cache that `npm ci` filled; no registry access), type-check and compile an example there
 * against the installed typings, and run it through the installed offline engine against the simulator — with
 * `linkPackages: {}` and the project as the provider's cwd, so `require("pulumi-novita/provider")` in each
 * resource's `__provider` must resolve from the installed copy, as under the real Pulumi CLI.
 * Needs dist/ (npm test builds first); packs with --ignore-scripts so the shared dist/ is not rebuilt mid-run.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
/** npm's own CLI script: the one running `npm test`, else the one installed next to node. */
const NPM_CLI = [process.env.npm_execpath, path.join(path.dirname(process.execPath), "..", "lib", "node_modules", "npm", "bin", "npm-cli.js")]
    .find((p): p is string => !!p && /npm-cli\.js$/.test(p) && fs.existsSync(p));
const version = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version as string;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

function npm(args: string[], cwd: string): string {
    if (!NPM_CLI) throw new Error("npm's npm-cli.js was not found (run the tests through `npm test`)");
    const r = spawnSync(process.execPath, [NPM_CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
    if (r.status !== 0) throw new Error(`npm ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
    return r.stdout;
}

let tmp: string;
let files: string[];
let project: string;

beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-novita-pack-"));
    const [packed] = JSON.parse(npm(["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], ROOT));
    files = packed.files.map((f: { path: string }) => f.path).sort();
    project = path.join(tmp, "project");
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "user-project", version: "1.0.0", private: true }));
    const sdk = version(path.join(ROOT, "node_modules", "@pulumi", "pulumi"));
    const typesNode = version(path.join(ROOT, "node_modules", "@types", "node"));
    npm(["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", path.join(tmp, packed.filename), `@pulumi/pulumi@${sdk}`, `@types/node@${typesNode}`], project);
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
    });
});

describe("installed into an empty project (npm install --offline)", () => {
    test("the project gets a real copy (not a link to this repository) with its dependencies", () => {
        const installed = path.join(project, "node_modules", "pulumi-novita");
        expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
        expect(version(installed)).toBe(pkg.version);
        for (const dep of Object.keys(pkg.dependencies)) expect(fs.existsSync(path.join(project, "node_modules", dep, "package.json"))).toBe(true);
        expect(fs.existsSync(path.join(installed, "src"))).toBe(false);
    });

    test("a program type-checks against the installed typings with the stock `pulumi new typescript` tsconfig", () => {
        // No esModuleInterop, no skipLibCheck: what a new Pulumi TypeScript project has.
        const dir = fs.mkdtempSync(path.join(project, "stock-"));
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({
            compilerOptions: {
                strict: true, outDir: "bin", target: "es2020", module: "commonjs", moduleResolution: "node", sourceMap: true,
                experimentalDecorators: true, pretty: true, noFallthroughCasesInSwitch: true, noImplicitReturns: true,
                forceConsistentCasingInFileNames: true,
            },
            files: ["index.ts"],
        }));
        fs.copyFileSync(path.join(ROOT, "examples", "spot-fallback", "index.ts"), path.join(dir, "index.ts"));
        const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
        const compiled = spawnSync(process.execPath, [tsc, "-p", path.join(dir, "tsconfig.json"), "--noEmit"], { cwd: dir, encoding: "utf8" });
        expect(`${compiled.stdout}${compiled.stderr}`).toBe("");
        expect(compiled.status).toBe(0);
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

        // __provider of each registered resource: the one-line module, ≤ 1 KB, in inputs and outputs.
        for (const [kind, text] of [["GpuInstance", "gpuInstance"], ["RegistryAuth", "registryAuth"]]) {
            const p = result.providers[kind!];
            expect(p.inputs).toBe(`exports.handler = () => require("pulumi-novita/provider").${text};\n`);
            expect(p.outputs).toBe(p.inputs);
            expect(Buffer.byteLength(p.inputs)).toBeLessThanOrEqual(1024);
        }
    }, 180_000);
});
