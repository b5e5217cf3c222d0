/**
 * A create that did not complete, through the offline engine and Pulumi's real dynamic-provider server (issue #11).
 *
 * The real engine drops a resource's init errors on refresh (step.go RefreshStep.Apply sets them to what Read
 * returned; a Node dynamic provider cannot return a partial Read), so the provider must not depend on them: diff
 * finds an unfinished create from the stored outputs, update resumes it, and an instance that fails to start is
 * deleted and then replaced. The CLI shows only an init error's reasons and keeps them in state in plain text, so
 * the reasons carry the guidance and no secret.
 */
import * as pulumi from "@pulumi/pulumi";
import * as novita from "../../src";
import { NovitaClient } from "../../src/api/client";
import { DeploymentError, liveInstances, OfflineEngine } from "../../src/testing";
import { GPU, simStatus, startNovitaStack, TIME_SCALE, type NovitaStack } from "./harness";

let s: NovitaStack;
beforeEach(async () => (s = await startNovitaStack()));
afterEach(() => s.dispose());

const TOKEN = "env-secret-partial-1";
/**
 * The stack. `STUCK` is the short create timeout of the up whose create is held in `pulling`; the tests that prove
 * diff reads the stored status keep it (same inputs), and a fresh create gets the default, so that no wait depends
 * on how fast the machine is.
 */
const STUCK = "10m";
const program = (create = "15m") => () => {
    const gpu = new novita.GpuInstance("trainer", {
        productId: "4090.16c62g", imageUrl: "nginx", envs: { TOKEN: pulumi.secret(TOKEN) }, timeouts: { create },
    });
    return { status: gpu.status };
};
const stuck = program(STUCK);
const step = (r: { steps: { name: string; op: string }[] }) => r.steps.find((x) => x.name === "trainer")!;
const failure = (p: Promise<unknown>): Promise<DeploymentError> =>
    p.then(
        () => { throw new Error("expected the operation to fail"); },
        (e) => { expect(e).toBeInstanceOf(DeploymentError); return e as DeploymentError; },
    );
/** Instances on Novita that hold resources (anything not being or already removed). */
const live = () => liveInstances(s.sim);

/** up with a create held in `pulling` past timeouts.create: the instance is recorded with init errors. */
async function timedOutCreate(opts: { failsLater?: string } = {}) {
    if (opts.failsLater) s.sim.failNextCreate({ message: opts.failsLater });
    s.sim.stickNextCreate();
    const err = await failure(s.engine.up(stuck));
    expect(err.message).toMatch(/still pulling after .*waiting for running/);
    const recorded = s.byName("trainer");
    expect(recorded.initErrors).toHaveLength(1);
    return recorded;
}

test("the init error's reasons (what the CLI shows and stores) carry the guidance", async () => {
    const recorded = await timedOutCreate();
    // engine.state holds the reasons exactly as the provider sent them (ErrorResourceInitFailed.reasons), unmasked.
    expect(recorded.initErrors![0]).toMatch(/^trainer-\w+ \(\w+\): still pulling after .* \(timeouts.create "10m"\)\. /);
    expect(recorded.initErrors![0]).toContain("The instance exists and is recorded in the stack: run `pulumi up` again to keep waiting, or `pulumi destroy` to delete it.");
});

test("create times out → refresh clears the init errors → up still resumes the wait and converges to running", async () => {
    const recorded = await timedOutCreate();
    const refreshed = await s.engine.refresh();
    expect(step(refreshed).op).not.toBe("delete");
    const after = s.byName("trainer");
    expect(after.initErrors).toBeUndefined(); // as the real RefreshStep does
    expect(after.outputs).toMatchObject({ status: "pulling", pendingCreate: true });

    const preview = await s.engine.preview(stuck);
    expect(step(preview).op).toBe("update"); // from the stored status, not from init errors
    s.sim.release(recorded.id);
    const up = await s.engine.up(stuck);
    expect(step(up).op).toBe("update");
    const done = s.byName("trainer");
    expect(done.id).toBe(recorded.id);
    expect(done.outputs.status).toBe("running");
    expect(done.outputs.pendingCreate).toBeUndefined();
    expect(live().map((i) => [i.id, i.status])).toEqual([[recorded.id, "running"]]);
    expect(step(await s.engine.up(stuck)).op).toBe("same");
});

test("refresh after the instance came up: the create counts as completed, nothing is left to do", async () => {
    const recorded = await timedOutCreate();
    s.sim.release(recorded.id);
    await simStatus(s.sim, recorded.id, "running");
    await s.engine.refresh();
    expect(s.byName("trainer").outputs).toMatchObject({ status: "running" });
    expect(s.byName("trainer").outputs.pendingCreate).toBeUndefined();
    expect(step(await s.engine.up(stuck)).op).toBe("same");
    s.assertInstancesMatchState();
});

test("create times out → refresh → the instance fails to start → up deletes it and says so; the next up replaces it", async () => {
    const message = `container exited: TOKEN=${TOKEN} rejected`;
    const recorded = await timedOutCreate({ failsLater: message });
    await s.engine.refresh();
    expect(s.byName("trainer").initErrors).toBeUndefined();
    s.sim.release(recorded.id); // the pull ends in a statusError

    const err = await failure(s.engine.up(stuck));
    expect(err.message).toMatch(/failed: container exited: .* rejected; the instance was deleted so that it does not keep costing money/);
    expect(live()).toEqual([]); // nothing left billing
    const failed = s.byName("trainer");
    expect(failed.id).toBe(recorded.id);
    expect(failed.outputs).toMatchObject({ status: "removed", pendingCreate: true });
    // What the real CLI shows and keeps in state: the reasons, unmasked by any engine. The guidance, no secret.
    expect(failed.initErrors).toHaveLength(1);
    expect(failed.initErrors![0]).toContain("Run `pulumi up` again to create a new one, or `pulumi destroy` to remove it from the stack.");
    expect(failed.initErrors![0]).toContain("TOKEN=[REDACTED]");
    for (const secret of [TOKEN, s.sim.apiKey]) {
        expect(failed.initErrors!.join("\n")).not.toContain(secret);
        expect(JSON.stringify(failed.outputs.statusError)).not.toContain(secret);
    }

    const replaced = await s.engine.up(program());
    expect(step(replaced)).toMatchObject({ op: "replace", replaces: ["statusError"], deleteBeforeReplace: true });
    const fresh = s.byName("trainer");
    expect(fresh.id).not.toBe(recorded.id);
    expect(fresh.outputs.status).toBe("running");
    expect(fresh.initErrors).toBeUndefined();
    s.assertInstancesMatchState();
});

test("a failure seen by refresh is replaced by the next up, deleting the failed instance first", async () => {
    const recorded = await timedOutCreate({ failsLater: "failed to pull image: manifest unknown" });
    s.sim.release(recorded.id);
    await simStatus(s.sim, recorded.id, "exited");
    await s.engine.refresh();
    expect(s.byName("trainer").outputs).toMatchObject({ status: "exited", statusError: { message: "failed to pull image: manifest unknown" }, pendingCreate: true });

    const preview = await s.engine.preview(program());
    expect(step(preview)).toMatchObject({ op: "replace", deleteBeforeReplace: true });
    s.sim.clearRequestLog();
    const up = await s.engine.up(program());
    expect(step(up)).toMatchObject({ op: "replace", replaces: ["statusError"], deleteBeforeReplace: true });
    const posts = s.sim.requestLog().filter((r) => r.method === "POST").map((r) => r.path.split("/").pop());
    expect(posts.indexOf("delete")).toBeGreaterThanOrEqual(0);
    expect(posts.indexOf("delete")).toBeLessThan(posts.indexOf("create"));
    expect(s.sim.instance(recorded.id)?.status ?? "removed").toBe("removed");
    expect(s.byName("trainer").outputs.status).toBe("running");
    s.assertInstancesMatchState();
});

test("an instance that ran and later fails is never replaced automatically: up fails and says how to replace it", async () => {
    await s.engine.up(program());
    const stored = s.byName("trainer");
    expect(stored.outputs.pendingCreate).toBeUndefined();
    // An instance that reports a statusError after it ran (e.g. a start that found no free GPU). The simulator fails
    // only creates, so one is made failed in the console, and the stack's record points at it as a refresh would.
    s.sim.failNextCreate({ message: "no GPU left on the host" });
    const console = new NovitaClient({ apiKey: s.sim.apiKey, baseUrl: s.sim.baseUrl });
    const { id } = await console.createInstance({ name: "failed-later", productId: "4090.16c62g", gpuNum: 1, rootfsSize: 60, imageUrl: "nginx", kind: "gpu" });
    await simStatus(s.sim, id, "exited");
    const record = { ...stored, id, outputs: { ...stored.outputs, instanceId: id, status: "exited", statusError: { state: "pulling", message: "no GPU left on the host" } } };
    const engine = new OfflineEngine({
        project: "novita-test", stack: "dev", state: s.engine.state.map((r) => (r.name === "trainer" ? record : r)),
        config: { "novita:apiKey": { value: s.sim.apiKey, secret: true }, "novita:baseUrl": s.sim.baseUrl, "novita:timeScale": String(TIME_SCALE) },
    });
    try {
        expect(step(await engine.preview(program())).op).toBe("update");
        const err = await failure(engine.up(program()));
        expect(err.message).toContain("failed: no GPU left on the host. It is not replaced automatically, as its disk would be lost");
        expect(err.message).toContain("`pulumi up --replace <urn>`");
        expect(s.sim.instance(id)!.status).toBe("exited"); // neither deleted nor replaced
        expect(engine.state.filter((r) => r.type === GPU).map((r) => r.id)).toEqual([id]);
    } finally {
        await engine.close();
    }
});
