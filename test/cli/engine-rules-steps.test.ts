/**
 * Engine rules the offline engine follows, checked under the real Pulumi CLI with the same scenarios as the offline
 * tests named in each `describe` (docs/engine-fidelity.md lists the rules with their Pulumi source).
 */
import { CliStack, describeCli, type CliRun } from "./kit";

jest.setTimeout(600_000);

const project = (name: string, program: string) => ({
    files: {
        "Pulumi.yaml": `name: ${name}\nruntime: nodejs\n`,
        "package.json": JSON.stringify({ name, private: true, main: "index.js" }),
        "index.js": program,
    },
});
const output = (r: CliRun) => `${r.stdout}\n${r.stderr}`;

/**
 * A self-contained dynamic provider: every Read bumps the `reads` output, Diff compares only `value`, and throws
 * when FIXTURE_DIFF_FAILS=1 is in the CLI's (and so the plugin's) environment.
 */
const COUNTER = `const pulumi = require("@pulumi/pulumi");
const provider = {
    async create(inputs) { return { id: "counter-1", outs: { value: inputs.value, reads: 0 } }; },
    async read(id, props) { return { id, props: { value: props.value, reads: (props.reads || 0) + 1 } }; },
    async diff(id, olds, news) {
        if (process.env.FIXTURE_DIFF_FAILS === "1") throw new Error("diff refused by the fixture");
        return { changes: olds.value !== news.value };
    },
};
class Counter extends pulumi.dynamic.Resource {
    constructor(name, args) { super(provider, name, { reads: undefined, ...args }, undefined, "fixture", "Counter"); }
}
new Counter("c", { value: "v1" });
`;

const GPU_AND_AUTH = `const novita = require("pulumi-novita");
new novita.GpuInstance("gpu", { productId: "4090.16c62g", imageUrl: "nginx" });
new novita.GpuInstance("placed", { placement: { productName: "RTX 4090" }, imageUrl: "nginx" });
new novita.RegistryAuth("registry", { username: "ci", password: "registry-secret-1" });
`;

describeCli("refresh calls Diff after Read (offline: test/testing/refresh.test.ts, test/engine/lifecycle.test.ts)", () => {
    test("an output changed by Read is no change when Diff says so; a Diff that throws fails the refresh, keeping what Read returned", async () => {
        const s = await CliStack.start(project("refresh-diff", COUNTER));
        try {
            await s.up();
            await s.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
            expect((await s.exportState()).deployment.resources!.find((r) => r.urn.endsWith("::c"))!.outputs).toMatchObject({ reads: 1 });

            s.env.FIXTURE_DIFF_FAILS = "1";
            const failed = await s.run(["refresh", "--yes", "--skip-preview"]);
            expect(failed.code).not.toBe(0);
            expect(output(failed)).toContain("diff refused by the fixture");
            delete s.env.FIXTURE_DIFF_FAILS;
            // The state Read returned is kept all the same (rebuildBaseState), as offline.
            expect((await s.exportState()).deployment.resources!.find((r) => r.urn.endsWith("::c"))!.outputs).toMatchObject({ reads: 2 });
        } finally {
            await s.close();
        }
    });

    test("a resource deleted out of band: the refresh's events say op `refresh` before the Read and `delete` after it; it leaves state", async () => {
        const s = await CliStack.start(project("refresh-gone", GPU_AND_AUTH));
        try {
            await s.up();
            s.sim.outOfBand.delete((await s.resources()).gpu.id!);
            s.sim.advance(600);
            const r = await s.ok(["refresh", "--yes", "--skip-preview", "--json"]);
            // --json prints the engine events (sdk/go/common/apitype/events.go), one object a line.
            const events = r.stdout.split("\n").filter((l) => l.trim().startsWith("{")).map((l) => JSON.parse(l));
            const opsFor = (kind: string, name: string) =>
                events.filter((e) => e[kind]?.metadata.urn.endsWith(`::${name}`)).map((e) => e[kind].metadata.op);
            expect(opsFor("resourcePreEvent", "gpu")).toEqual(["refresh"]); // step.Op(): every refresh step
            expect(opsFor("resOutputsEvent", "gpu")).toEqual(["delete"]); // RefreshStep.ResultOp (engine/update.go)
            expect(opsFor("resourcePreEvent", "placed")).toEqual(["refresh"]);
            expect(opsFor("resOutputsEvent", "placed")).toEqual(["same"]);
            expect(events.find((e) => e.summaryEvent)?.summaryEvent.resourceChanges).toMatchObject({ delete: 1 });
            expect(Object.keys(await s.resources()).sort()).toEqual(["placed", "registry"]);
            await s.ok(["destroy", "--yes", "--skip-preview"]);
        } finally {
            await s.close();
        }
    });

    test("an unchanged GpuInstance (both forms) and RegistryAuth refresh as no change; an instance stopped in the console is one update", async () => {
        const s = await CliStack.start(project("refresh-novita", GPU_AND_AUTH));
        try {
            await s.up();
            await s.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
            const gpu = (await s.resources()).gpu;
            s.sim.outOfBand.stop(gpu.id!);
            s.sim.advance(600);
            const drift = await s.run(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
            expect(drift.code).not.toBe(0);
            expect(drift.stdout).toMatch(/~ 1 updated/);
            expect(drift.stdout).toMatch(/3 unchanged/);
            await s.ok(["destroy", "--yes", "--skip-preview"]);
        } finally {
            await s.close();
        }
    });
});
