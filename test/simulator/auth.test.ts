import { startSimulator, type Simulator } from "../../src/simulator";
import { call, get } from "./helpers";

describe("simulator authentication and error envelope", () => {
    let sim: Simulator;
    beforeAll(async () => {
        sim = await startSimulator({ seed: "auth" });
    });
    afterAll(() => sim.close());

    // Behaviour changed by issue #12: a refused key is 403 INVALID_API_KEY by default (the only answer seen from
    // Novita's gateway); 401 UNAUTHORIZED (the GPU docs' table) is the authFailureStatus: 401 option.
    it("answers 403 INVALID_API_KEY with the documented error body when the Authorization header is missing", async () => {
        const r = await get(sim, "/v1/clusters", undefined, { auth: null });
        expect(r.status).toBe(403);
        expect(r.json).toEqual({ code: 403, reason: "INVALID_API_KEY", message: expect.any(String), metadata: {} });
    });

    it("answers 403 for a wrong key and never echoes the presented key", async () => {
        const wrong = "sk_wrong_key_that_must_not_be_echoed";
        const r = await get(sim, "/v1/products", undefined, { auth: `Bearer ${wrong}` });
        expect(r.status).toBe(403);
        expect(r.text).not.toContain(wrong);
        expect(r.text).not.toContain(sim.apiKey);
    });

    it("rejects the right key under another scheme than Bearer", async () => {
        const r = await get(sim, "/v1/clusters", undefined, { auth: `Basic ${sim.apiKey}` });
        expect(r.status).toBe(403);
    });

    it("answers 401 UNAUTHORIZED instead with authFailureStatus: 401", async () => {
        const s401 = await startSimulator({ authFailureStatus: 401 });
        try {
            const r = await get(s401, "/v1/clusters", undefined, { auth: "Bearer sk_wrong" });
            expect(r.status).toBe(401);
            expect(r.json).toEqual({ code: 401, reason: "UNAUTHORIZED", message: "API key is missing or incorrect", metadata: {} });
        } finally {
            await s401.close();
        }
    });

    it("answers 200 with the right key", async () => {
        const r = await get(sim, "/v1/clusters");
        expect(r.status).toBe(200);
        expect(Array.isArray(r.json.data)).toBe(true);
    });

    it("checks auth before routing: an unknown path is 403 without a key and 404 with it", async () => {
        expect((await get(sim, "/v1/no/such/route", undefined, { auth: null })).status).toBe(403);
        const r = await get(sim, "/v1/no/such/route");
        expect(r.status).toBe(404);
        expect(r.json).toEqual({ code: 404, reason: "NOT_FOUND", message: expect.any(String), metadata: {} });
    });

    it("serves the API only under the real base path, and the metrics path only outside it", async () => {
        const at = async (path: string) => {
            const res = await fetch(sim.url + path, { headers: { Authorization: `Bearer ${sim.apiKey}` } });
            return res.status;
        };
        expect(await at("/gpu-instance/openapi/v1/clusters")).toBe(200);
        // Before issue #12 these paths also answered; the real API has no such paths.
        expect(await at("/v1/clusters")).toBe(404);
        expect(await at("/openapi/v1/clusters")).toBe(404);
        expect(await at("/gpu-instance/v1/clusters")).toBe(404);
        expect(await at("/gpu-instance/openapi/openapi/v1/metrics/gpu/instance?instanceId=x")).toBe(404);
    });

    it("answers 404 for a known path with the wrong method (v1 is GET/POST only)", async () => {
        expect((await call(sim, "POST", "/v1/clusters")).status).toBe(404);
    });

    it("answers 400 VALIDATOR_PARAM for a body that is not JSON", async () => {
        const r = await call(sim, "POST", "/v1/gpu/instance/create", { rawBody: "{not json" });
        expect(r.status).toBe(400);
        expect(r.json.reason).toBe("VALIDATOR_PARAM");
    });

    it("generates a fresh sk_sim_ key per start unless one is given", async () => {
        const a = await startSimulator();
        const b = await startSimulator({ apiKey: "sk_given_key" });
        try {
            expect(a.apiKey).toMatch(/^sk_sim_[0-9a-f]{32}$/);
            expect(a.apiKey).not.toBe(sim.apiKey);
            expect(b.apiKey).toBe("sk_given_key");
            expect((await get(b, "/v1/clusters", undefined, { auth: "Bearer sk_given_key" })).status).toBe(200);
        } finally {
            await Promise.all([a.close(), b.close()]);
        }
    });

    it("rotateApiKey: from then on only the new key is accepted, the old one is refused (403 INVALID_API_KEY)", async () => {
        const own = await startSimulator({ apiKey: "sk_key_a" });
        try {
            expect(own.rotateApiKey("sk_key_b")).toBe("sk_key_b");
            expect(own.apiKey).toBe("sk_key_b");
            expect((await get(own, "/v1/clusters", undefined, { auth: "Bearer sk_key_a" })).status).toBe(403);
            expect((await get(own, "/v1/clusters", undefined, { auth: "Bearer sk_key_b" })).status).toBe(200);
            const generated = own.rotateApiKey();
            expect(generated).toMatch(/^sk_sim_[0-9a-f]{32}$/);
            expect((await get(own, "/v1/clusters", undefined, { auth: "Bearer sk_key_b" })).status).toBe(403);
            expect((await get(own, "/v1/clusters")).status).toBe(200);
            expect(() => own.rotateApiKey(" ")).toThrow(/newKey/);
        } finally {
            await own.close();
        }
    });

    it("exposes url, baseUrl (= url + /gpu-instance/openapi) and port", () => {
        expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
        expect(sim.baseUrl).toBe(`${sim.url}/gpu-instance/openapi`);
    });

    it("keeps the API key out of the request log", () => {
        expect(JSON.stringify(sim.requestLog())).not.toContain(sim.apiKey);
    });

    it("rejects invalid options", async () => {
        await expect(startSimulator({ timeScale: 0 })).rejects.toThrow(/timeScale/);
        await expect(startSimulator({ notFoundStatus: 410 as 404 })).rejects.toThrow(/notFoundStatus/);
        await expect(startSimulator({ authFailureStatus: 400 as 401 })).rejects.toThrow(/authFailureStatus/);
    });
});
