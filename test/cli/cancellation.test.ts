/**
 * Ctrl-C during a create wait, under the REAL Pulumi CLI (issue #11, item 8): SIGINT sent to the `pulumi` process
 * while the simulator holds the instance in `pulling`.
 *
 * - Once: the CLI cancels (pkg/backend/cancellation_scope.go) but lets the in-flight create finish (step.go calls
 *   Create with context.TODO(); the dynamic-provider server's Cancel is a no-op, so the provider cannot know). The
 *   instance is recorded; the run ends "update canceled".
 * - Twice: the CLI terminates at once (exit code 8) and leaves `pending_operations` "creating". Closing the plugins
 *   sends SIGINT to the provider's process group (sdk/go/common/resource/plugin/plugin.go, the plugin's Kill), and
 *   the provider deletes the instance the stack can never record (src/provider/interrupt.ts). The README's
 *   recovery, `pulumi refresh --clear-pending-creates`, then `pulumi up`, leaves one instance.
 */
import { liveInstances } from "../../src/testing";
import { waitUntil } from "../simulator/helpers";
import { CliStack, describeCli, tsProject } from "./kit";

jest.setTimeout(600_000);

const URN_SUFFIX = "pulumi-nodejs:dynamic/novita:GpuInstance::trainer";
/** A long timeouts.create: the create ends when the test releases it, never by timing out. */
const project = tsProject(
    "cancel",
    `import * as novita from "pulumi-novita";

const gpu = new novita.GpuInstance("trainer", { productId: "4090.16c62g", imageUrl: "nginx", timeouts: { create: "1h" } });
export const status = gpu.status;
`,
);
const live = (s: CliStack) => liveInstances(s.sim);

/** Starts `pulumi up` and resolves once its create is waiting on an instance held in `pulling`. */
async function upHeldInPulling(s: CliStack) {
    s.sim.stickNextCreate();
    const up = s.start(["up", "--yes", "--skip-preview"]);
    await up.printed(/\[novita\] trainer-\w+ \(\w+\): pulling \(/);
    const [instance] = s.sim.instances();
    expect(instance!.status).toBe("pulling");
    return { up, instance: instance! };
}

describeCli("Ctrl-C during a create under the real Pulumi CLI", () => {
    test("once: the create runs to completion and is recorded; the run ends canceled", async () => {
        const s = await CliStack.start(project);
        try {
            const { up, instance } = await upHeldInPulling(s);
            up.child.kill("SIGINT");
            await up.printed(/\^C received; cancelling/);
            s.sim.release(instance.id); // the create still waits: it ends when the instance runs
            const r = await up.done;
            expect(r.code).toBe(1);
            expect(r.stdout).toContain("update canceled");
            const state = await s.exportState();
            expect(state.deployment.pending_operations ?? []).toEqual([]);
            const trainer = state.deployment.resources!.find((x) => x.urn.endsWith(URN_SUFFIX))!;
            expect(trainer.id).toBe(instance.id);
            expect(trainer.outputs?.status).toBe("running");
            await s.ok(["preview", "--expect-no-changes"]);
            await s.ok(["destroy", "--yes"]);
            expect(live(s)).toEqual([]);
        } finally {
            await s.close();
        }
    });

    test("twice: the CLI exits at once with a pending create; the provider deletes the unrecorded instance; refresh --clear-pending-creates and up recover", async () => {
        const s = await CliStack.start(project);
        try {
            const { up, instance } = await upHeldInPulling(s);
            up.child.kill("SIGINT");
            await up.printed(/\^C received; cancelling/);
            up.child.kill("SIGINT");
            const r = await up.done;
            expect(r.code).toBe(8);
            expect(r.stdout).toContain("^C received; terminating");
            expect(r.stdout).toContain(`[novita] ${instance.name} (${instance.id}): created, waiting for running`);

            const state = await s.exportState();
            expect(state.deployment.resources?.find((x) => x.urn.endsWith(URN_SUFFIX))).toBeUndefined();
            const pending = (state.deployment.pending_operations ?? []) as { type: string; resource: { urn: string; inputs?: { name?: string } } }[];
            expect(pending.map((p) => [p.type, p.resource.urn.endsWith(URN_SUFFIX), p.resource.inputs?.name])).toEqual([["creating", true, instance.name]]);

            // The provider got SIGINT from the CLI's plugin shutdown and deleted the instance it was creating.
            await waitUntil(`instance ${instance.id} deleted after the hard cancel`, () => !live(s).some((i) => i.id === instance.id));
            expect(live(s)).toEqual([]);

            await s.ok(["refresh", "--clear-pending-creates", "--yes"]);
            expect((await s.exportState()).deployment.pending_operations ?? []).toEqual([]);
            await s.up();
            expect(live(s).map((i) => i.status)).toEqual(["running"]);
            await s.ok(["destroy", "--yes"]);
            expect(live(s)).toEqual([]);
        } finally {
            await s.close();
        }
    });
});
