import { SelectionError, selectorKey } from "../../src/selection";

describe("selectorKey", () => {
    it("is equal for selectors that select the same way", () => {
        const base = selectorKey({ productName: "RTX 4090", regions: ["AS-SGP-02", "CN-HK-01"], maxPricePerHour: 0.5 });
        expect(selectorKey({ maxPricePerHour: 0.5, regions: ["AS-SGP-02", "CN-HK-01"], productName: "RTX 4090" })).toBe(base); // key order
        expect(selectorKey({ productName: "rtx-4090", regions: ["as-sgp-02", "CN-HK-01 (Hong Kong)"], maxPricePerHour: 0.5 })).toBe(base); // spelling
        expect(selectorKey({ productName: "RTX 4090", regions: ["AS-SGP-02", "CN-HK-01"], maxPricePerHour: 0.5, gpuNum: 1, billingMode: "onDemand", strategy: "priority" })).toBe(base); // defaults
        expect(selectorKey({ productName: "RTX 4090", regions: ["CN-HK-01", "AS-SGP-02"], preferredRegion: "AS-SGP-02", maxPricePerHour: 0.5 })).toBe(base); // same effective order
        expect(selectorKey({ productName: "RTX 4090", regions: ["AS-SGP-02", "CN-HK-01"], maxPricePerHour: 0.5, minCpuPerGpu: null })).toBe(base); // null = absent
    });

    it("differs when anything that affects selection differs", () => {
        const base = { productName: "RTX 4090", regions: ["AS-SGP-02", "CN-HK-01"] };
        const keys = [
            base,
            { ...base, productName: "RTX 3090" },
            { ...base, regions: ["CN-HK-01", "AS-SGP-02"] },
            { ...base, gpuNum: 2 },
            { ...base, billingMode: "spot" as const },
            { ...base, strategy: "cheapest" as const },
            { ...base, maxPricePerHour: 0.5 },
            { ...base, minCpuPerGpu: 8 },
            { ...base, minMemoryPerGpu: 32 },
            { ...base, minRootfsSize: 100 },
            { ...base, minCudaVersion: "12.4" },
        ].map(selectorKey);
        expect(new Set(keys).size).toBe(keys.length);
    });

    it("is a versioned, readable string", () => {
        expect(selectorKey({ productName: "RTX 4090" })).toBe(
            'selector/v1:{"billingMode":"onDemand","gpuNum":1,"productName":"rtx4090","regions":["as-sgp-02","cn-hk-01","as-in-01"],"strategy":"priority"}',
        );
    });

    it("rejects an invalid selector instead of keying it", () => {
        expect(() => selectorKey({ productName: "4090", gpuNum: 0 })).toThrow(SelectionError);
    });
});
