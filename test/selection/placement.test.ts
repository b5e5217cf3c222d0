import { placementSatisfies, type Placement } from "../../src/selection";

/** What the provider stored when it created the instance with the original selector. */
const PLACEMENT: Placement = {
    productId: "4090.16c62g",
    productName: "RTX 4090 24GB",
    clusterId: "cn-hongkong-1",
    region: "CN-HK-01",
    billingMode: "spot",
    pricePerGpuHour: 0.18,
};
const ORIGINAL = { productName: "RTX 4090", regions: ["AS-SGP-02", "CN-HK-01"], billingMode: "spotThenOnDemand" as const, maxPricePerHour: 0.5 };

describe("placementSatisfies: changes that still match (no replace)", () => {
    it.each([
        ["the selector as created", ORIGINAL],
        ["the name respelled", { ...ORIGINAL, productName: "rtx-4090" }],
        ["a region added", { ...ORIGINAL, regions: [...ORIGINAL.regions, "AS-IN-01"] }],
        ["the regions reordered and preferredRegion changed", { ...ORIGINAL, regions: ["CN-HK-01", "AS-SGP-02"], preferredRegion: "AS-SGP-02" }],
        ["the region named by cluster id", { ...ORIGINAL, regions: ["cn-hongkong-1"] }],
        ["the region in display form", { ...ORIGINAL, regions: ["CN-HK-01 (Hong Kong)"] }],
        ["billingMode narrowed to the mode it runs in", { ...ORIGINAL, billingMode: "spot" as const }],
        ["the strategy changed", { ...ORIGINAL, strategy: "cheapest" as const }],
        ["maxPricePerHour lowered below what it pays", { ...ORIGINAL, maxPricePerHour: 0.1 }],
        ["maxPricePerHour removed", { ...ORIGINAL, maxPricePerHour: undefined }],
    ])("%s", (_, selector) => {
        expect(placementSatisfies(selector, PLACEMENT)).toEqual({ ok: true });
    });

    it("ignores a moved price: the stored pricePerGpuHour is never re-judged", () => {
        expect(placementSatisfies({ ...ORIGINAL, maxPricePerHour: 0.2 }, { ...PLACEMENT, pricePerGpuHour: 9.99 })).toEqual({ ok: true });
    });

    it("defaults to the default regions when the selector names none", () => {
        expect(placementSatisfies({ productName: "RTX 4090", billingMode: "spot" }, PLACEMENT)).toEqual({ ok: true });
    });
});

describe("placementSatisfies: changes that no longer match (replace)", () => {
    it("the region was removed from the list", () => {
        expect(placementSatisfies({ ...ORIGINAL, regions: ["AS-SGP-02", "AS-IN-01"] }, PLACEMENT)).toEqual({
            ok: false,
            field: "regions",
            reason: "RTX 4090 24GB (4090.16c62g) in CN-HK-01: region CN-HK-01 is not in regions [AS-SGP-02, AS-IN-01]",
        });
    });

    it("the product name changed", () => {
        expect(placementSatisfies({ ...ORIGINAL, productName: "A100" }, PLACEMENT)).toMatchObject({
            ok: false,
            field: "productName",
            reason: expect.stringContaining('product name does not match productName "A100"'),
        });
    });

    it("the billing mode it runs in is no longer allowed", () => {
        expect(placementSatisfies({ ...ORIGINAL, billingMode: "onDemand" }, PLACEMENT)).toMatchObject({
            ok: false,
            field: "billingMode",
            reason: expect.stringContaining("spot billing is not allowed by billingMode onDemand"),
        });
        expect(placementSatisfies({ ...ORIGINAL, billingMode: "spot" }, { ...PLACEMENT, billingMode: "onDemand" })).toMatchObject({ ok: false, field: "billingMode" });
    });

    it("never accepts a monthly placement, which no selector mode selects", () => {
        expect(placementSatisfies(ORIGINAL, { ...PLACEMENT, billingMode: "monthly" })).toMatchObject({ ok: false, field: "billingMode" });
    });
});

describe("placementSatisfies: product limits, when product data is supplied", () => {
    const withProduct = { ...PLACEMENT, product: { cpuPerGpu: 16, memoryPerGpu: 62, maxRootFS: 200 } };

    it("passes limits the product meets, fails the first one it does not", () => {
        expect(placementSatisfies({ ...ORIGINAL, minCpuPerGpu: 16, minMemoryPerGpu: 62, minRootfsSize: 200 }, withProduct)).toEqual({ ok: true });
        expect(placementSatisfies({ ...ORIGINAL, minCpuPerGpu: 32 }, withProduct)).toMatchObject({ ok: false, field: "minCpuPerGpu" });
        expect(placementSatisfies({ ...ORIGINAL, minMemoryPerGpu: 80 }, withProduct)).toMatchObject({
            ok: false,
            field: "minMemoryPerGpu",
            reason: expect.stringContaining("62 GB memory per GPU, less than minMemoryPerGpu 80 GB"),
        });
        expect(placementSatisfies({ ...ORIGINAL, minRootfsSize: 500 }, withProduct)).toMatchObject({ ok: false, field: "minRootfsSize" });
    });

    it("does not judge limits without product data", () => {
        expect(placementSatisfies({ ...ORIGINAL, minMemoryPerGpu: 512 }, PLACEMENT)).toEqual({ ok: true });
    });
});
