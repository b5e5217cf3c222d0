/**
 * Changes made outside Pulumi (the Novita console): a refresh records them, the next `up` converges; a
 * delete of something already deleted is a success; an instance deleted while it is being created is
 * reported, never recorded as if it existed.
 */
import { envSecret, gpus } from "../kit/programs";
import { scenario, type Run } from "../kit/run";
import { simStatus } from "../../engine/harness";

const idOf = (run: Run) => run.gpus()[0]!.id;
/**
 * A removed instance stays listed (status `removed`) for a simulated day, 86 s real at the tests' time scale,
 * instead of the default 30 s (30 ms real): the scenarios that rely on seeing it removed cannot miss it however
 * slowly the provider process runs.
 */
const KEEP_REMOVED = { removedRetentionSeconds: 86_400 };

export function driftScenarios(): void {
    describe("out-of-band changes", () => {
        const secret = envSecret("drift");

        scenario("deleted out of band: refresh, then up", { secrets: [secret] }, async (run) => {
            await run.up(gpus(1, secret));
            const old = idOf(run);
            run.sim.outOfBand.delete(old);
            const refresh = await run.refresh();
            expect(refresh.steps.find((s) => s.name === "gpu")?.op).toBe("delete");
            expect(run.gpus()).toHaveLength(0);
            const up = await run.up(gpus(1, secret));
            expect(up.steps.find((s) => s.name === "gpu")?.op).toBe("create");
            expect(idOf(run)).not.toBe(old);
            return "refresh dropped it; up created a new one; 1 instance";
        });

        scenario("stopped out of band: refresh, then up (with a 503 on the start)", { secrets: [secret] }, async (run) => {
            await run.up(gpus(1, secret));
            const id = idOf(run);
            run.sim.outOfBand.stop(id);
            await simStatus(run.sim, id, "exited");
            await run.refresh();
            expect(run.gpus()[0]!.outputs.state).toBe("stopped");
            run.sim.inject({ path: "/v1/gpu/instance/start", method: "POST", kind: "status", status: 503 });
            const up = await run.up(gpus(1, secret));
            expect(up.steps.find((s) => s.name === "gpu")).toMatchObject({ op: "update", changedKeys: ["state"] });
            expect(run.sim.instance(id)!.status).toBe("running");
            return "refresh recorded stopped; up started it (503 retried); same instance";
        });

        scenario("destroy after an out-of-band delete (still listed as removed)", { secrets: [secret], sim: KEEP_REMOVED }, async (run) => {
            await run.up(gpus(1, secret));
            const id = idOf(run);
            run.sim.outOfBand.delete(id);
            await simStatus(run.sim, id, "removed");
            await run.destroy();
            expect(run.gpus()).toHaveLength(0);
            return "destroy treated the removed instance as deleted; state empty";
        });

        scenario("destroy after an out-of-band delete (gone: 404)", { secrets: [secret], sim: { notFoundStatus: 404, removedRetentionSeconds: 0 } }, async (run) => {
            await run.up(gpus(2, secret));
            const [a] = run.gpus();
            run.sim.outOfBand.delete(a!.id);
            while (run.sim.instance(a!.id) !== undefined) await new Promise((r) => setTimeout(r, 1));
            await run.destroy();
            expect(run.gpus()).toHaveLength(0);
            expect(run.sim.instances()).toHaveLength(0);
            return "destroy: 404 on the gone one is success, the other deleted; state empty";
        });

        scenario("deleted out of band while being created", { secrets: [secret], sim: KEEP_REMOVED }, async (run) => {
            run.sim.stickNextCreate();
            const up = run.up(gpus(1, secret));
            while (run.sim.instances().length === 0) await new Promise((r) => setTimeout(r, 1));
            run.sim.outOfBand.delete(run.sim.instances()[0]!.id);
            const err = await run.fails(up);
            expect(err.message).toMatch(/was deleted \(status (toRemove|removing|removed)\) while it was being created/);
            expect(run.gpus()).toHaveLength(0);
            await run.up(gpus(1, secret));
            expect(run.sim.instances()).toHaveLength(1);
            return "up 1: clear error, nothing recorded; up 2 converges";
        });
    });
}
