/**
 * A 429 is a request the API did not process: the transport repeats it, whatever the call (a create too), for as
 * long as the next attempt can start before the operation's deadline (src/api/deadline.ts), not for a fixed number
 * of attempts. Faults injected at the simulator; time scale 0.001 (Retry-After 1 s = 1 ms of real time).
 */
import { NovitaClient } from "../../src/api/client";
import { withDeadline } from "../../src/api/deadline";
import { isRateLimited, NovitaApiError } from "../../src/api/errors";
import { startSimulator, type Simulator } from "../../src/simulator";

let sim: Simulator;
/** At most 3 attempts for other failures: every burst below is longer than that. */
const policy = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 };
const client = (retry: Record<string, number> = policy) => new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, retry, timeScale: 0.001 });
const inTime = (ms = 60_000) => ({ at: Date.now() + ms, label: 'timeouts.create "15m"' });
const createBody = (name: string) => ({ name, productId: "4090.16c62g", clusterId: "as-sgp-2", gpuNum: 1, rootfsSize: 60, imageUrl: "nginx", kind: "gpu" as const });
const statuses = (path: string) => sim.requestLog().filter((r) => r.path === path).map((r) => r.status);

beforeAll(async () => (sim = await startSimulator({ timeScale: 0.001, seed: 41 })));
afterAll(() => sim.close());
beforeEach(() => {
    sim.clearFaults();
    sim.clearRequestLog();
});

test("a 429 burst longer than the attempt budget: a GET still succeeds within the operation's deadline", async () => {
    sim.inject({ path: "/v1/clusters", kind: "status", status: 429, retryAfter: 1, count: 8 });
    await expect(withDeadline(inTime(), () => client().listClusters())).resolves.toHaveLength(4);
    expect(statuses("/v1/clusters")).toEqual([...Array(8).fill(429), 200]);
});

test("a 429 burst on the create POST (not idempotent, never retried on 5xx): repeated, one instance, one request id", async () => {
    sim.inject({ path: "/v1/gpu/instance/create", method: "POST", kind: "status", status: 429, count: 8 });
    const { id } = await withDeadline(inTime(), () => client().createInstance(createBody("burst-create")));
    const posts = sim.requestLog().filter((r) => r.path === "/v1/gpu/instance/create");
    expect(posts.map((r) => r.status)).toEqual([...Array(8).fill(429), 200]);
    expect(new Set(posts.map((r) => r.requestId)).size).toBe(1);
    expect(sim.instances().filter((i) => i.name === "burst-create").map((i) => i.id)).toEqual([id]);
});

test("other failures keep their attempt budget: 503 × 5 fails after 3 attempts even with time left", async () => {
    sim.inject({ path: "/v1/clusters", kind: "status", status: 503, count: 5 });
    const e = await withDeadline(inTime(), () => client().listClusters()).catch((x) => x);
    expect(e).toBeInstanceOf(NovitaApiError);
    expect(statuses("/v1/clusters")).toEqual([503, 503, 503]);
});

test("a Retry-After reaching past the deadline fails at once, with an error naming the deadline", async () => {
    sim.inject({ path: "/v1/gpu/instance/create", method: "POST", kind: "status", status: 429, retryAfter: 600, count: 1 });
    // 1 min of API time is 60 ms here; Retry-After 600 s is 600 ms.
    const e = await withDeadline({ at: Date.now() + 60, label: 'timeouts.create "1m"' }, () => client().createInstance(createBody("too-late"))).catch((x) => x);
    expect(isRateLimited(e)).toBe(true);
    expect(e.message).toMatch(/429 RATE_LIMIT_EXCEEDED: .*\. still rate limited after 1 attempt over [\d.]+ s; Retry-After asks to wait 600\.0 s, past the operation's deadline \(timeouts\.create "1m"\)$/);
    expect(statuses("/v1/gpu/instance/create")).toEqual([429]);
    expect(sim.instances().filter((i) => i.name === "too-late")).toEqual([]);
});

test("a burst that outlasts the deadline fails once the next attempt could not start before it", async () => {
    sim.inject({ path: "/v1/clusters", kind: "status", status: 429, retryAfter: 20, count: 100_000 });
    // 1 s of real time is 1000 s of API time here; Retry-After 20 s is 20 ms.
    const e = await withDeadline({ at: Date.now() + 1_000, label: 'timeouts.delete "1000s"' }, () => client().listClusters()).catch((x) => x);
    expect(isRateLimited(e)).toBe(true);
    expect(e.message).toMatch(/still rate limited after \d+ attempts? over [\d.]+ s; Retry-After asks to wait 20\.0 s, past the operation's deadline \(timeouts\.delete "1000s"\)$/);
    // Every retry waited its Retry-After (20 ms) after the attempt before, all before the deadline.
    expect(sim.requestLog().length).toBeLessThanOrEqual(1 + 1_000 / 20);
});

test("without a deadline, 429s are bounded by the policy's total time, not by its attempts", async () => {
    sim.inject({ path: "/v1/clusters", kind: "status", status: 429, retryAfter: 1, count: 5 });
    await expect(client({ ...policy, maxAttempts: 2 }).listClusters()).resolves.toHaveLength(4);
    expect(statuses("/v1/clusters")).toEqual([429, 429, 429, 429, 429, 200]);
    sim.clearRequestLog();
    sim.inject({ path: "/v1/clusters", kind: "status", status: 429, retryAfter: 50, count: 1 });
    const e = await client({ ...policy, maxElapsedMs: 20_000 }).listClusters().catch((x) => x);
    expect(e.message).toMatch(/Retry-After asks to wait 50\.0 s, past the retry budget of 20 s$/);
});
