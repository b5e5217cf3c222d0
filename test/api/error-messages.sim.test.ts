/**
 * Errors a user can act on (issue #10): a network failure names the host, the setting that chose it and the
 * bounded retry it gave up after; a refused key names where the key came from and what to do. Real HTTP.
 */
import { NovitaClient } from "../../src/api/client";
import { isAuthError, NovitaApiError, NovitaNetworkError, NovitaTimeoutError } from "../../src/api/errors";
import { startSimulator, type Simulator } from "../../src/simulator";
import { closedPort } from "../simulator/helpers";

const fast = { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 4 };


describe("network errors", () => {
    let url: string;
    let host: string;
    beforeAll(async () => {
        const port = await closedPort();
        host = `127.0.0.1:${port}`;
        url = `http://${host}/gpu-instance/openapi`;
    });

    test("name the host, the base URL and the option that chose it, after a stated bounded retry", async () => {
        const e = await new NovitaClient({ apiKey: "sk_x", baseUrl: url, retry: fast, timeScale: 0.001 }).listClusters().catch((x) => x);
        expect(e).toBeInstanceOf(NovitaNetworkError);
        expect(e.attempts).toBe(4);
        expect(e.message).toMatch(
            new RegExp(`^Novita API GET /v1/clusters: network error \\(ECONNREFUSED\\) reaching ${host} after 4 attempts over \\d+\\.\\d s \\(base URL ${url.replace(/[.]/g, "\\.")}, set by the baseUrl option\\)$`),
        );
    });

    test("say NOVITA_BASE_URL when the environment chose the host, and the caller's label when given", async () => {
        const prev = process.env.NOVITA_BASE_URL;
        process.env.NOVITA_BASE_URL = url;
        try {
            const fromEnv = await new NovitaClient({ apiKey: "sk_x", retry: fast, timeScale: 0.001 }).listClusters().catch((x) => x);
            expect(fromEnv.message).toContain(`(base URL ${url}, set by NOVITA_BASE_URL)`);
        } finally {
            if (prev === undefined) delete process.env.NOVITA_BASE_URL;
            else process.env.NOVITA_BASE_URL = prev;
        }
        const labelled = await new NovitaClient({ apiKey: "sk_x", baseUrl: url, baseUrlSource: "set by stack config novita:baseUrl", retry: fast, timeScale: 0.001 })
            .listClusters()
            .catch((x) => x);
        expect(labelled.message).toContain("set by stack config novita:baseUrl");
    });

    test("never print credentials embedded in the base URL", async () => {
        const withUser = url.replace("http://", "http://user:pa55word-secret@");
        const e = await new NovitaClient({ apiKey: "sk_x", baseUrl: withUser, retry: fast, timeScale: 0.001 }).listClusters().catch((x) => x);
        expect(e.message).toContain(`reaching ${host}`);
        expect(e.message).not.toContain("pa55word-secret");
    });

    test("a call that is not retried says it made one attempt", async () => {
        const e = await new NovitaClient({ apiKey: "sk_x", baseUrl: url, retry: fast, timeScale: 0.001 }).restartInstance("i-1").catch((x) => x);
        expect(e.message).toMatch(/network error \(ECONNREFUSED\) reaching .* after 1 attempt over \d+\.\d s/);
    });
});

describe("against the simulator", () => {
    let sim: Simulator;
    beforeAll(async () => (sim = await startSimulator({ timeScale: 0.001, seed: 11 })));
    afterAll(() => sim.close());
    beforeEach(() => sim.clearFaults());

    test("a timeout names the host and the retry it gave up after", async () => {
        sim.inject({ path: "/v1/clusters", kind: "hang", count: 10 });
        const e = await new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, timeoutMs: 50, retry: { ...fast, maxAttempts: 2 }, timeScale: 0.001 })
            .listClusters()
            .catch((x) => x);
        expect(e).toBeInstanceOf(NovitaTimeoutError);
        expect(e.message).toMatch(/^Novita API GET \/v1\/clusters: no response within 50 ms from 127\.0\.0\.1:\d+ after 2 attempts over \d+\.\d s \(base URL http:\/\/127\.0\.0\.1:\d+\/gpu-instance\/openapi, set by the baseUrl option\)$/);
    });

    test("a refused key (403 INVALID_API_KEY) says where the key came from and what to do, without echoing it", async () => {
        const e = await new NovitaClient({ apiKey: "sk_wrong_key_0123456789", baseUrl: sim.baseUrl, retry: fast }).listClusters().catch((x) => x);
        expect(e).toBeInstanceOf(NovitaApiError);
        expect(e.message).toMatch(/403 INVALID_API_KEY: Invalid API key\. The API key from the apiKey option was refused: .*NOVITA_API_KEY.*a simulator makes a new key each time it starts/);
        expect(e.message).not.toContain("sk_wrong_key_0123456789");
        const labelled = await new NovitaClient({ apiKey: "sk_wrong_key_0123456789", baseUrl: sim.baseUrl, apiKeySource: "stack config novita:apiKey", authHelp: "fix it" })
            .listClusters()
            .catch((x) => x);
        expect(labelled.message).toMatch(/The API key from stack config novita:apiKey was refused: fix it$/);
    });

    test("401 UNAUTHORIZED and 403 INVALID_API_KEY get the same advice", async () => {
        const s401 = await startSimulator({ authFailureStatus: 401 });
        try {
            const e = await new NovitaClient({ apiKey: "sk_wrong_key_0123456789", baseUrl: s401.baseUrl, retry: fast }).listClusters().catch((x) => x);
            expect(e.message).toMatch(/401 UNAUTHORIZED: API key is missing or incorrect\. The API key from the apiKey option was refused: .*NOVITA_API_KEY/);
            expect(isAuthError(e)).toBe(true);
        } finally {
            await s401.close();
        }
        const c = new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, retry: fast });
        sim.inject({ path: "/v1/clusters", kind: "status", status: 401, reason: "INVALID_API_KEY", count: 1 });
        expect((await c.listClusters().catch((x) => x)).message).toMatch(/401 INVALID_API_KEY: .*The API key from the apiKey option was refused: /);
    });

    test("403 FORBIDDEN and a 400 UNAUTHORIZED get the same advice; other errors do not", async () => {
        const c = new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, retry: fast });
        sim.inject({ path: "/v1/clusters", kind: "status", status: 403, reason: "FORBIDDEN", count: 1 });
        expect((await c.listClusters().catch((x) => x)).message).toMatch(/403 FORBIDDEN: .*The API key from the apiKey option was refused for this call: /);
        sim.inject({ path: "/v1/clusters", kind: "status", status: 400, reason: "UNAUTHORIZED", count: 1 });
        expect((await c.listClusters().catch((x) => x)).message).toMatch(/400 UNAUTHORIZED: .*The API key from the apiKey option was refused: /);
        sim.inject({ path: "/v1/clusters", kind: "status", status: 400, reason: "VALIDATOR_PARAM", count: 1 });
        expect((await c.listClusters().catch((x) => x)).message).not.toMatch(/API key/);
    });
});
