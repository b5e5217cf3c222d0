/**
 * Where the provider process starts and what it resolves there. As with the CLI's `pulumi-resource-pulumi-nodejs`,
 * `@pulumi/pulumi` and everything provider code requires come from what is installed where the provider starts
 * (`providerCwd`). Only `linkPackages`, when a test asks for it, adds more. Every test here clears the NODE_PATH
 * that test/setup/link-own-package.js gives this repository's tests.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PACKAGE_ROOT } from "../../src/testing";
import { pulumiDir } from "../../src/testing/sdk";
import { Greeting, OwnPackage } from "./fixtures/linked-provider";
import { PluginProbe, type ProbeReport } from "./fixtures/plugin-probe";
import { startStack, type TestStack } from "./fixtures/setup";

const NO_NODE_PATH = { NODE_PATH: "" };

let s: TestStack | undefined;
const dirs: string[] = [];
afterEach(async () => {
    await s?.dispose();
    s = undefined;
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A temp project whose node_modules holds `packages` (name → directory, symlinked), and nothing else. */
function project(packages: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "module-links-"));
    dirs.push(dir);
    for (const [name, target] of Object.entries(packages)) {
        fs.mkdirSync(path.dirname(path.join(dir, "node_modules", name)), { recursive: true });
        fs.symlinkSync(target, path.join(dir, "node_modules", name), "dir");
    }
    return dir;
}
const withSdk = (more: Record<string, string> = {}) => project({ "@pulumi/pulumi": pulumiDir, ...more });

test("by default nothing is linked: a package not installed where the provider starts does not resolve", async () => {
    s = await startStack({ providerCwd: withSdk(), env: NO_NODE_PATH });
    const err = await s.engine.up(() => void new OwnPackage("own")).catch((e) => e);
    expect(err.message).toContain("Cannot find module 'pulumi-novita/package.json'");
});

test("a package installed in the provider's project resolves, with nothing on NODE_PATH", async () => {
    const cwd = withSdk({ "pulumi-novita": PACKAGE_ROOT });
    s = await startStack({ providerCwd: cwd, env: NO_NODE_PATH });
    const up = await s.engine.up(() => ({ resolved: new OwnPackage("own").resolved }));
    expect(up.outputs).toEqual({ resolved: "pulumi-novita" });
});

test("linkPackages makes other packages resolvable, and only those", async () => {
    const greeterDir = path.join(__dirname, "fixtures", "offline-greeter");
    s = await startStack({ providerCwd: withSdk(), env: NO_NODE_PATH, linkPackages: { "offline-greeter": greeterDir } });
    const up = await s.engine.up(() => ({ resolved: new Greeting("g", "world").resolved }));
    expect(up.outputs).toEqual({ resolved: "hello world" });
    await s.dispose();

    s = await startStack({ providerCwd: withSdk(), env: NO_NODE_PATH, linkPackages: {} });
    const err = await s.engine.up(() => void new Greeting("g", "world")).catch((e) => e);
    expect(err.message).toContain("Cannot find module 'offline-greeter'");
});

test("the SDK is resolved from the provider's cwd, as the plugin script does: none there, the plugin exits without a port", async () => {
    s = await startStack({ providerCwd: project({}), env: NO_NODE_PATH });
    const err = await s.engine.up(() => void new OwnPackage("own")).catch((e) => e);
    expect(err.message).toContain("dynamic provider process exited (code 0)");
    expect(err.message).toContain("Cannot find module '@pulumi/pulumi/cmd/dynamic-provider'");
});

test("the SDK is the project's own copy: its cmd/dynamic-provider runs, not the one the engine loaded", async () => {
    // A project SDK whose dynamic-provider script announces itself, then runs the real one.
    const sdk = fs.mkdtempSync(path.join(os.tmpdir(), "module-links-sdk-"));
    dirs.push(sdk);
    fs.writeFileSync(path.join(sdk, "package.json"), JSON.stringify({ name: "@pulumi/pulumi", version: "0.0.0-project" }));
    fs.mkdirSync(path.join(sdk, "cmd", "dynamic-provider"), { recursive: true });
    const real = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [pulumiDir] });
    fs.writeFileSync(
        path.join(sdk, "cmd", "dynamic-provider", "index.js"),
        `console.error("project SDK: " + process.argv[1]);\nrequire(${JSON.stringify(real)});\n`,
    );
    const cwd = project({ "@pulumi/pulumi": sdk });
    s = await startStack({ providerCwd: cwd, env: NO_NODE_PATH });
    const up = await s.engine.up(() => ({ report: new PluginProbe("probe").report }));
    const report = JSON.parse(up.outputs.report as string) as ProbeReport;
    const announced = up.diagnostics.filter((d) => d.source === "provider" && d.message.startsWith("project SDK: "));
    expect(announced.map((d) => d.message)).toEqual([`project SDK: ${fs.realpathSync(path.join(sdk, "cmd", "dynamic-provider", "index.js"))}`]);
    expect(report.argv).toEqual([fs.realpathSync(path.join(sdk, "cmd", "dynamic-provider", "index.js")), "127.0.0.1:1"]);
});

test("the provider's environment is the CLI's: project and pulumi-nodejs config only, no stack, nothing on NODE_PATH", async () => {
    const cwd = withSdk();
    s = await startStack({
        providerCwd: cwd,
        env: NO_NODE_PATH,
        config: { "pulumi-nodejs:id": "abc", "app:color": "blue", "novita:apiKey": { value: "sk_not_in_env", secret: true } },
    });
    const up = await s.engine.up(() => ({ report: new PluginProbe("probe").report }));
    const report = JSON.parse(up.outputs.report as string) as ProbeReport;
    expect(report.cwd).toBe(fs.realpathSync(cwd));
    expect(report.nodePath).toBe("");
    const engineSet = Object.fromEntries(Object.entries(report.pulumiEnv).filter(([k]) => !(k in process.env)));
    expect(engineSet).toEqual({ PULUMI_NODEJS_PROJECT: "demo", PULUMI_PROJECT: "demo", PULUMI_CONFIG: '{"id":"abc"}' });
    expect(Object.keys(report.pulumiEnv)).not.toContain("PULUMI_STACK");
    expect(Object.keys(report.pulumiEnv)).not.toContain("PULUMI_NODEJS_STACK");
    expect(JSON.stringify(report)).not.toContain("sk_not_in_env");
});
