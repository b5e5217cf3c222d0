/**
 * A create that did not complete, under the REAL Pulumi CLI (issue #11, items 1 and 5).
 *
 * - `pulumi refresh` drops the init errors (step.go RefreshStep.Apply), yet the next `up` resumes the wait: the
 *   provider's diff reads the stored status, not the init errors.
 * - An instance that fails to start after that refresh is deleted by the next `up`, which says so; the `up` after
 *   it replaces the resource, deleting first.
 * - The CLI prints only the init error's reasons (provider_plugin.go parseError → InitError{Reasons}) and stores
 *   them in plain text: they carry the guidance, and no secret appears in the transcript (which the CLI masks only
 *   for config secrets) or in `pulumi stack export --show-secrets`'s reasons and statusError.
 */
import { liveInstances } from "../../src/testing";
import { CliStack, describeCli, opsOf, tsProject } from "./kit";

jest.setTimeout(600_000);

/** An env value given as a secret INPUT (not config): the CLI does not mask it, so nothing may print it. */
const TOKEN = "env-secret-cli-7f3a";
const project = tsProject(
    "partial-create",
    `import * as pulumi from "@pulumi/pulumi";
import * as novita from "pulumi-novita";

const gpu = new novita.GpuInstance("trainer", {
    productId: "4090.16c62g",
    imageUrl: "nginx",
    envs: { TOKEN: pulumi.secret("${TOKEN}") },
    timeouts: { create: new pulumi.Config().require("createTimeout") },
});
export const status = gpu.status;
`,
);
/**
 * The create timeout starts short (the create held in `pulling` times out; the ups that prove diff reads the stored
 * status keep the same inputs) and is raised before a fresh create, so that no wait depends on the machine's speed.
 */
const start = () => CliStack.start({ ...project, config: { createTimeout: "10m" } });
const RESUME = "The instance exists and is recorded in the stack: run `pulumi up` again to keep waiting, or `pulumi destroy` to delete it.";
const live = (s: CliStack) => liveInstances(s.sim);

/** `pulumi up` whose create is held in `pulling` past timeouts.create: fails, the instance recorded with its reasons. */
async function timedOutUp(s: CliStack) {
    s.sim.stickNextCreate();
    const up = await s.run(["up", "--yes", "--skip-preview"]);
    expect(up.code).not.toBe(0);
    // Only the reasons are printed: the guidance must be there.
    expect(up.stdout).toMatch(/still pulling after .* \(timeouts\.create "10m"\)\. The instance exists and is recorded in the stack/);
    expect(up.stdout).toContain(RESUME);
    const trainer = (await s.resources()).trainer!;
    expect(trainer.initErrors).toHaveLength(1);
    expect(trainer.initErrors![0]).toContain(RESUME);
    return trainer.id!;
}

describeCli("a partial create under the real Pulumi CLI", () => {
    test("create times out → refresh (init errors gone) → up resumes the wait and converges to running", async () => {
        const s = await start();
        try {
            const id = await timedOutUp(s);
            await s.ok(["refresh", "--yes"]);
            const refreshed = (await s.resources()).trainer!;
            expect(refreshed.initErrors ?? []).toEqual([]); // the real RefreshStep dropped them
            expect(refreshed.outputs).toMatchObject({ status: "pulling", pendingCreate: true });
            expect(opsOf(await s.previewJson()).trainer).toBe("update");

            s.sim.release(id);
            await s.up();
            const done = (await s.resources()).trainer!;
            expect(done.id).toBe(id);
            expect(done.outputs?.status).toBe("running");
            expect(live(s).map((i) => [i.id, i.status])).toEqual([[id, "running"]]);
            await s.ok(["preview", "--expect-no-changes"]);

            await s.ok(["destroy", "--yes"]);
            expect(live(s)).toEqual([]);
            for (const secret of [s.sim.apiKey, TOKEN]) expect(s.printed()).not.toContain(secret);
        } finally {
            await s.close();
        }
    });

    test("create times out → refresh → it fails to start → up deletes it and says so → up replaces it (delete first)", async () => {
        const s = await start();
        try {
            // Novita's failure text quoting what the instance was given: it must be scrubbed wherever it goes.
            s.sim.failNextCreate({ message: `container exited: TOKEN=${TOKEN} refused by key ${s.sim.apiKey}` });
            const id = await timedOutUp(s);
            await s.ok(["refresh", "--yes"]);
            expect((await s.resources()).trainer!.initErrors ?? []).toEqual([]);
            s.sim.release(id); // the pull now ends in a statusError

            const failed = await s.run(["up", "--yes", "--skip-preview"]);
            expect(failed.code).not.toBe(0);
            expect(failed.stdout).toContain(
                "the instance was deleted so that it does not keep costing money. Run `pulumi up` again to create a new one, or `pulumi destroy` to remove it from the stack.",
            );
            expect(live(s)).toEqual([]); // nothing left billing
            const state = await s.exportState(true); // reasons and statusError as stored, in plain text
            const trainer = state.deployment.resources!.find((r) => r.urn.endsWith("::trainer"))!;
            expect(trainer.id).toBe(id);
            expect(trainer.outputs).toMatchObject({ status: "removed", pendingCreate: true });
            expect(trainer.initErrors![0]).toContain("container exited: TOKEN=[REDACTED] refused by key [REDACTED]");
            for (const secret of [s.sim.apiKey, TOKEN]) {
                expect(trainer.initErrors!.join("\n")).not.toContain(secret);
                expect(JSON.stringify(trainer.outputs!.statusError)).not.toContain(secret);
            }

            await s.setConfig("createTimeout", "15m"); // the replacement is a fresh create
            const preview = await s.previewJson();
            const step = preview.steps.find((x) => x.urn.endsWith("::trainer"))!;
            expect(step.op).toBe("replace");
            expect(step.replaceReasons).toEqual(["statusError"]);
            const replaced = await s.up();
            // Delete-before-replace: the failed (already removed) instance's delete runs before the create.
            expect(replaced.stdout.indexOf("deleted original")).toBeGreaterThan(-1);
            expect(replaced.stdout.indexOf("deleted original")).toBeLessThan(replaced.stdout.indexOf("created replacement"));
            const fresh = (await s.resources()).trainer!;
            expect(fresh.id).not.toBe(id);
            expect(live(s).map((i) => [i.id, i.status])).toEqual([[fresh.id, "running"]]);
            await s.ok(["preview", "--expect-no-changes"]);

            await s.ok(["destroy", "--yes"]);
            expect(live(s)).toEqual([]);
            for (const secret of [s.sim.apiKey, TOKEN]) expect(s.printed()).not.toContain(secret);
        } finally {
            await s.close();
        }
    });
});
