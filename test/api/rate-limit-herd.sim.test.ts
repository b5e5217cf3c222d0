/**
 * Many concurrent calls against a server-side rate limit. Each 429's Retry-After applies to the whole
 * process, not only to the request that got it: otherwise every refused request sleeps the same second and
 * comes back at once, most are refused again, and attempt budgets run out (a 100-instance stack at
 * 10 requests/s failed 61 creates). Time scale 1 here: the simulator's rate limit is in real time.
 */
import { NovitaClient } from "../../src/api/client";
import { Limiter } from "../../src/api/limiter";
import { startSimulator, type Simulator } from "../../src/simulator";

let sim: Simulator;
beforeEach(async () => (sim = await startSimulator({ rateLimit: 10, seed: 31 })));
afterEach(() => sim.close());

test("50 concurrent calls at 10 requests/s with 4 attempts each all succeed: a 429 holds every request of the process", async () => {
    const limiter = new Limiter(8);
    const client = new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, limiter, retry: { maxAttempts: 4 } });
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => client.listClusters()));
    const failed = results.filter((r) => r.status === "rejected");
    expect(failed).toEqual([]);
    const refused = sim.requestLog().filter((r) => r.status === 429).length;
    // At most the requests already in flight when the window fills (≤ 8) per second of the run; without the
    // hold every waiting call is refused every second (about 100 refusals here, and 10 calls fail).
    expect(refused).toBeLessThan(50);
}, 30_000);

test("a hold is lifted by time alone: calls made after it ends start at once", async () => {
    const limiter = new Limiter(2);
    limiter.holdUntil(Date.now() + 200);
    const t = Date.now();
    await limiter.run(async () => undefined);
    expect(Date.now() - t).toBeGreaterThanOrEqual(190);
    let started = false;
    const next = limiter.run(async () => void (started = true));
    await new Promise((r) => setImmediate(r));
    expect(started).toBe(true);
    await next;
});
