import { startSimulator, type Simulator } from "../../src/simulator";
import { call, get } from "./helpers";

describe("simulator authentication and error envelope", () => {
    let sim: Simulator;
    beforeAll(async () => {
        sim = await startSimulator({ seed: "auth" });
    });
    afterAll(() => sim.close());

    it("answers 401 UNAUTHORIZED with the documented error body when the Authorization header is missing", async () => {
        const r = await get(sim, "/v1/clusters", undefined, { auth: null });
        expect(r.status).toBe(401);
        expect(r.json).toEqual({ code: 401, reason: "UNAUTHORIZED", message: expect.any(String), metadata: {} });
    });

    it("answers 401 for a wrong key and never echoes the presented key", async () => {
        const wrong = "sk_wrong_key_that_must_not_be_echoed";
        const r = await get(sim, "/v1/products", undefined, { auth: `Bearer ${wrong}` });
        expect(r.status).toBe(401);
        expect(r.text).not.toContain(wrong);
        expect(r.text).not.toContain(sim.apiKey);
    });

    it("rejects the right key under another scheme than Bearer", async () => {
        const r = await get(sim, "/v1/clusters", undefined, { auth: `Basic ${sim.apiKey}` });
        expect(r.status).toBe(401);
    });

    it("answers 200 with the right key", async () => {
        const r = await get(sim, "/v1/clusters");
        expect(r.status).toBe(200);
        expect(Array.isArray(r.json.data)).toBe(true);
    });

    it("checks auth before routing: an unknown path is 401 without a key and 404 with it", async () => {
        expect((await get(sim, "/v1/no/such/route", undefined, { auth: null })).status).toBe(401);
        const r = await get(sim, "/v1/no/such/route");
        expect(r.status).toBe(404);
        expect(r.json).toEqual({ code: 404, reason: "NOT_FOUND", message: expect.any(String), metadata: {} });
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
    });
});
