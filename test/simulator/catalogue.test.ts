import { usdToUnits } from "../../src/api/units";
import { startSimulator, type Simulator } from "../../src/simulator";
import { get } from "./helpers";

type P = Record<string, any>;
const products = async (sim: Simulator, query: Record<string, string | number> = {}): Promise<P[]> => {
    const r = await get(sim, "/v1/products", query);
    expect(r.status).toBe(200);
    return r.json.data;
};
const byId = (list: P[], id: string) => list.find((p) => p.id === id);
const ids = (list: P[]) => list.map((p) => p.id).sort();

describe("simulator clusters", () => {
    let sim: Simulator;
    beforeAll(async () => void (sim = await startSimulator()));
    afterAll(() => sim.close());

    it("lists the seed clusters with the documented fields under data", async () => {
        const r = await get(sim, "/v1/clusters");
        const data = r.json.data as P[];
        expect(Object.keys(r.json)).toEqual(["data"]);
        expect(data.map((c) => [c.id, c.name])).toEqual(
            expect.arrayContaining([["as-sgp-2", "AS-SGP-02"], ["cn-hongkong-1", "CN-HK-01"], ["as-in-1", "AS-IN-01"], ["us-ca-6", "US-CA-06"]]),
        );
        for (const c of data) {
            expect(Object.keys(c).sort()).toEqual(["availableGpuType", "id", "name", "supportInstanceNetwork", "supportNetworkStorage"]);
            expect(typeof c.supportNetworkStorage).toBe("boolean");
        }
        expect(data.find((c) => c.id === "us-ca-6")!.availableGpuType).toEqual(expect.arrayContaining(["H100 SXM 80GB", "RTX 4090 24GB"]));
    });
});

describe("simulator products", () => {
    let sim: Simulator;
    beforeAll(async () => void (sim = await startSimulator()));
    afterAll(() => sim.close());

    it("encodes prices as numeric strings in 1/100 000 USD per GPU-hour and regions as display names", async () => {
        const p = byId(await products(sim), "4090.16c62g")!;
        expect(p.name).toBe("RTX 4090 24GB");
        expect(p.price).toBe("35000");
        expect(p.spotPrice).toBe("18000");
        expect(p.price).toBe(String(usdToUnits(0.35)));
        expect(p.regions).toEqual(["AS-SGP-02 (Singapore)", "CN-HK-01 (Hong Kong)", "US-CA-06 (California)"]);
        expect(p.billingMethods).toEqual(["onDemand", "monthly", "spot"]);
        expect(p.monthlyPrice).toEqual([
            { price: usdToUnits(0.35 * 720 * 0.9), month: 1 },
            { price: usdToUnits(0.35 * 720 * 3 * 0.85), month: 3 },
            { price: usdToUnits(0.35 * 720 * 6 * 0.8), month: 6 },
            { price: usdToUnits(0.35 * 720 * 12 * 0.75), month: 12 },
        ]);
        expect(p).toMatchObject({ cpuPerGpu: 16, memoryPerGpu: 62, diskPerGpu: 60, minRootFS: 10, maxRootFS: 500, canBuy: true, availableDeploy: true });
    });

    it("sends an empty spotPrice and no spot billing method for a product without spot", async () => {
        const h = byId(await products(sim), "H100-80GB.16c240g")!;
        expect(h.spotPrice).toBe("");
        expect(h.billingMethods).not.toContain("spot");
        expect(h.price).toBe("289000");
    });

    it("offers the same GPU under two product ids at different prices in different clusters", async () => {
        const all = await products(sim, { productName: "4090" });
        expect(ids(all)).toEqual(["4090.16c62g", "4090.16c96g.v2"]);
        const v2 = byId(all, "4090.16c96g.v2")!;
        expect(Number(v2.price)).toBeLessThan(Number(byId(all, "4090.16c62g")!.price));
        expect(v2.regions).toEqual(["CN-HK-01 (Hong Kong)", "AS-IN-01 (India)"]);
    });

    it("without clusterId, availability is any cluster's and inventory counts every cluster's free GPUs", async () => {
        const p = byId(await products(sim), "4090.16c62g")!;
        expect(p.inventoryState).toBe("high"); // 24 + 0 + 40
        const a100 = byId(await products(sim), "A100-80GB.14c240g")!;
        expect(a100.availableDeploy).toBe(true); // sold out in as-sgp-2, 16 in us-ca-6
    });

    it("with clusterId, lists only products offered there and reports that cluster's stock", async () => {
        const sgp = await products(sim, { clusterId: "as-sgp-2" });
        expect(ids(sgp)).toEqual(["3090.16c92g", "4090.16c62g", "A100-80GB.14c240g", "L40S.16c120g"]);
        expect(byId(sgp, "4090.16c62g")).toMatchObject({ availableDeploy: true, inventoryState: "normal" });
        expect(byId(sgp, "A100-80GB.14c240g")).toMatchObject({ availableDeploy: false, inventoryState: "none", canBuy: false });
        const hk = await products(sim, { clusterId: "cn-hongkong-1" });
        expect(byId(hk, "4090.16c62g")).toMatchObject({ availableDeploy: false, inventoryState: "none" });
        expect(await products(sim, { clusterId: "nowhere-1" })).toEqual([]);
    });

    it("computes availability from the spot pool when billingMethod=spot and drops products without spot", async () => {
        const hk = await products(sim, { clusterId: "cn-hongkong-1", billingMethod: "spot" });
        expect(byId(hk, "4090.16c62g")).toMatchObject({ availableDeploy: true, inventoryState: "low" });
        expect(byId(hk, "H100-80GB.16c240g")).toBeUndefined();
        expect(byId(hk, "4090.16c96g.v2")).toBeUndefined(); // v2 has no spot stock in Hong Kong
        const allSpot = await products(sim, { billingMethod: "spot" });
        expect(ids(allSpot)).not.toContain("H100-80GB.16c240g");
        expect(byId(allSpot, "L40S.16c120g")!.regions).toEqual(["AS-SGP-02 (Singapore)", "US-CA-06 (California)"]);
    });

    it("keeps only subscription products for billingMethod=monthly", async () => {
        expect(ids(await products(sim, { billingMethod: "monthly" }))).toEqual(["3090.16c92g", "4090.16c62g", "A100-80GB.14c240g", "H100-80GB.16c240g"]);
    });

    it("matches productName fuzzily and case-insensitively", async () => {
        expect(ids(await products(sim, { productName: "rtx4090" }))).toEqual(["4090.16c62g", "4090.16c96g.v2"]);
        expect(ids(await products(sim, { productName: "h100" }))).toEqual(["H100-80GB.16c240g"]);
        expect(ids(await products(sim, { productName: "RTX 3090" }))).toEqual(["3090.16c92g"]);
        expect(await products(sim, { productName: "B200" })).toEqual([]);
    });

    it("filters by gpuNum: products that cannot hold that many GPUs disappear, availability needs that many free", async () => {
        const eight = await products(sim, { gpuNum: 8 });
        expect(ids(eight)).not.toContain("L40S.16c120g"); // at most 4 GPUs per instance
        const india = await products(sim, { clusterId: "as-in-1", gpuNum: 4 });
        expect(byId(india, "4090.16c96g.v2")).toMatchObject({ availableDeploy: true }); // 6 free
        expect(byId(india, "3090.16c92g")).toMatchObject({ availableDeploy: false }); // 3 free
    });

    it("filters by minCpuPerGpu, minMemoryPerGpu and minRootFSSize", async () => {
        expect(ids(await products(sim, { minCpuPerGpu: 15 }))).not.toContain("A100-80GB.14c240g");
        expect(ids(await products(sim, { minMemoryPerGpu: 200 }))).toEqual(["A100-80GB.14c240g", "H100-80GB.16c240g"]);
        expect(ids(await products(sim, { minRootFSSize: 1500 }))).toEqual(["H100-80GB.16c240g"]);
    });

    it("rejects out-of-range filters with VALIDATOR_PARAM naming the field", async () => {
        const r = await get(sim, "/v1/products", { gpuNum: 9 });
        expect(r.status).toBe(400);
        expect(r.json.reason).toBe("VALIDATOR_PARAM");
        expect(r.json.message).toContain("gpuNum");
        const b = await get(sim, "/v1/products", { billingMethod: "hourly" });
        expect(b.json.message).toContain("billingMethod");
        expect(b.json.message).not.toContain("hourly");
    });
});

describe("simulator catalogue controls", () => {
    let sim: Simulator;
    beforeEach(async () => void (sim = await startSimulator()));
    afterEach(() => sim.close());

    it("setPrice changes the listed prices and spot: null withdraws the spot offer", async () => {
        sim.setPrice("4090.16c62g", { onDemand: 0.42, spot: 0.2 });
        let p = byId(await products(sim), "4090.16c62g")!;
        expect([p.price, p.spotPrice]).toEqual(["42000", "20000"]);
        sim.setPrice("4090.16c62g", { spot: null });
        p = byId(await products(sim), "4090.16c62g")!;
        expect(p.spotPrice).toBe("");
        expect(ids(await products(sim, { billingMethod: "spot" }))).not.toContain("4090.16c62g");
    });

    it("setSoldOut and setCapacity drive availableDeploy and inventoryState per pool", async () => {
        sim.setSoldOut("4090.16c62g", "as-sgp-2", "onDemand");
        let p = byId(await products(sim, { clusterId: "as-sgp-2" }), "4090.16c62g")!;
        expect(p).toMatchObject({ availableDeploy: false, inventoryState: "none" });
        const spot = byId(await products(sim, { clusterId: "as-sgp-2", billingMethod: "spot" }), "4090.16c62g")!;
        expect(spot).toMatchObject({ availableDeploy: true, inventoryState: "normal" });
        sim.setCapacity("4090.16c62g", "as-sgp-2", 40);
        p = byId(await products(sim, { clusterId: "as-sgp-2" }), "4090.16c62g")!;
        expect(p).toMatchObject({ availableDeploy: true, inventoryState: "high" });
        expect(sim.freeGpus("4090.16c62g", "as-sgp-2", "spot")).toBe(40);
    });

    it("setCapacity can offer a product in a new cluster", async () => {
        sim.setCapacity("H100-80GB.16c240g", "as-sgp-2", 2, "onDemand");
        const p = byId(await products(sim, { clusterId: "as-sgp-2" }), "H100-80GB.16c240g")!;
        expect(p).toMatchObject({ availableDeploy: true, inventoryState: "low" });
        expect(p.regions).toContain("AS-SGP-02 (Singapore)");
    });

    it("controls refuse unknown products and clusters", () => {
        expect(() => sim.setCapacity("nope", "as-sgp-2", 1)).toThrow(/unknown product/);
        expect(() => sim.setSoldOut("4090.16c62g", "nowhere")).toThrow(/unknown cluster/);
        expect(() => sim.setCapacity("4090.16c62g", "as-sgp-2", -1)).toThrow();
    });

    it("a catalogue override replaces the seed", async () => {
        const custom = await startSimulator({
            catalogue: {
                clusters: [{ id: "eu-de-1", name: "EU-DE-01", location: "Germany", supportNetworkStorage: false, supportInstanceNetwork: false }],
                products: [{ id: "x.1c1g", name: "Test GPU", cpuPerGpu: 1, memoryPerGpu: 1, diskPerGpu: 1, minRootFS: 10, maxRootFS: 20, maxGpuNum: 1, priceUsd: 0.01, monthly: false, stock: { "eu-de-1": { onDemand: 1 } } }],
            },
        });
        try {
            const list = await products(custom);
            expect(list).toHaveLength(1);
            expect(list[0]).toMatchObject({ id: "x.1c1g", price: "1000", regions: ["EU-DE-01 (Germany)"], inventoryState: "low" });
        } finally {
            await custom.close();
        }
    });
});
