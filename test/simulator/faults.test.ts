import { startSimulator, type Simulator } from "../../src/simulator";
import { create, createBody, freezeWallClock, get, post, waitUntil } from "./helpers";

const listAll = async (sim: Simulator) => (await get(sim, "/v1/gpu/instances", { pageSize: 100, pageNum: 0 })).json.instances as { id: string; name: string }[];

describe("simulator fault injection", () => {
    let sim: Simulator;
    beforeEach(async () => void (sim = await startSimulator({ seed: "faults" })));
    afterEach(() => sim.close());

    it("a status fault answers the given status and error body for the next `count` matching requests, then normal", async () => {
        sim.inject({ kind: "status", status: 503, path: "/v1/clusters", count: 2, message: "maintenance" });
        for (let i = 0; i < 2; i++) {
            const r = await get(sim, "/v1/clusters");
            expect(r.status).toBe(503);
            expect(r.json).toEqual({ code: 503, reason: "UNKNOWN", message: "maintenance", metadata: {} });
        }
        expect((await get(sim, "/v1/clusters")).status).toBe(200);
        expect(sim.requestLog().map((e) => [e.status, e.fault])).toEqual([[503, "status:503"], [503, "status:503"], [200, undefined]]);
    });

    it("429 carries Retry-After exactly as given (number or HTTP date) and none when not given", async () => {
        sim.inject({ kind: "status", status: 429, path: "/v1/products", retryAfter: 2 });
        sim.inject({ kind: "status", status: 429, path: "/v1/products", retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT" });
        sim.inject({ kind: "status", status: 429, path: "/v1/products" });
        const a = await get(sim, "/v1/products");
        expect([a.status, a.headers.get("retry-after"), a.json.reason]).toEqual([429, "2", "RATE_LIMIT_EXCEEDED"]);
        expect((await get(sim, "/v1/products")).headers.get("retry-after")).toBe("Wed, 21 Oct 2015 07:28:00 GMT");
        const c = await get(sim, "/v1/products");
        expect([c.status, c.headers.get("retry-after")]).toEqual([429, null]);
    });

    it("a status fault can carry a raw body (a gateway's HTML page) and a custom reason", async () => {
        sim.inject({ kind: "status", status: 502, path: "/v1/clusters", body: "<html><body>502 Bad Gateway</body></html>" });
        sim.inject({ kind: "status", status: 400, path: "/v1/clusters", reason: "CLUSTER_STATUS", message: "Cluster status abnormal" });
        const r = await get(sim, "/v1/clusters");
        expect([r.status, r.text, r.headers.get("content-type")]).toEqual([502, "<html><body>502 Bad Gateway</body></html>", "text/html; charset=utf-8"]);
        expect((await get(sim, "/v1/clusters")).json).toEqual({ code: 400, reason: "CLUSTER_STATUS", message: "Cluster status abnormal", metadata: {} });
    });

    it("matches on method and on a predicate", async () => {
        sim.inject({ kind: "status", status: 500, method: "POST", path: "/v1/gpu/instance/create" });
        sim.inject({ kind: "status", status: 500, path: (req) => req.path === "/v1/gpu/instance" && req.query.instanceId === "abc" });
        expect((await get(sim, "/v1/gpu/instance/create")).status).toBe(404); // GET does not match the POST fault
        expect((await get(sim, "/v1/gpu/instance", { instanceId: "zzz" })).status).toBe(400);
        expect((await get(sim, "/v1/gpu/instance", { instanceId: "abc" })).status).toBe(500);
        expect((await post(sim, "/v1/gpu/instance/create", createBody())).status).toBe(500);
    });

    it("a before-phase fault on create creates nothing", async () => {
        sim.inject({ kind: "status", status: 500, path: "/v1/gpu/instance/create" });
        expect((await post(sim, "/v1/gpu/instance/create", createBody({ name: "ghost" }))).status).toBe(500);
        expect(await listAll(sim)).toEqual([]);
    });

    it("an after-phase status fault on create really creates the instance (ambiguous create)", async () => {
        sim.inject({ kind: "status", status: 502, path: "/v1/gpu/instance/create", phase: "after" });
        const r = await post(sim, "/v1/gpu/instance/create", createBody({ name: "ambiguous" }));
        expect(r.status).toBe(502);
        const all = await listAll(sim);
        expect(all.map((i) => i.name)).toEqual(["ambiguous"]);
        expect(sim.instances().map((i) => i.name)).toEqual(["ambiguous"]);
    });

    it("an after-phase reset on create really creates the instance and the client sees a network error", async () => {
        sim.inject({ kind: "reset", path: "/v1/gpu/instance/create", phase: "after" });
        await expect(post(sim, "/v1/gpu/instance/create", createBody({ name: "reset-after" }))).rejects.toThrow();
        expect((await listAll(sim)).map((i) => i.name)).toEqual(["reset-after"]);
        expect(sim.requestLog().find((e) => e.path === "/v1/gpu/instance/create")!.status).toBe("reset");
    });

    it("a reset destroys the socket without an answer", async () => {
        sim.inject({ kind: "reset", path: "/v1/clusters" });
        await expect(get(sim, "/v1/clusters")).rejects.toThrow();
        expect(sim.requestLog()[0]).toMatchObject({ status: "reset", fault: "reset" });
        expect((await get(sim, "/v1/clusters")).status).toBe(200);
    });

    it("a hang never answers and counts as in flight", async () => {
        sim.inject({ kind: "hang", path: "/v1/clusters" });
        await expect(get(sim, "/v1/clusters", undefined, { signal: AbortSignal.timeout(150) })).rejects.toThrow();
        expect(sim.requestLog()[0]).toMatchObject({ status: "hang", fault: "hang" });
        expect((await get(sim, "/v1/products")).status).toBe(200);
    });

    it("close() releases hung requests", async () => {
        const s = await startSimulator();
        s.inject({ kind: "hang", path: "/v1/clusters" });
        const pending = get(s, "/v1/clusters");
        await waitUntil("the request to hang", () => s.requestLog()[0]?.status === "hang");
        expect(s.inFlight).toBe(1); // a hang never ends by itself: this count cannot change until close()
        // No time bound needed: the hang never answers, so close() resolving and the request failing prove the release.
        await s.close();
        await expect(pending).rejects.toThrow();
    });

    it("a latency fault delays the answer, before or after the handler", async () => {
        sim.inject({ kind: "latency", ms: 150, path: "/v1/clusters" });
        let t = Date.now();
        expect((await get(sim, "/v1/clusters")).status).toBe(200);
        expect(Date.now() - t).toBeGreaterThanOrEqual(140);
        sim.inject({ kind: "latency", ms: 150, path: "/v1/gpu/instance/create", phase: "after" });
        t = Date.now();
        expect((await post(sim, "/v1/gpu/instance/create", createBody({ name: "slow" }))).status).toBe(200);
        expect(Date.now() - t).toBeGreaterThanOrEqual(140);
        const entry = sim.requestLog().at(-1)!;
        expect(entry.fault).toBe("latency:150");
        // Created before the answer: at timeScale 1 simulated time is real time, and the instance's creation
        // time precedes the moment the answer was sent by the whole latency (a before-phase delay would give ~0).
        const [slow] = sim.instances();
        expect(slow!.name).toBe("slow");
        expect(entry.endedAt! - slow!.createdAt.getTime()).toBeGreaterThanOrEqual(140);
    });

    it("clearFaults() drops pending faults; unauthorized requests do not consume them", async () => {
        sim.inject({ kind: "status", status: 500, path: "/v1/clusters" });
        expect((await get(sim, "/v1/clusters", undefined, { auth: null })).status).toBe(403);
        expect((await get(sim, "/v1/clusters")).status).toBe(500);
        sim.inject({ kind: "status", status: 500, path: "/v1/clusters", count: 5 });
        sim.clearFaults();
        expect((await get(sim, "/v1/clusters")).status).toBe(200);
    });

    it("accepts a fault path written with the base path", async () => {
        sim.inject({ kind: "status", status: 418, path: "/gpu-instance/openapi/v1/clusters" });
        expect((await get(sim, "/v1/clusters")).status).toBe(418);
    });

    it("close() during an injected latency drops the request without running its handler", async () => {
        const s = await startSimulator();
        // Ten minutes: a close() that waited for the latency would run into jest's test timeout.
        s.inject({ kind: "latency", ms: 600_000, path: "/v1/gpu/instance/create" });
        const pending = post(s, "/v1/gpu/instance/create", createBody({ name: "never" }));
        await waitUntil("the latency to be applied", () => s.requestLog()[0]?.fault === "latency:600000");
        await s.close();
        await expect(pending).rejects.toThrow();
        expect(s.instances()).toEqual([]);
        expect(s.requestLog()[0]!.status).toBe("reset");
    });

    it("refuses malformed faults", () => {
        expect(() => sim.inject({ kind: "status", status: 42, path: "/v1/clusters" })).toThrow();
        expect(() => sim.inject({ kind: "reset", path: "/v1/clusters", count: 0 })).toThrow();
    });
});

describe("simulator rate limit, latency and concurrency", () => {
    // The rate limit is a window of real time: with `Date` frozen, every request of a burst arrives at the same
    // instant however long the requests take, and the window moves only when the test moves the clock.
    afterEach(() => jest.useRealTimers());

    it("answers 429 RATE_LIMIT_EXCEEDED with Retry-After beyond rateLimit requests per second", async () => {
        freezeWallClock();
        const sim = await startSimulator({ rateLimit: 5 });
        try {
            const start = Date.now();
            const answers = await Promise.all(Array.from({ length: 8 }, () => get(sim, "/v1/clusters")));
            const limited = answers.filter((a) => a.status === 429);
            expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
            expect(limited).toHaveLength(3);
            for (const a of limited) {
                expect(a.json).toEqual({ code: 429, reason: "RATE_LIMIT_EXCEEDED", message: expect.any(String), metadata: {} });
                expect(a.headers.get("retry-after")).toBe("1"); // the first slot frees a whole second after the burst
            }
            expect(sim.requestLog().filter((e) => e.fault === "rate-limit")).toHaveLength(3);
            jest.setSystemTime(start + 999);
            expect((await get(sim, "/v1/clusters")).status).toBe(429); // still inside the same second
            jest.setSystemTime(start + 1000);
            expect((await get(sim, "/v1/clusters")).status).toBe(200);
        } finally {
            await sim.close();
        }
    });

    it("expresses Retry-After in simulated seconds on a scaled clock", async () => {
        freezeWallClock();
        const sim = await startSimulator({ rateLimit: 1, timeScale: 0.01 });
        try {
            await get(sim, "/v1/clusters");
            const r = await get(sim, "/v1/clusters");
            expect(r.status).toBe(429);
            expect(r.headers.get("retry-after")).toBe("100"); // 1 real s = 100 simulated s
        } finally {
            await sim.close();
        }
    });

    it("latencyMs delays every request", async () => {
        const sim = await startSimulator({ latencyMs: 120 });
        try {
            const t = Date.now();
            await Promise.all(Array.from({ length: 5 }, () => get(sim, "/v1/clusters")));
            expect(Date.now() - t).toBeGreaterThanOrEqual(110);
            const log = sim.requestLog();
            expect(log).toHaveLength(5);
            for (const e of log) expect(e.endedAt! - e.startedAt).toBeGreaterThanOrEqual(110);
            expect(sim.inFlight).toBe(0);
            sim.clearRequestLog();
            expect(sim.peakInFlight).toBe(0);
            await get(sim, "/v1/clusters");
            expect(sim.peakInFlight).toBe(1);
        } finally {
            await sim.close();
        }
    });

    it("peakInFlight sees concurrent requests; clearRequestLog() resets it to the requests still in flight", async () => {
        // Ten minutes of latency holds every request until close(): all five are in flight together whatever the
        // machine's load, and the wait below ends on that event, not after some time.
        const sim = await startSimulator({ latencyMs: 600_000 });
        try {
            const pending = Promise.allSettled(Array.from({ length: 5 }, () => get(sim, "/v1/clusters")));
            await waitUntil("5 requests in flight", () => sim.inFlight === 5);
            expect(sim.peakInFlight).toBe(5);
            expect(sim.requestLog().map((e) => e.status)).toEqual([0, 0, 0, 0, 0]); // none answered: all delayed
            sim.clearRequestLog();
            expect(sim.peakInFlight).toBe(5);
            await sim.close();
            expect((await pending).map((p) => p.status)).toEqual(["rejected", "rejected", "rejected", "rejected", "rejected"]);
        } finally {
            await sim.close();
        }
    });
});

describe("simulator request log", () => {
    it("records method, relative path, query, status, X-Request-Id, times and redacted bodies, and no secrets", async () => {
        const sim = await startSimulator();
        try {
            await get(sim, "/v1/products", { clusterId: "as-sgp-2" }, { headers: { "X-Request-Id": "req-1" } });
            await post(sim, "/v1/gpu/instance/create", createBody({ name: "logged", envs: [{ key: "HF_TOKEN", value: "hf_secret_value" }], imageAuth: "user:registry-pass" }));
            await get(sim, "/v1/clusters", undefined, { auth: "Bearer wrong-key-xyz" });
            const log = sim.requests;
            expect(log).toHaveLength(3);
            expect(log[0]).toMatchObject({ seq: 1, method: "GET", path: "/v1/products", query: { clusterId: "as-sgp-2" }, status: 200, requestId: "req-1" });
            expect(log[0]!.endedAt!).toBeGreaterThanOrEqual(log[0]!.startedAt);
            expect(log[1]).toMatchObject({ seq: 2, method: "POST", path: "/v1/gpu/instance/create", status: 200 });
            expect((log[1]!.body as { envs: unknown[] }).envs).toEqual([{ key: "HF_TOKEN", value: "[REDACTED]" }]);
            expect((log[1]!.body as { imageAuth: string }).imageAuth).toBe("[REDACTED]");
            expect(log[2]).toMatchObject({ seq: 3, status: 403 });
            const text = JSON.stringify(log);
            for (const secret of [sim.apiKey, "hf_secret_value", "registry-pass", "wrong-key-xyz", "Authorization", "authorization"]) expect(text).not.toContain(secret);
            sim.clearRequestLog();
            expect(sim.requestLog()).toEqual([]);
        } finally {
            await sim.close();
        }
    });

    it("the snapshot never exposes inline registry credentials", async () => {
        const sim = await startSimulator();
        try {
            const id = await create(sim, { imageAuth: "user:inline-pass" });
            expect(sim.instance(id)!.hasInlineImageAuth).toBe(true);
            expect(JSON.stringify(sim.instances())).not.toContain("inline-pass");
            expect(JSON.stringify((await get(sim, "/v1/gpu/instance", { instanceId: id })).json)).not.toContain("inline-pass");
        } finally {
            await sim.close();
        }
    });
});

describe("simulator pause/resume", () => {
    it("refuses connections while paused and serves the same state on the same port after resume", async () => {
        const sim = await startSimulator();
        try {
            const id = await create(sim);
            await sim.pause();
            const err = await get(sim, "/v1/clusters").then(
                () => undefined,
                (e: { cause?: { code?: string } }) => e,
            );
            expect(err?.cause?.code).toBe("ECONNREFUSED");
            await sim.resume();
            const r = await get(sim, "/v1/gpu/instance", { instanceId: id });
            expect([r.status, r.json.id]).toEqual([200, id]);
        } finally {
            await sim.close();
        }
    });
});
