/** Retries, reconciled creates, the shared in-flight limit and redaction, observed at the simulator. */
import * as http from "node:http";
import { NovitaClient } from "../../src/api/client";
import { NovitaApiError, NovitaNetworkError, NovitaTimeoutError, isRateLimited } from "../../src/api/errors";
import { Limiter } from "../../src/api/limiter";
import { startSimulator, type Simulator } from "../../src/simulator";
import { VERSION } from "../../src/version";

let sim: Simulator;
const fast = { baseDelayMs: 5, maxDelayMs: 20 };
const newClient = (extra: Record<string, unknown> = {}) =>
    new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, retry: fast, timeScale: 0.001, ...extra });
const createBody = (name: string) => ({ name, productId: "4090.16c62g", clusterId: "as-sgp-2", gpuNum: 1, rootfsSize: 60, imageUrl: "nginx", kind: "gpu" as const });
const posts = (path: string) => sim.requestLog().filter((r) => r.method === "POST" && r.path === path);
const named = (name: string) => sim.instances().filter((i) => i.name === name);

beforeAll(async () => {
    sim = await startSimulator({ timeScale: 0.001, seed: 11 });
});
afterAll(() => sim.close());
beforeEach(() => {
    sim.clearFaults();
    sim.clearRequestLog();
});

describe("retries of safe calls", () => {
    test("429 with Retry-After waits as told (scaled) and then succeeds, one request id throughout", async () => {
        sim.inject({ path: "/v1/clusters", kind: "status", status: 429, retryAfter: 50, count: 2 });
        await expect(newClient().listClusters()).resolves.toHaveLength(4);
        const log = sim.requestLog();
        expect(log.map((r) => r.status)).toEqual([429, 429, 200]);
        expect(new Set(log.map((r) => r.requestId)).size).toBe(1);
        // Retry-After 50 s × timeScale 0.001 = 50 ms per wait, never less. Unscaled, the two waits would take
        // 100 s and this test would run into its 30 s timeout: no upper bound on elapsed time is needed.
        for (let k = 1; k < log.length; k++) expect(log[k]!.startedAt - log[k - 1]!.startedAt).toBeGreaterThanOrEqual(50);
    }, 30_000);

    test("429 without Retry-After, 500, 502, 503 and a reset are each retried with backoff", async () => {
        sim.inject({ path: "/v1/products", kind: "status", status: 429, count: 1 });
        sim.inject({ path: "/v1/products", kind: "status", status: 500, count: 1 });
        sim.inject({ path: "/v1/products", kind: "status", status: 502, count: 1, body: "<html>bad gateway</html>" });
        sim.inject({ path: "/v1/products", kind: "status", status: 503, count: 1 });
        sim.inject({ path: "/v1/products", kind: "reset", count: 1 });
        await expect(newClient().listProducts()).resolves.not.toHaveLength(0);
        expect(sim.requestLog().map((r) => r.status)).toEqual([429, 500, 502, 503, "reset", 200]);
    });

    test("a hung GET times out and is retried", async () => {
        sim.inject({ path: "/v1/clusters", kind: "hang", count: 1 });
        // The timeout is real time: a whole second, so that only the hung request can ever reach it.
        await expect(newClient({ timeoutMs: 1_000 }).listClusters()).resolves.toHaveLength(4);
        expect(sim.requestLog().map((r) => r.status)).toEqual(["hang", 200]);
    });

    test("retries are bounded by maxAttempts, then the last error surfaces", async () => {
        sim.inject({ path: "/v1/clusters", kind: "status", status: 503, count: 10 });
        const e = await newClient({ retry: { ...fast, maxAttempts: 3 } }).listClusters().catch((x) => x);
        expect(e).toBeInstanceOf(NovitaApiError);
        expect(e.status).toBe(503);
        expect(sim.requestLog()).toHaveLength(3);
    });

    test("retries are bounded by total elapsed time", async () => {
        sim.inject({ path: "/v1/clusters", kind: "status", status: 429, retryAfter: 50, count: 10 });
        const e = await newClient({ retry: { ...fast, maxElapsedMs: 20_000 } }).listClusters().catch((x) => x);
        expect(isRateLimited(e)).toBe(true);
        expect(e.retryAfterSeconds).toBe(50);
        expect(sim.requestLog()).toHaveLength(1); // waiting 50 s would exceed the 20 s budget
    });

    test("4xx answers are not retried", async () => {
        await newClient().getInstance("ffffffffffffffff").catch(() => undefined);
        expect(sim.requestLog()).toHaveLength(1);
    });

    test("a restart is never repeated: it is not safe to retry", async () => {
        const c = newClient();
        const { id } = await c.createInstance(createBody("no-retry-restart"));
        sim.clearRequestLog();
        sim.inject({ path: "/v1/gpu/instance/restart", kind: "status", status: 503, count: 1 });
        await expect(c.restartInstance(id)).rejects.toBeInstanceOf(NovitaApiError);
        expect(posts("/v1/gpu/instance/restart")).toHaveLength(1);
    });

    test("a refused connection is a network error after bounded retries", async () => {
        const s = await startSimulator();
        const c = new NovitaClient({ apiKey: s.apiKey, baseUrl: s.baseUrl, retry: { ...fast, maxAttempts: 3 } });
        await s.close();
        const e = await c.listClusters().catch((x) => x);
        expect(e).toBeInstanceOf(NovitaNetworkError);
        expect(e.code).toBe("ECONNREFUSED");
    });
});

describe("creates are reconciled, never blindly repeated: exactly one instance", () => {
    test.each([
        ["502 after the server created it", { kind: "status" as const, status: 502, phase: "after" as const }, 1],
        ["a reset after the server created it", { kind: "reset" as const, phase: "after" as const }, 1],
        ["a timeout after the server created it", { kind: "hang" as const, phase: "after" as const }, 1],
        ["502 before the server saw it", { kind: "status" as const, status: 502, phase: "before" as const }, 2],
        ["a reset before the server saw it", { kind: "reset" as const, phase: "before" as const }, 2],
        ["429 (definitely not processed)", { kind: "status" as const, status: 429, retryAfter: 1, phase: "before" as const }, 2],
    ])("%s", async (_label, fault, expectedPosts) => {
        const name = `reconcile-${Math.random().toString(36).slice(2, 8)}`;
        sim.inject({ path: "/v1/gpu/instance/create", method: "POST", ...fault });
        const { id } = await newClient({ timeoutMs: 200 }).createInstance(createBody(name));
        expect(named(name).map((i) => i.id)).toEqual([id]);
        expect(posts("/v1/gpu/instance/create")).toHaveLength(expectedPosts);
    });

    test("an instance of the same name that existed before is never mistaken for ours", async () => {
        const c = newClient();
        const old = await c.createInstance(createBody("same-name"));
        sim.inject({ path: "/v1/gpu/instance/create", method: "POST", kind: "status", status: 502, phase: "before" });
        const fresh = await c.createInstance(createBody("same-name"));
        expect(fresh.id).not.toBe(old.id);
        expect(named("same-name")).toHaveLength(2);
    });

    test("a 400 answer is final: no lookup, no second create", async () => {
        sim.inject({ path: "/v1/gpu/instance/create", method: "POST", kind: "status", status: 400, reason: "VALIDATOR_PARAM" });
        await expect(newClient().createInstance(createBody("rejected"))).rejects.toBeInstanceOf(NovitaApiError);
        expect(posts("/v1/gpu/instance/create")).toHaveLength(1);
        expect(named("rejected")).toHaveLength(0);
    });

    test("registry-auth save after a 502 that hid success returns the saved auth, saved once", async () => {
        sim.inject({ path: "/v1/repository/auth/save", method: "POST", kind: "status", status: 502, phase: "after" });
        const a = await newClient().saveRegistryAuth({ name: "hidden-success", username: "u", password: "pw-hidden-1" });
        expect(sim.registryAuths().filter((x) => x.name === "hidden-success").map((x) => x.id)).toEqual([a.id]);
        expect(posts("/v1/repository/auth/save")).toHaveLength(1);
    });
});

describe("one in-flight limit for the whole process", () => {
    test("the simulator never sees more concurrent requests than the limiter allows", async () => {
        const s = await startSimulator({ latencyMs: 20 });
        try {
            const limiter = new Limiter(3);
            const clients = [1, 2, 3].map(() => new NovitaClient({ apiKey: s.apiKey, baseUrl: s.baseUrl, limiter }));
            await Promise.all(Array.from({ length: 24 }, (_, i) => clients[i % 3]!.listClusters()));
            expect(s.requestLog()).toHaveLength(24);
            // The limit holds at the simulator. That the limiter let three run at once is read from the limiter
            // itself: all 24 calls queue before any answer can arrive, so its peak is exactly 3 whatever the load,
            // whereas the simulator's own peak also depends on whether three requests overlapped in its 20 ms.
            expect(s.peakInFlight).toBeLessThanOrEqual(3);
            expect(s.peakInFlight).toBeGreaterThanOrEqual(1);
            expect(limiter.peak).toBe(3);
        } finally {
            await s.close();
        }
    });
});

describe("redaction: the API key, passwords and env values never leave the client in text", () => {
    test("debug lines carry method, path, status, attempt and duration, and no secret", async () => {
        const lines: string[] = [];
        const c = newClient({ debug: (l: string) => lines.push(l) });
        sim.inject({ path: "/v1/clusters", kind: "status", status: 503, count: 1 });
        await c.listClusters();
        await c.saveRegistryAuth({ name: "dbg-auth", username: "u", password: "pw-never-printed" });
        const { id } = await c.createInstance({ ...createBody("dbg-env"), envs: [{ key: "TOKEN", value: "env-value-never-printed" }] });
        await c.upgradeInstance({ instanceId: id, imageUrl: "nginx:2", envs: [{ key: "TOKEN", value: "env-value-never-printed" }], command: "", entrypoint: "", save: true, networkVolume: { volumeMounts: [] } }).catch(() => undefined);
        expect(lines.some((l) => /GET \/v1\/clusters attempt=1 status=503 \d+ms/.test(l))).toBe(true);
        expect(lines.some((l) => /GET \/v1\/clusters attempt=2 status=200/.test(l))).toBe(true);
        const all = lines.join("\n");
        for (const secret of [sim.apiKey, "pw-never-printed", "env-value-never-printed"]) expect(all).not.toContain(secret);
    });

    test("an API message that echoes a secret is scrubbed from the error", async () => {
        sim.inject({ path: "/v1/gpu/instance/create", method: "POST", kind: "status", status: 400, reason: "VALIDATOR_PARAM", message: `bad env value env-echo-secret and key ${sim.apiKey}` });
        const e = await newClient().createInstance({ ...createBody("echo"), envs: [{ key: "K", value: "env-echo-secret" }] }).catch((x) => x);
        expect(e.message).toContain("[REDACTED]");
        expect(e.message).not.toContain("env-echo-secret");
        expect(e.message).not.toContain(sim.apiKey);
        expect(JSON.stringify(e)).not.toContain(sim.apiKey);
    });

    test("a wrong key is one clear 403 INVALID_API_KEY error that does not echo the key", async () => {
        const c = new NovitaClient({ apiKey: "sk_wrong_key_0123456789", baseUrl: sim.baseUrl, retry: fast });
        const e = await c.listClusters().catch((x) => x);
        expect(e.status).toBe(403);
        expect(e.reason).toBe("INVALID_API_KEY");
        expect(e.message).not.toContain("sk_wrong_key_0123456789");
        expect(sim.requestLog()).toHaveLength(1);
    });

    test("the error body's metadata is `apiMetadata`, never `metadata` (gRPC servers read that as trailers and crash)", async () => {
        const c = new NovitaClient({ apiKey: "sk_wrong_key_0123456789", baseUrl: sim.baseUrl, retry: fast });
        const e = await c.listClusters().catch((x) => x);
        expect(e.apiMetadata).toEqual({});
        expect("metadata" in e).toBe(false);
    });
});

describe("headers", () => {
    test("Bearer auth, JSON content type, User-Agent pulumi-novita/<version> and a request id on every request", async () => {
        const seen: http.IncomingHttpHeaders[] = [];
        const server = http.createServer((req, res) => {
            seen.push(req.headers);
            res.setHeader("content-type", "application/json");
            res.end(JSON.stringify({ data: [] }));
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        try {
            const port = (server.address() as { port: number }).port;
            await new NovitaClient({ apiKey: "sk_header_check", baseUrl: `http://127.0.0.1:${port}/gpu-instance/openapi` }).listClusters();
            expect(seen[0]!.authorization).toBe("Bearer sk_header_check");
            expect(seen[0]!["user-agent"]).toBe(`pulumi-novita/${VERSION}`);
            expect(seen[0]!["content-type"]).toBe("application/json");
            expect(seen[0]!["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
        } finally {
            server.close();
        }
    });

    test("a timeout is reported as such", async () => {
        sim.inject({ path: "/v1/clusters", kind: "hang", count: 10 });
        const e = await newClient({ timeoutMs: 50, retry: { ...fast, maxAttempts: 2 } }).listClusters().catch((x) => x);
        expect(e).toBeInstanceOf(NovitaTimeoutError);
    });
});
