import { SelectionError, parseSelector } from "../../src/selection";

function fieldOf(input: unknown): string {
    try {
        parseSelector(input);
    } catch (e) {
        expect(e).toBeInstanceOf(SelectionError);
        return (e as SelectionError).field;
    }
    throw new Error("expected the selector to be rejected");
}

describe("parseSelector", () => {
    it("applies the defaults: gpuNum 1, default regions, onDemand, priority", () => {
        expect(parseSelector({ productName: " RTX 4090 " })).toEqual({
            productName: "RTX 4090",
            gpuNum: 1,
            regions: ["AS-SGP-02", "CN-HK-01", "AS-IN-01"],
            billingMode: "onDemand",
            strategy: "priority",
        });
    });

    it("keeps every option, including minCudaVersion which is passed through to create", () => {
        const s = parseSelector({
            productName: "4090",
            gpuNum: 2,
            regions: ["CN-HK-01"],
            preferredRegion: "AS-IN-01",
            billingMode: "spotThenOnDemand",
            maxPricePerHour: 0.5,
            minCpuPerGpu: 8,
            minMemoryPerGpu: 32,
            minRootfsSize: 100,
            minCudaVersion: "12.4",
            strategy: "cheapest",
        });
        expect(s).toEqual({
            productName: "4090",
            gpuNum: 2,
            regions: ["AS-IN-01", "CN-HK-01"],
            preferredRegion: "AS-IN-01",
            billingMode: "spotThenOnDemand",
            maxPricePerHour: 0.5,
            minCpuPerGpu: 8,
            minMemoryPerGpu: 32,
            minRootfsSize: 100,
            minCudaVersion: "12.4",
            strategy: "cheapest",
        });
    });

    it("treats null options as absent (Pulumi outputs use null)", () => {
        expect(parseSelector({ productName: "4090", maxPricePerHour: null, regions: null, gpuNum: null })).toEqual(parseSelector({ productName: "4090" }));
    });

    it("is idempotent: a normalised selector parses to itself", () => {
        const s = parseSelector({ productName: "4090", preferredRegion: "AS-IN-01", billingMode: "spot", maxPricePerHour: 1 });
        expect(parseSelector(s)).toEqual(s);
    });

    it.each([
        [{ productName: "4090", gpuNum: 0 }, "gpuNum", /gpuNum: must be at least 1/],
        [{ productName: "4090", gpuNum: 9 }, "gpuNum", /gpuNum: must be at most 8/],
        [{ productName: "4090", gpuNum: 1.5 }, "gpuNum", /gpuNum: must be a whole number/],
        [{ productName: " -_ " }, "productName", /productName: must name a GPU/],
        [{ gpuNum: 1 }, "productName", /productName: must be a string/],
        [{ productName: "4090", billingMode: "monthly" }, "billingMode", /"onDemand", "spot", "spotThenOnDemand"/],
        [{ productName: "4090", strategy: "fastest" }, "strategy", /"priority", "cheapest"/],
        [{ productName: "4090", maxPricePerHour: 0 }, "maxPricePerHour", /must be greater than 0/],
        [{ productName: "4090", minCpuPerGpu: -1 }, "minCpuPerGpu", /must be at least 0/],
        [{ productName: "4090", minMemoryPerGpu: 2.5 }, "minMemoryPerGpu", /whole number/],
        [{ productName: "4090", minRootfsSize: 5 }, "minRootfsSize", /must be at least 10/],
        [{ productName: "4090", minCudaVersion: "twelve" }, "minCudaVersion", /CUDA version like "12.4"/],
        [{ productName: "4090", regions: [] }, "regions", /at least one region/],
        [{ productName: "4090", regions: ["AS-SGP-02", " "] }, "regions.1", /must not be blank/],
        [{ productName: "4090", maxPrice: 1 }, "maxPrice", /unknown property "maxPrice"; did you mean "maxPricePerHour"\?/],
        [{ productName: "4090", region: ["AS-SGP-02"] }, "region", /unknown property "region"; did you mean "regions"\?/],
        [{ productName: "4090", colour: "green" }, "colour", /unknown property "colour"; valid properties: billingMode, gpuNum, maxPricePerHour/],
    ])("rejects %j naming the field %s", (input, field, message) => {
        expect(fieldOf(input)).toBe(field);
        expect(() => parseSelector(input)).toThrow(message);
    });

    it("reports every invalid field, the first one as `field`", () => {
        try {
            parseSelector({ productName: "4090", gpuNum: 0, maxPricePerHour: -1 });
            throw new Error("not rejected");
        } catch (e) {
            const err = e as SelectionError;
            expect(err.field).toBe("gpuNum");
            expect(err.issues.map((i) => i.field)).toEqual(["gpuNum", "maxPricePerHour"]);
        }
    });
});
