/**
 * The layouts users install pulumi-novita in, each from the packed tarball (./kit.ts), each run two ways: through
 * the installed copy's offline engine with its defaults, from the program's directory, as `npm test` there would
 * (the provider starts there, nothing linked, nothing on NODE_PATH), and under the real Pulumi CLI, `pulumi up` in
 * the directory of `Pulumi.yaml` (the CLI starts the provider in that directory, or in its `main:` directory:
 * pkg/engine/project.go getPwdMain). Each resource's `__provider` then has to `require("pulumi-novita/provider")`
 * from there, and the plugin script has to find `@pulumi/pulumi/cmd/dynamic-provider` there.
 *
 * - npm, flat: `npm install` in the project.
 * - `main: infra/`: Pulumi.yaml at the root, package.json, node_modules and the program in infra/.
 * - npm workspaces, and yarn (classic, 1.x) workspaces: the project is the workspace infra/, its packages hoisted
 *   to the root's node_modules.
 * - pnpm (the real one, a devDependency): node_modules/pulumi-novita is a symlink into node_modules/.pnpm/.
 * - pulumi-novita only as a dependency of another package (acme-infra), under pnpm: it is not resolvable from the
 *   project, so both fail, with the shim's advice to add it as a direct dependency. (npm would hoist it to the
 *   project's node_modules, where it works by accident; pnpm, or npm nesting it on a version conflict, does not.)
 */
import { execFile, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NOT_INSTALLED_ADVICE } from "../../src/resources/shims";
import { startSimulator } from "../../src/simulator";
import { liveInstances } from "../../src/testing";
import { CliStack, describeCli } from "../cli/kit";
import { installedVersion, npm, npmInstall, pack, ROOT } from "./kit";

jest.setTimeout(300_000);

const SDK = `@pulumi/pulumi@${installedVersion("@pulumi/pulumi")}`;
const GPU_ARGS = `{ productId: "4090.16c62g", clusterId: "as-sgp-2", imageUrl: "nginx:1.27" }`;
const PROGRAM = `"use strict";\nconst novita = require("pulumi-novita");\nexports.instanceId = new novita.GpuInstance("gpu", ${GPU_ARGS}).id;\n`;
/** acme-infra, a company package that creates the instance and depends on pulumi-novita itself. */
const ACME = `"use strict";\nconst novita = require("pulumi-novita");\nexports.gpu = (name) => new novita.GpuInstance(name, ${GPU_ARGS});\n`;
const VIA_ACME = `"use strict";\nexports.instanceId = require("acme-infra").gpu("gpu").id;\n`;

interface Layout {
    /** The directory of `Pulumi.yaml`, where `pulumi up` runs. */
    project: string;
    /** The program's directory (Pulumi.yaml's `main:`, with the package.json): where the provider starts. */
    program: string;
    /** Where the offline run loads `pulumi-novita/testing` from, when the program's directory cannot. */
    testingFrom?: string;
}

let tmp: string;
const layouts: Record<string, Layout> = {};

function write(dir: string, files: Record<string, string | object>): void {
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, body] of Object.entries(files)) {
        fs.writeFileSync(path.join(dir, name), typeof body === "string" ? body : JSON.stringify(body, null, 2));
    }
}
const pulumiYaml = (name: string, main?: string) => `name: ${name}\nruntime: nodejs\n${main ? `main: ${main}\n` : ""}`;
const pkgJson = (name: string, more: object = {}) => ({ name, version: "1.0.0", private: true, main: "index.js", ...more });

/** yarn classic (a devDependency), against the registry npm uses. */
function yarn(args: string[], cwd: string): void {
    const bin = path.join(ROOT, "node_modules", "yarn", "bin", "yarn.js");
    const registry = npm(["config", "get", "registry"], ROOT).trim();
    const r = spawnSync(process.execPath, [bin, ...args, "--non-interactive", "--ignore-scripts", "--registry", registry], { cwd, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`yarn ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

function pnpm(args: string[], cwd: string): void {
    const bin = path.join(ROOT, "node_modules", "pnpm", "bin", "pnpm.cjs"); // a devDependency (its exports map hides the bin)
    const r = spawnSync(process.execPath, [bin, ...args, "--prefer-offline"], { cwd, encoding: "utf8", env: { ...process.env, CI: "true" } });
    if (r.status !== 0) throw new Error(`pnpm ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

beforeAll(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-novita-layouts-")));
    const { tarball } = pack(tmp);

    const flat = path.join(tmp, "flat");
    write(flat, { "Pulumi.yaml": pulumiYaml("flat"), "package.json": pkgJson("flat"), "index.js": PROGRAM });
    npmInstall(flat, [tarball, SDK]);
    layouts.flat = { project: flat, program: flat };

    const main = path.join(tmp, "main-infra");
    write(main, { "Pulumi.yaml": pulumiYaml("main-infra", "infra/") });
    write(path.join(main, "infra"), { "package.json": pkgJson("infra"), "index.js": PROGRAM });
    npmInstall(path.join(main, "infra"), [tarball, SDK]);
    layouts.mainInfra = { project: main, program: path.join(main, "infra") };

    const mono = path.join(tmp, "workspaces");
    const sdkVersion = installedVersion("@pulumi/pulumi");
    write(mono, { "package.json": { name: "mono", private: true, workspaces: ["infra"] } });
    write(path.join(mono, "infra"), {
        "Pulumi.yaml": pulumiYaml("workspaces"),
        "package.json": pkgJson("infra", { dependencies: { "pulumi-novita": `file:${tarball}`, "@pulumi/pulumi": sdkVersion } }),
        "index.js": PROGRAM,
    });
    npmInstall(mono);
    layouts.workspaces = { project: path.join(mono, "infra"), program: path.join(mono, "infra") };

    const yarnMono = path.join(tmp, "yarn-workspaces");
    write(yarnMono, { "package.json": { name: "mono", private: true, workspaces: ["infra"] } });
    write(path.join(yarnMono, "infra"), {
        "Pulumi.yaml": pulumiYaml("yarn-workspaces"),
        "package.json": pkgJson("infra", { dependencies: { "pulumi-novita": `file:${tarball}`, "@pulumi/pulumi": sdkVersion } }),
        "index.js": PROGRAM,
    });
    yarn(["install"], yarnMono);
    layouts.yarnWorkspaces = { project: path.join(yarnMono, "infra"), program: path.join(yarnMono, "infra") };

    const pn = path.join(tmp, "pnpm");
    write(pn, { "Pulumi.yaml": pulumiYaml("pnpm"), "package.json": pkgJson("pnpm"), "index.js": PROGRAM });
    pnpm(["add", tarball, SDK], pn);
    layouts.pnpm = { project: pn, program: pn };

    const acme = path.join(tmp, "acme-infra");
    write(acme, {
        "package.json": {
            name: "acme-infra", version: "1.0.0", main: "index.js",
            dependencies: { "pulumi-novita": `file:${tarball}` }, peerDependencies: { "@pulumi/pulumi": "^3.216.0" },
        },
        "index.js": ACME,
    });
    const [acmePacked] = JSON.parse(npm(["pack", "--json", "--pack-destination", tmp], acme));
    const transitive = path.join(tmp, "transitive");
    write(transitive, { "Pulumi.yaml": pulumiYaml("transitive"), "package.json": pkgJson("transitive"), "index.js": VIA_ACME });
    pnpm(["add", path.join(tmp, acmePacked.filename), SDK], transitive);
    const acmeInstalled = fs.realpathSync(path.join(transitive, "node_modules", "acme-infra"));
    layouts.transitive = { project: transitive, program: transitive, testingFrom: acmeInstalled };
}, 300_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const WORKING = ["flat", "mainInfra", "workspaces", "yarnWorkspaces", "pnpm"] as const;

describe("the layouts, as installed", () => {
    test("npm flat and main: infra/ have pulumi-novita in the program's node_modules, and nothing above", () => {
        for (const l of [layouts.flat!, layouts.mainInfra!]) {
            expect(fs.lstatSync(path.join(l.program, "node_modules", "pulumi-novita")).isDirectory()).toBe(true);
        }
        expect(fs.existsSync(path.join(layouts.mainInfra!.project, "node_modules"))).toBe(false);
    });

    test.each([["npm", "workspaces"], ["yarn", "yarnWorkspaces"]])("%s workspaces hoist pulumi-novita and the SDK to the root, none in the workspace", (_, name) => {
        const root = path.dirname(layouts[name]!.project);
        expect(fs.existsSync(path.join(root, "node_modules", "pulumi-novita", "package.json"))).toBe(true);
        expect(fs.existsSync(path.join(root, "node_modules", "@pulumi", "pulumi", "package.json"))).toBe(true);
        expect(fs.existsSync(path.join(layouts[name]!.project, "node_modules", "pulumi-novita"))).toBe(false);
    });

    test("pnpm links pulumi-novita and the SDK into node_modules/.pnpm; the transitive project has only acme-infra", () => {
        for (const name of ["pulumi-novita", "@pulumi/pulumi"]) {
            const link = path.join(layouts.pnpm!.program, "node_modules", name);
            expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
            expect(fs.realpathSync(link)).toContain(`${path.sep}node_modules${path.sep}.pnpm${path.sep}`);
        }
        const t = layouts.transitive!;
        expect(fs.readdirSync(path.join(t.program, "node_modules")).filter((n) => !n.startsWith(".")).sort()).toEqual(["@pulumi", "acme-infra"]);
        expect(fs.existsSync(path.join(path.dirname(t.testingFrom!), "pulumi-novita", "package.json"))).toBe(true); // beside acme-infra
    });
});

/**
 * The offline run of a layout: run-layout.js copied into the program's directory (from here, inside this
 * repository, `require("pulumi-novita/…")` would resolve to this package itself) and run there, nothing on NODE_PATH.
 */
function runOffline(l: Layout): Record<string, unknown> {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_PATH;
    fs.copyFileSync(path.join(__dirname, "fixtures", "run-layout.js"), path.join(l.program, "run-layout.js"));
    const args = ["run-layout.js", ...(l.testingFrom ? [l.testingFrom] : [])];
    const r = spawnSync(process.execPath, args, { cwd: l.program, encoding: "utf8", env, timeout: 240_000 });
    if (r.status !== 0) throw new Error(`run-layout.js failed in ${l.program}:\n${r.stderr}`);
    return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

const advice = (l: Layout) => `pulumi-novita cannot be found from ${l.program}, where Pulumi runs this resource's dynamic provider: ${NOT_INSTALLED_ADVICE}`;

describe("the offline engine with its defaults, run from the program's directory", () => {
    test.each(WORKING)("%s: create, running, destroy, nothing left, all from the installed copy", (name) => {
        const l = layouts[name]!;
        const report = runOffline(l);
        expect(report).toMatchObject({ plan: { gpu: "create" }, status: "running", destroyed: { gpu: "delete" }, orphans: [] });
        expect(report.testing as string).toMatch(new RegExp(`^${tmp.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/`));
    });

    test("pulumi-novita only as a dependency of acme-infra: fails before any create, saying to add it as a direct dependency", () => {
        const report = runOffline(layouts.transitive!);
        expect(report.error).toContain(advice(layouts.transitive!));
        expect(report.liveAfterUp).toBe(0);
    });
});

describeCli("the real Pulumi CLI, `pulumi up` in the directory of Pulumi.yaml", () => {
    test.each(WORKING)("%s: up creates a running instance, destroy removes it", async (name) => {
        const s = await CliStack.start({ at: layouts[name]!.project, stack: name });
        try {
            await s.up();
            expect(s.sim.instances().map((i) => i.status)).toEqual(["running"]);
            expect(Object.keys(await s.resources())).toEqual(["gpu"]);
            await s.ok(["destroy", "--yes", "--skip-preview"]);
            expect(liveInstances(s.sim)).toEqual([]);
        } finally {
            await s.close();
        }
    });

    test("pulumi-novita only as a dependency of acme-infra: up fails before any create, saying to add it as a direct dependency", async () => {
        const s = await CliStack.start({ at: layouts.transitive!.project, stack: "transitive" });
        try {
            const r = await s.run(["up", "--yes", "--skip-preview"]);
            expect(r.code).not.toBe(0);
            expect(r.stdout.replace(/\s+/g, " ")).toContain(advice(layouts.transitive!));
            expect(s.sim.instances()).toEqual([]);
        } finally {
            await s.close();
        }
    });
});

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cliEnv: { BIN_DIR: string; cliEnv(dir: string, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv } = require("../../scripts/pulumi-cli-env");

describeCli("the Automation API (an inline program, the real CLI) in the npm flat project", () => {
    /**
     * The flat project's run-automation.js (copied there) run with `cwd` against a fresh simulator. The CLI starts
     * the provider in the project's `main`: for an inline program without project settings, the automation
     * process's working directory.
     */
    async function automation(mode: "workDir" | "default", cwd: string) {
        const l = layouts.flat!;
        const script = path.join(l.project, "run-automation.js");
        fs.copyFileSync(path.join(__dirname, "fixtures", "run-automation.js"), script);
        const sim = await startSimulator({ timeScale: 0.01 });
        const state = fs.mkdtempSync(path.join(tmp, "automation-state-"));
        try {
            const env = cliEnv.cliEnv(state, { PULUMI_NOVITA_CLI_ROOT: path.dirname(cliEnv.BIN_DIR) });
            // Not spawnSync: the simulator serves from this process.
            const stdout = await new Promise<string>((resolve, reject) =>
                execFile(process.execPath, [script, mode, sim.baseUrl, sim.apiKey], { cwd, env }, (err, out, stderr) =>
                    err ? reject(new Error(`run-automation.js ${mode} failed: ${err.message}\n${stderr}`)) : resolve(out),
                ),
            );
            const live = liveInstances(sim).length;
            const report = JSON.parse(stdout.trim().split("\n").pop()!) as { workDir: string; created?: object; destroyed?: object; error?: string };
            return { ...report, live };
        } finally {
            await sim.close();
        }
    }

    test("workDir = the project: up creates the instance, destroy removes it", async () => {
        const r = await automation("workDir", layouts.flat!.project);
        expect(r).toMatchObject({ workDir: layouts.flat!.project, created: { create: 2 }, destroyed: { delete: 2 }, live: 0 });
    });

    test("no options, run from the project: a temp workDir, but main is the project, so it works", async () => {
        const r = await automation("default", layouts.flat!.project);
        expect(r.workDir).not.toBe(layouts.flat!.project);
        expect(r).toMatchObject({ created: { create: 2 }, destroyed: { delete: 2 }, live: 0 });
    });

    test("no options, run from a directory without node_modules: the provider plugin cannot start, nothing is created", async () => {
        const r = await automation("default", tmp);
        expect(r.error).toContain("could not read plugin");
        expect(r.error).toContain("Cannot find module '@pulumi/pulumi/cmd/dynamic-provider'");
        expect(r.live).toBe(0);
    });
});
