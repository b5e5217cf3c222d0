/**
 * 429 storms, with and without Retry-After, on the create POST and on the polling GETs (by id for one
 * instance, the shared list for many). A storm that ends within the operation's timeout is absorbed, however
 * many attempts it takes; one that outlasts it is one clear error naming the timeout, with nothing created,
 * and the next `up` converges.
 */
import type { RequestLogEntry } from "../../../src/simulator";
import { TIME_SCALE } from "../../engine/harness";
import { envSecret, gpus } from "../kit/programs";
import { scenario, type Run } from "../kit/run";

const CREATE = "/v1/gpu/instance/create";
const BY_ID = "/v1/gpu/instance";
const LIST = "/v1/gpu/instances";
const statuses = (log: RequestLogEntry[]) => log.map((r) => r.status);
/** Real milliseconds between consecutive attempts. */
const gaps = (log: RequestLogEntry[]) => log.slice(1).map((r, i) => r.startedAt - log[i]!.startedAt);

export function rateLimitScenarios(): void {
    describe("429 storms", () => {
        const secret = envSecret("429");

        scenario("429 ×4 with Retry-After: 5 on the create POST", { secrets: [secret] }, async (run) => {
            run.sim.inject({ path: CREATE, method: "POST", kind: "status", status: 429, retryAfter: 5, count: 4 });
            await run.up(gpus(1, secret));
            const posts = run.requests({ method: "POST", path: CREATE });
            expect(statuses(posts)).toEqual([429, 429, 429, 429, 200]);
            // Retry-After 5 s (API time) = 5 ms real at this time scale: never retried sooner.
            for (const g of gaps(posts)) expect(g).toBeGreaterThanOrEqual(5_000 * TIME_SCALE);
            expect(run.sim.instances()).toHaveLength(1);
            return "1 up; 4×429 waited out as told; 1 POST accepted, 1 instance";
        });

        scenario("429 ×4 without Retry-After on the create POST", { secrets: [secret] }, async (run) => {
            run.sim.inject({ path: CREATE, method: "POST", kind: "status", status: 429, count: 4 });
            await run.up(gpus(1, secret));
            expect(statuses(run.requests({ method: "POST", path: CREATE }))).toEqual([429, 429, 429, 429, 200]);
            expect(run.sim.instances()).toHaveLength(1);
            return "1 up; 4×429 with exponential backoff; 1 instance";
        });

        scenario("429 storm longer than the old attempt budget on create: absorbed within timeouts.create", { secrets: [secret] }, async (run) => {
            // Issue #15: a 429 is not processed, so it is repeated until the operation's own deadline; the
            // attempt budget (6) that used to fail this up no longer applies to 429s.
            run.sim.inject({ path: CREATE, method: "POST", kind: "status", status: 429, retryAfter: 1, count: 12 });
            await run.up(gpus(1, secret));
            expect(statuses(run.requests({ method: "POST", path: CREATE }))).toEqual([...Array(12).fill(429), 200]);
            expect(run.sim.instances()).toHaveLength(1);
            return "1 up; 12×429 on the create POST absorbed; 1 instance";
        });

        scenario("429 storm outlasting timeouts.create, then next up", { secrets: [secret] }, async (run) => {
            run.sim.inject({ path: CREATE, method: "POST", kind: "status", status: 429, retryAfter: 10, count: 100_000 });
            const err = await run.fails(run.up(gpus(1, secret, { timeouts: { create: "2m" } })));
            expect(err.message).toMatch(/429 RATE_LIMIT_EXCEEDED/);
            expect(err.message.match(/RATE_LIMIT_EXCEEDED/g)).toHaveLength(1);
            expect(err.message).toMatch(/still rate limited after \d+ attempts? over [\d.]+ s; Retry-After asks to wait 10\.0 s, past the operation's deadline \(timeouts\.create "2m"\)/);
            // Each retry waited Retry-After (10 s) after the one before, all within the 2 minutes.
            expect(run.requests({ method: "POST", path: CREATE }).length).toBeLessThanOrEqual(1 + 120 / 10);
            expect(run.sim.instances()).toHaveLength(0);
            expect(run.gpus()).toHaveLength(0);
            run.sim.clearFaults();
            await run.up(gpus(1, secret));
            expect(run.sim.instances()).toHaveLength(1);
            return "up 1 fails once: 429s until timeouts.create ran out, nothing created; up 2 converges";
        });

        scenario("429 ×5 with Retry-After while polling one instance (GET by id)", { secrets: [secret] }, async (run) => {
            run.sim.inject({ path: BY_ID, method: "GET", kind: "status", status: 429, retryAfter: 3, count: 5 });
            await run.up(gpus(1, secret));
            const polls = statuses(run.requests({ method: "GET", path: BY_ID }));
            expect(polls.slice(0, 6)).toEqual([429, 429, 429, 429, 429, 200]);
            expect(run.sim.instances()[0]!.status).toBe("running");
            return `1 up; 5×429 absorbed by one poll's retries; ${polls.length} polls`;
        });

        scenario("429 ×5 without Retry-After while polling one instance", { secrets: [secret] }, async (run) => {
            run.sim.inject({ path: BY_ID, method: "GET", kind: "status", status: 429, count: 5 });
            await run.up(gpus(1, secret));
            expect(statuses(run.requests({ method: "GET", path: BY_ID })).slice(0, 6)).toEqual([429, 429, 429, 429, 429, 200]);
            return "1 up; 5×429 with backoff while polling; running";
        });

        scenario("429 storm on the shared list while 10 instances boot", { secrets: [secret] }, async (run) => {
            run.sim.inject({ path: LIST, method: "GET", kind: "status", status: 429, retryAfter: 2, count: 5 });
            run.sim.inject({ path: LIST, method: "GET", kind: "status", status: 429, count: 5 });
            await run.up(gpus(10, secret));
            const lists = run.requests({ method: "GET", path: LIST });
            expect(lists.filter((r) => r.status === 429)).toHaveLength(10);
            expect(run.sim.instances().filter((i) => i.status === "running")).toHaveLength(10);
            const byId = run.requests({ method: "GET", path: BY_ID }).length;
            return `1 up; 10×429 absorbed; polls: ${lists.length} list + ${byId} by-id for 10 instances`;
        });

        scenario("429 on every kind of request, spread over an up of 4 instances", { secrets: [secret] }, async (run) => {
            // Every 3rd request is refused (Retry-After: 1) until 30 have been refused.
            let seen = 0;
            run.sim.inject({ path: () => ++seen % 3 === 0, kind: "status", status: 429, retryAfter: 1, count: 30 });
            await run.up(gpus(4, secret));
            const refusedRequests = run.log().filter((r) => r.status === 429);
            const refused = refusedRequests.length;
            // How many requests an up makes depends on polling, hence on machine load: 4 instances need at least
            // ~17 (lookups, catalogue, creates, polls), so at least 5 are refused, across several kinds of request.
            expect(refused).toBeGreaterThanOrEqual(5);
            expect(new Set(refusedRequests.map((r) => `${r.method} ${r.path}`)).size).toBeGreaterThanOrEqual(2);
            expect(run.sim.instances()).toHaveLength(4);
            return `1 up; ${refused} of ${run.log().length} requests refused with 429; 4 instances`;
        });
    });
}
