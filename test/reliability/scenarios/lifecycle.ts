/**
 * Creation going wrong after the request was accepted: capacity refusals (placement fails over), an
 * instance that fails to start (it is deleted, never left running), and one stuck in `pulling` past the
 * create timeout (recorded with its id, resumed by the next `up`) — each combined with API faults.
 */
import { envSecret, gpus, placed, PLACEMENT } from "../kit/programs";
import { scenario, type Run } from "../kit/run";

const CREATE = "/v1/gpu/instance/create";
type Attempt = { clusterId: string; outcome: string; message: string | null };
const attempts = (run: Run) => (run.gpus()[0]!.outputs.placementAttempts as Attempt[]).map((a) => `${a.clusterId}:${a.outcome}`);
/** INSUFFICIENT_RESOURCE for creates in one cluster (stock gone between listing and create). */
const refuseIn = (run: Run, clusterId: string) =>
    run.sim.inject({
        path: (r) => r.path === CREATE && (r.body as { clusterId?: string }).clusterId === clusterId,
        kind: "status", status: 400, reason: "INSUFFICIENT_RESOURCE", message: "Insufficient resources",
    });

export function lifecycleScenarios(): void {
    describe("capacity, failed starts and stuck pulls", () => {
        const secret = envSecret("life");

        scenario("INSUFFICIENT_RESOURCE on the first two placement candidates", { secrets: [secret] }, async (run) => {
            refuseIn(run, "as-sgp-2");
            refuseIn(run, "cn-hongkong-1");
            await run.up(placed(secret));
            expect(attempts(run)).toEqual(["as-sgp-2:soldOut", "cn-hongkong-1:soldOut", "as-in-1:created"]);
            expect(run.sim.instances().map((i) => i.clusterId)).toEqual(["as-in-1"]);
            return "1 up; 2 refusals, created on the 3rd candidate (as-in-1); 1 instance";
        });

        scenario("capacity failure while starting, then 502 on the failover create", { secrets: [secret] }, async (run) => {
            run.sim.failNextCreate({ message: "insufficient GPU resources on the node", clusterId: "as-sgp-2" });
            // The failover create is processed but its answer is lost: the lookup must find it, not create again.
            let creates = 0;
            run.sim.inject({ path: (r) => r.path === CREATE && ++creates === 2, kind: "status", status: 502, phase: "after" });
            await run.up(placed(secret));
            expect(attempts(run)).toEqual(["as-sgp-2:failedToStart", "cn-hongkong-1:created"]);
            expect(run.requests({ method: "POST", path: CREATE })).toHaveLength(2);
            expect(run.sim.instances()).toHaveLength(1);
            return "1 up; failed instance deleted, failover create found after 502; 1 instance";
        });

        scenario("statusError during creation (image pull fails), then the next up", { secrets: [secret] }, async (run) => {
            run.sim.failNextCreate({ message: "failed to pull image: manifest unknown" });
            const err = await run.fails(run.up(gpus(1, secret)));
            expect(err.message).toMatch(/manifest unknown; the instance was deleted so that it does not keep costing money/);
            expect(run.sim.instances()).toHaveLength(0);
            expect(run.gpus()).toHaveLength(0);
            await run.up(gpus(1, secret));
            expect(run.sim.instances().map((i) => i.status)).toEqual(["running"]);
            return "up 1: clear error, failed instance deleted, nothing recorded; up 2 converges";
        });

        scenario("stuck in pulling past timeouts.create, resumed next up (429s)", { secrets: [secret] }, async (run) => {
            run.sim.stickNextCreate();
            const program = gpus(1, secret, { timeouts: { create: "10m" } });
            const err = await run.fails(run.up(program));
            expect(err.message).toMatch(/still pulling after .*, waiting for running \(timeouts\.create "10m"\)/);
            expect(err.message.match(/gpu-\w+ \(\w+\): still pulling/g)).toHaveLength(2); // once in the error, once in the engine's init-error reason
            expect(err.message).toMatch(/recorded in the stack: run `pulumi up` again/);
            const [recorded] = run.gpus();
            expect(recorded!.initErrors).toHaveLength(1);
            run.sim.release(recorded!.id);
            run.sim.inject({ path: "/v1/gpu/instance", method: "GET", kind: "status", status: 429, retryAfter: 2, count: 3 });
            const second = await run.up(program);
            expect(second.steps.find((s) => s.name === "gpu")).toMatchObject({ op: "update", id: recorded!.id });
            expect(run.gpus()[0]!.initErrors ?? []).toEqual([]);
            expect(run.sim.instance(recorded!.id)!.status).toBe("running");
            expect(run.requests({ method: "POST", path: CREATE })).toHaveLength(1);
            return "up 1: timeout after 2m, recorded with id; up 2 resumed it (3×429) → running";
        });

        scenario("all placement candidates refused, then stock returns", { secrets: [secret] }, async (run) => {
            for (const c of ["as-sgp-2", "cn-hongkong-1", "as-in-1"]) refuseIn(run, c);
            const err = await run.fails(run.up(placed(secret, PLACEMENT)));
            expect(err.message).toMatch(/no capacity for any placement candidate; nothing was left running/);
            expect(run.sim.instances()).toHaveLength(0);
            await run.up(placed(secret, PLACEMENT));
            expect(run.sim.instances()).toHaveLength(1);
            return "up 1: one aggregated error, nothing running or recorded; up 2 converges";
        });
    });
}
