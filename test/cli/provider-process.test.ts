/**
 * How the real CLI runs the dynamic provider, side by side with the offline engine: the working directory, the
 * SDK it starts, its environment; and what an `up` does to a stack whose state holds an older `__provider` text.
 */
import * as fs from "fs";
import * as path from "path";
import { providerText } from "../../src/resources/shims";
import { liveInstances, OfflineEngine } from "../../src/testing";
import { PluginProbe, type ProbeReport } from "../testing/fixtures/plugin-probe";
import { CliStack, describeCli, ROOT } from "./kit";

jest.setTimeout(300_000);

const TSCONFIG = fs.readFileSync(path.join(ROOT, "examples", "quickstart", "tsconfig.json"), "utf8");

/** The `PULUMI_*` variables of a report that the launching environment did not have: what the engine set. */
function engineSet(report: ProbeReport, launching: NodeJS.ProcessEnv): Record<string, string> {
    return Object.fromEntries(Object.entries(report.pulumiEnv).filter(([k]) => !(k in launching)));
}

describeCli("the dynamic provider process, under the real CLI and the offline engine", () => {
    test("same working directory, the project's own SDK, the same engine-set environment but the CLI's log endpoint", async () => {
        const config = { "pulumi-nodejs:id": "abc", "app:color": "blue" };
        const s = await CliStack.start({
            files: {
                "Pulumi.yaml": "name: probe\nruntime: nodejs\n",
                "package.json": JSON.stringify({ name: "probe", private: true, main: "index.ts" }),
                "tsconfig.json": TSCONFIG,
                "index.ts": 'import { PluginProbe } from "./plugin-probe";\nexport const report = new PluginProbe("probe").report;\n',
                "plugin-probe.ts": fs.readFileSync(path.join(ROOT, "test", "testing", "fixtures", "plugin-probe.ts"), "utf8"),
            },
            config,
        });
        try {
            await s.up();
            const cli = JSON.parse((await s.resources()).probe!.outputs!.report as string) as ProbeReport;
            const project = fs.realpathSync(s.dir);
            const sdkEntry = fs.realpathSync(require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [s.dir] }));
            expect(cli.cwd).toBe(project);
            expect(cli.argv[0]).toBe(sdkEntry);
            expect(cli.argv[1]).toMatch(/^127\.0\.0\.1:\d+$/); // the engine's address
            expect(cli.nodePath).toBe("");
            const cliSet = engineSet(cli, s.env);
            expect(cliSet).toMatchObject({ PULUMI_NODEJS_PROJECT: "probe", PULUMI_PROJECT: "probe", PULUMI_CONFIG: '{"id":"abc"}' });

            // The offline engine, started in the same project with the same config and, like the CLI, no NODE_PATH.
            const engine = new OfflineEngine({
                project: "probe",
                stack: "dev",
                config: { ...config, "novita:apiKey": { value: s.sim.apiKey, secret: true } },
                providerCwd: s.dir,
                env: { NODE_PATH: "" },
            });
            try {
                const up = await engine.up(() => ({ report: new PluginProbe("probe").report }));
                const offline = JSON.parse(up.outputs.report as string) as ProbeReport;
                expect(offline.cwd).toBe(cli.cwd);
                expect(offline.argv[0]).toBe(cli.argv[0]);
                const { PULUMI_LOG_OTLP_ENDPOINT: _cliLogEndpoint, ...cliComparable } = cliSet;
                expect(engineSet(offline, process.env)).toEqual(cliComparable);
            } finally {
                await engine.close();
            }
        } finally {
            await s.close();
        }
    });

    test("an up over state holding the first release's __provider text is a same step; refresh and destroy run the stored text", async () => {
        const s = await CliStack.start({
            files: {
                "Pulumi.yaml": "name: shim-compat\nruntime: nodejs\n",
                "package.json": JSON.stringify({ name: "shim-compat", private: true, main: "index.js" }),
                "index.js":
                    'const novita = require("pulumi-novita");\n' +
                    'exports.id = new novita.GpuInstance("gpu", { productId: "4090.16c62g", clusterId: "as-sgp-2", imageUrl: "nginx:1.27" }).id;\n',
            },
        });
        try {
            await s.up();
            const first = 'exports.handler = () => require("pulumi-novita/provider").gpuInstance;\n';
            const state = await s.exportState();
            for (const r of state.deployment.resources ?? []) {
                if (r.type !== "pulumi-nodejs:dynamic/novita:GpuInstance") continue;
                expect(r.inputs!.__provider).toBe(providerText("gpuInstance"));
                r.inputs!.__provider = first;
                r.outputs!.__provider = first;
            }
            const file = path.join(s.tmp, "state.json");
            fs.writeFileSync(file, JSON.stringify(state));
            await s.ok(["stack", "import", "--file", file]);

            await s.ok(["preview", "--expect-no-changes"]);
            await s.up();
            const after = (await s.resources()).gpu!;
            expect(after.inputs!.__provider).toBe(providerText("gpuInstance"));
            expect(after.outputs!.__provider).toBe(first); // a same step keeps the old outputs
            await s.ok(["refresh", "--yes", "--skip-preview"]);
            await s.ok(["destroy", "--yes", "--skip-preview"]);
            expect(liveInstances(s.sim)).toEqual([]);
        } finally {
            await s.close();
        }
    });
});
