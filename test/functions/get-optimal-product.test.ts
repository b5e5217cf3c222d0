/** getOptimalProduct / getOptimalProductOutput against the simulator's seed catalogue over HTTP. */
import * as pulumi from "@pulumi/pulumi";
import { getOptimalProduct, getOptimalProductOutput, NoEligibleProductError, NovitaApiError, NovitaNetworkError, SelectionError } from "../../src";
import { startSimulator, type Simulator } from "../../src/simulator";
import { waitUntil } from "../simulator/helpers";
import { NovitaTimeoutError, NovitaValidationError } from "../../src/api/errors";
import { configure, getClient } from "../../src/provider/config";

let sim: Simulator;
const products = () => sim.requestLog().filter((r) => r.path === "/v1/products");
const clusters = () => sim.requestLog().filter((r) => r.path === "/v1/clusters");

beforeEach(async () => {
    // A fresh simulator per test: a new base URL, so the process-level memo never carries over.
    sim = await startSimulator({ seed: 3 });
    process.env.NOVITA_API_KEY = sim.apiKey;
    process.env.NOVITA_BASE_URL = sim.baseUrl;
    process.env.NOVITA_TIME_SCALE = "0.001"; // retry backoff in API time, slept 1000× faster
});
afterEach(async () => {
    delete process.env.NOVITA_TIME_SCALE;
    delete process.env.NOVITA_API_KEY;
    delete process.env.NOVITA_BASE_URL;
    await sim.close();
});

describe("strategies", () => {
    test("priority: the first listed region with an eligible product wins, cheapest within it", async () => {
        const r = await getOptimalProduct({ productName: "RTX 4090" });
        expect(r).toMatchObject({ productId: "4090.16c62g", clusterId: "as-sgp-2", region: "AS-SGP-02", billingMode: "onDemand", pricePerHour: 0.35 });
        expect(r.considered.find((c) => c.status === "picked")!.productId).toBe("4090.16c62g");
        expect(new Date(r.fetchedAt).getTime()).toBeGreaterThan(0);
    });

    test("cheapest: the lowest price across all listed regions, region order breaking ties", async () => {
        const r = await getOptimalProduct({ productName: "RTX 4090", strategy: "cheapest" });
        // $0.29 is offered in CN-HK-01 and AS-IN-01; CN-HK-01 is listed first.
        expect(r).toMatchObject({ productId: "4090.16c96g.v2", region: "CN-HK-01", pricePerGpuHour: 0.29 });
        const ranked = r.considered.filter((c) => c.status === "ranked");
        expect(ranked.some((c) => c.region === "AS-IN-01" && c.pricePerGpuHour === 0.29)).toBe(true);
    });

    test("preferredRegion moves its region to the front", async () => {
        expect((await getOptimalProduct({ productName: "RTX 4090", preferredRegion: "AS-IN-01" })).region).toBe("AS-IN-01");
    });

    test("a sold-out first region falls back to the next one", async () => {
        sim.setSoldOut("4090.16c62g", "as-sgp-2");
        const r = await getOptimalProduct({ productName: "RTX 4090" });
        expect(r.region).toBe("CN-HK-01");
        const sgp = r.considered.find((c) => c.region === "AS-SGP-02")!;
        expect(sgp.status).toBe("rejected");
        expect("reason" in sgp && sgp.reason).toMatch(/sold out/i);
    });

    test("spotThenOnDemand takes spot anywhere before on-demand, and on-demand when no spot is left", async () => {
        expect(await getOptimalProduct({ productName: "RTX 4090", billingMode: "spotThenOnDemand" })).toMatchObject({ billingMode: "spot", region: "AS-SGP-02", pricePerGpuHour: 0.18 });
        for (const [p, c] of [["4090.16c62g", "as-sgp-2"], ["4090.16c62g", "cn-hongkong-1"], ["4090.16c96g.v2", "as-in-1"]]) sim.setSoldOut(p!, c!, "spot");
        const r = await getOptimalProduct({ productName: "RTX 4090", billingMode: "spotThenOnDemand", gpuNum: 1, minCpuPerGpu: 1 });
        expect(r).toMatchObject({ billingMode: "onDemand", region: "AS-SGP-02" });
    });

    test("maxPricePerHour applies to the instance price: gpuNum 2 doubles it", async () => {
        const r = await getOptimalProduct({ productName: "RTX 4090", gpuNum: 2, maxPricePerHour: 0.6, strategy: "cheapest" });
        expect(r).toMatchObject({ productId: "4090.16c96g.v2", pricePerHour: 0.58, gpuNum: 2 });
    });

    test("the same catalogue always gives the same pick", async () => {
        const args = { productName: "RTX 4090", strategy: "cheapest" as const, regions: ["AS-IN-01", "CN-HK-01", "AS-SGP-02"] };
        const first = await getOptimalProduct(args);
        const again = await getOptimalProduct({ ...args, regions: [...args.regions] });
        expect(again).toBe(first); // memoised
        const s2 = await startSimulator({ seed: 99 });
        try {
            process.env.NOVITA_BASE_URL = s2.baseUrl;
            process.env.NOVITA_API_KEY = s2.apiKey;
            const elsewhere = await getOptimalProduct(args);
            expect({ ...elsewhere, fetchedAt: 0, considered: 0 }).toEqual({ ...first, fetchedAt: 0, considered: 0 });
        } finally {
            await s2.close();
        }
    });
});

describe("nothing qualifies", () => {
    test("one error lists every region with why, and what to relax", async () => {
        const e = await getOptimalProduct({ productName: "RTX 4090", maxPricePerHour: 0.1, regions: ["AS-SGP-02", "CN-HK-01", "AS-IN-01"] }).catch((x) => x);
        expect(e).toBeInstanceOf(NoEligibleProductError);
        for (const region of ["AS-SGP-02", "CN-HK-01", "AS-IN-01"]) expect(e.message).toContain(region);
        expect(e.message).toMatch(/maxPricePerHour/);
    });

    test("an unknown region names the available ones, before any product request", async () => {
        const e = await getOptimalProduct({ productName: "RTX 4090", regions: ["MARS-01"] }).catch((x) => x);
        expect(e).toBeInstanceOf(SelectionError);
        expect(e.message).toContain("MARS-01");
        expect(e.message).toContain("AS-SGP-02");
        expect(products()).toHaveLength(0);
    });

    test("bad arguments name the field and send nothing", async () => {
        const e = await getOptimalProduct({ productName: "RTX 4090", gpuNum: 9 }).catch((x) => x);
        expect(e).toBeInstanceOf(SelectionError);
        expect(e.field).toBe("gpuNum");
        expect(sim.requestLog()).toHaveLength(0);
    });

    test("authentication and network errors surface at once, never as 'no capacity'", async () => {
        process.env.NOVITA_API_KEY = "sk_not_the_right_key";
        const auth = await getOptimalProduct({ productName: "RTX 4090" }).catch((x) => x);
        expect(auth).toBeInstanceOf(NovitaApiError);
        expect(auth.status).toBe(403); // INVALID_API_KEY, the simulator's default since issue #12
        expect(auth.message).not.toContain("sk_not_the_right_key");
        process.env.NOVITA_API_KEY = sim.apiKey;
        sim.inject({ path: "/v1/products", kind: "status", status: 400, reason: "UNAUTHORIZED", count: 100 });
        await expect(getOptimalProduct({ productName: "RTX 3090" })).rejects.toBeInstanceOf(NovitaApiError);
        sim.clearFaults();
        await sim.pause();
        const net = await getOptimalProduct({ productName: "L40S" }).catch((x) => x);
        await sim.resume();
        expect(net).toBeInstanceOf(NovitaNetworkError);
    });
});

describe("requests", () => {
    test("one clusters request plus one products request per region × billing method, all at once", async () => {
        // Every products request is held (ten minutes of latency) until the simulator closes. Made region after
        // region, only the first would ever arrive; made at once, all eight are in flight together.
        sim.inject({ path: "/v1/products", kind: "latency", ms: 600_000, count: 8 });
        const call = getOptimalProduct({ productName: "RTX 4090", billingMode: "spotThenOnDemand", regions: ["AS-SGP-02", "CN-HK-01", "AS-IN-01", "US-CA-06"] }).catch((e: unknown) => e);
        await waitUntil("eight products requests", () => products().length >= 8);
        const prods = products();
        expect(prods).toHaveLength(4 * 2);
        expect(prods.map((r) => r.status)).toEqual(prods.map(() => 0)); // none answered yet: all in flight at once
        expect(clusters()).toHaveLength(1);
        expect(new Set(prods.map((r) => `${r.query.clusterId}|${r.query.billingMethod}`)).size).toBe(8);
        await sim.close(); // drops the held requests; the call then fails
        expect(await call).toBeInstanceOf(Error);
    });

    test("repeated calls with the same arguments cost no request; other arguments reuse the clusters", async () => {
        await getOptimalProduct({ productName: "RTX 4090" });
        const before = sim.requestLog().length;
        await getOptimalProduct({ productName: "RTX 4090" });
        await getOptimalProduct({ productName: "rtx 4090", regions: ["AS-SGP-02", "CN-HK-01", "AS-IN-01"] });
        expect(sim.requestLog()).toHaveLength(before);
        await getOptimalProduct({ productName: "RTX 3090" });
        expect(clusters()).toHaveLength(1);
        expect(products()).toHaveLength(6);
    });

    test("the memo lasts one program run: a new run asks again", async () => {
        const mocks = { newResource: (a: pulumi.runtime.MockResourceArgs) => ({ id: a.name, state: a.inputs }), call: () => ({}) };
        await pulumi.runtime.setMocks(mocks, "p", "run1");
        await getOptimalProduct({ productName: "RTX 4090" });
        await getOptimalProduct({ productName: "RTX 4090" });
        expect(clusters()).toHaveLength(1);
        await pulumi.runtime.setMocks(mocks, "p", "run2");
        await getOptimalProduct({ productName: "RTX 4090" });
        expect(clusters()).toHaveLength(2);
    });
});

describe("output form", () => {
    test("takes Inputs and resolves to the same pick", async () => {
        await pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: () => ({}) }, "p", "out");
        const out = getOptimalProductOutput({ productName: pulumi.output("RTX 4090"), regions: pulumi.output(["CN-HK-01"]) });
        const r = await new Promise<{ productId: string; region: string }>((res) => out.apply(res));
        expect(r).toMatchObject({ productId: "4090.16c96g.v2", region: "CN-HK-01" });
    });
});

describe("errors reach the user as one message, without a stack trace (issue #10)", () => {
    test("every failure is a Pulumi RunError (the language host prints its message only) and keeps its own class", async () => {
        const bad = await getOptimalProduct({ productName: "RTX 4090", gpuNum: 9 }).catch((x) => x);
        const none = await getOptimalProduct({ productName: "RTX 4090", maxPricePerHour: 0.01 }).catch((x) => x);
        process.env.NOVITA_API_KEY = "sk_not_the_right_key";
        const auth = await getOptimalProduct({ productName: "RTX 3090" }).catch((x) => x);
        for (const [e, cls] of [[bad, SelectionError], [none, NoEligibleProductError], [auth, NovitaApiError]] as const) {
            expect(e).toBeInstanceOf(cls);
            expect(pulumi.RunError.isInstance(e)).toBe(true);
            expect(e.message).toMatch(/^getOptimalProduct: /);
        }
        expect(auth.message).toContain("The API key from NOVITA_API_KEY was refused: set it with `pulumi config set --secret novita:apiKey <key>` or export NOVITA_API_KEY");
        expect(auth.message).not.toContain("sk_not_the_right_key");
    });

    test('a near miss of a name fails with "did you mean", never selecting it', async () => {
        const e = await getOptimalProduct({ productName: "RTX 409" }).catch((x) => x);
        expect(e).toBeInstanceOf(NoEligibleProductError);
        expect(e.message).toContain('did you mean "RTX 4090"');
    });
});

describe("settings: the provider's resolver (src/provider/settings.ts), fed from the program's stack config", () => {
    const providerError = async (values: Record<string, string>): Promise<NovitaValidationError> => {
        await configure({ config: { get: (k: string) => values[k] } });
        try {
            getClient();
        } catch (e) {
            return e as NovitaValidationError;
        } finally {
            await configure({ config: { get: () => undefined } });
        }
        throw new Error("the provider accepted the settings");
    };
    afterEach(() => {
        for (const k of ["novita:timeScale", "novita:requestTimeout", "novita:debug"]) pulumi.runtime.setConfig(k, "");
    });

    test("a bad novita:timeScale is refused before any request, with the provider's error", async () => {
        pulumi.runtime.setConfig("novita:timeScale", "fast");
        const e = await getOptimalProduct({ productName: "RTX 4090" }).catch((x) => x);
        expect(e).toBeInstanceOf(NovitaValidationError);
        const p = await providerError({ "novita:apiKey": sim.apiKey, "novita:timeScale": "fast" });
        expect({ field: e.field, issues: e.issues }).toEqual({ field: "novita:timeScale", issues: p.issues });
        expect(e.message).toBe(`getOptimalProduct: invalid novita:timeScale: must be a positive number`);
        expect(sim.requestLog()).toHaveLength(0);
    });

    test("a bad novita:requestTimeout is refused the same way", async () => {
        pulumi.runtime.setConfig("novita:requestTimeout", "soon");
        const e = await getOptimalProduct({ productName: "RTX 4090" }).catch((x) => x);
        const p = await providerError({ "novita:apiKey": sim.apiKey, "novita:requestTimeout": "soon" });
        expect({ field: e.field, issues: e.issues }).toEqual({ field: "novita:requestTimeout", issues: p.issues });
        expect(sim.requestLog()).toHaveLength(0);
    });

    test("novita:requestTimeout bounds each request: a held answer times out", async () => {
        pulumi.runtime.setConfig("novita:requestTimeout", "200ms");
        sim.inject({ path: "/v1/clusters", kind: "latency", ms: 600_000, count: 100 });
        const e = await getOptimalProduct({ productName: "RTX 4090" }).catch((x) => x);
        expect(e).toBeInstanceOf(NovitaTimeoutError);
        expect(e.timeoutMs).toBe(200);
    });

    test("novita:debug logs one line per HTTP attempt to stderr", async () => {
        pulumi.runtime.setConfig("novita:debug", "true");
        const lines: string[] = [];
        const write = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
        try {
            await getOptimalProduct({ productName: "RTX 4090", regions: ["AS-SGP-02"] });
        } finally {
            write.mockRestore();
        }
        expect(lines.filter((l) => l.includes("/v1/clusters"))).toHaveLength(1);
        expect(lines.filter((l) => l.includes("/v1/products")).length).toBeGreaterThan(0);
    });
});
