/**
 * Faults on the create POST. Creates are never blindly retried: after an ambiguous failure (5xx, reset,
 * timeout) the provider looks the instance up by name and only re-sends when it is certainly absent.
 * Whether the server processed the request or not, exactly one instance must exist afterwards.
 */
import { gpus, envSecret } from "../kit/programs";
import { scenario, type Run } from "../kit/run";

const CREATE = "/v1/gpu/instance/create";
const LIST = "/v1/gpu/instances";
const posts = (run: Run) => run.requests({ method: "POST", path: CREATE }).map((r) => r.status);
const oneInstance = (run: Run) => {
    const live = run.sim.instances();
    expect(live).toHaveLength(1);
    expect(run.gpus().map((r) => r.id)).toEqual([live[0]!.id]);
};

export function createFaultScenarios(): void {
    describe("faults on the create POST (reconciled creates)", () => {
        const secret = envSecret("create");

        scenario("502 on the create POST, before the server processed it", { secrets: [secret] }, async (run) => {
            run.sim.inject({ path: CREATE, method: "POST", kind: "status", status: 502, body: "<html>502 Bad Gateway</html>", phase: "before" });
            await run.up(gpus(1, secret));
            expect(posts(run)).toEqual([502, 200]);
            oneInstance(run);
            return "1 up; lookup found nothing → re-sent once; 1 instance";
        });

        scenario("502 on the create POST, after the server processed it", { secrets: [secret] }, async (run) => {
            run.sim.inject({ path: CREATE, method: "POST", kind: "status", status: 502, body: "<html>502 Bad Gateway</html>", phase: "after" });
            await run.up(gpus(1, secret));
            expect(posts(run)).toEqual([502]);
            oneInstance(run);
            return "1 up; lookup found the instance → not re-sent; 1 instance";
        });

        scenario("connection reset on the create POST, before processing", { secrets: [secret] }, async (run) => {
            run.sim.inject({ path: CREATE, method: "POST", kind: "reset", phase: "before" });
            await run.up(gpus(1, secret));
            expect(posts(run)).toEqual(["reset", 200]);
            oneInstance(run);
            return "1 up; reset, absent on lookup → re-sent once; 1 instance";
        });

        scenario("connection reset on the create POST, after processing", { secrets: [secret] }, async (run) => {
            run.sim.inject({ path: CREATE, method: "POST", kind: "reset", phase: "after" });
            await run.up(gpus(1, secret));
            expect(posts(run)).toEqual(["reset"]);
            oneInstance(run);
            return "1 up; reset, found on lookup → not re-sent; 1 instance";
        });

        scenario("create POST hangs after processing (client timeout)", { secrets: [secret], config: { "novita:requestTimeout": "300ms" } }, async (run) => {
            run.sim.inject({ path: CREATE, method: "POST", kind: "hang", phase: "after" });
            await run.up(gpus(1, secret));
            expect(posts(run)).toEqual(["hang"]);
            oneInstance(run);
            return "1 up; timed out, found on lookup → not re-sent; 1 instance";
        });

        scenario("5xx storm on the create POST (503, 500, reset, 502), 3 instances", { secrets: [secret] }, async (run) => {
            run.sim.inject({ path: CREATE, method: "POST", kind: "status", status: 503, phase: "before" });
            run.sim.inject({ path: CREATE, method: "POST", kind: "status", status: 500, phase: "after" });
            run.sim.inject({ path: CREATE, method: "POST", kind: "reset", phase: "after" });
            run.sim.inject({ path: CREATE, method: "POST", kind: "status", status: 502, phase: "before" });
            await run.up(gpus(3, secret));
            const statuses = posts(run);
            // Two POSTs refused unprocessed (re-sent after a lookup), two processed but answered with a fault
            // (found by the lookup, never re-sent), one clean: 5 POSTs for 3 instances.
            expect([...statuses].map(String).sort()).toEqual(["200", "500", "502", "503", "reset"]);
            expect(run.sim.instances()).toHaveLength(3);
            const lookups = run.requests({ method: "GET", path: LIST }).length;
            return `1 up; 5 POSTs for 3 instances, ${lookups} list lookups; 3 instances`;
        });
    });
}
