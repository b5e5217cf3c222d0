import { NAME_RULE, NoEligibleProductError, SelectionError, explainNoMatch, rankOffers, resolveRegions, type Offer, type SelectorInput } from "../../src/selection";
import { CLUSTERS, offer } from "./fixtures";

const REGIONS = resolveRegions(["AS-SGP-02", "CN-HK-01", "AS-IN-01"], CLUSTERS);

function explain(selector: SelectorInput, offers: Offer[], options: Parameters<typeof explainNoMatch>[3] = {}) {
    const { ranked, considered } = rankOffers(selector, offers);
    expect(ranked).toEqual([]);
    return explainNoMatch(selector, considered, REGIONS, options);
}

/** The message line of one region, e.g. "  2. CN-HK-01 (cn-hongkong-1): sold out (...)". */
const lineOf = (err: Error, region: string) => err.message.split("\n").find((l) => l.includes(`. ${region} (`)) ?? "";

describe("explainNoMatch", () => {
    it("lists every region with why nothing qualified there, then the constraint to relax", () => {
        const offers = [
            offer("sgp", "spot", { spotPricePerHour: 0.42 }),
            offer("sgp", "spot", { id: "4090.b", spotPricePerHour: 0.45 }),
            offer("hk", "spot", { availableDeploy: false }),
            offer("in", "spot", { id: "3090.16c92g", name: "RTX 3090 24GB" }),
        ];
        const err = explain({ productName: "RTX 4090", billingMode: "spot", maxPricePerHour: 0.4 }, offers, { offers });
        expect(err).toBeInstanceOf(NoEligibleProductError);
        expect(err).toBeInstanceOf(SelectionError);
        expect(err.message).toMatch(/^No offer satisfies the selector for productName "RTX 4090" \(gpuNum 1, billingMode spot, maxPricePerHour \$0.40\/h\)/);
        expect(lineOf(err, "AS-SGP-02")).toContain("over max price: cheapest $0.42/h (4090.16c62g spot) > maxPricePerHour $0.40/h");
        expect(lineOf(err, "CN-HK-01")).toContain("sold out (4090.16c62g spot)");
        expect(lineOf(err, "AS-IN-01")).toContain('no product matching "RTX 4090" in this region (listed there: RTX 3090 24GB)');
        expect(err.suggestions[0]).toEqual({ field: "maxPricePerHour", message: "raise it to at least $0.42/h (would allow 4090.16c62g spot in AS-SGP-02)" });
        expect(err.field).toBe("maxPricePerHour");
        expect(err.message).toContain("- maxPricePerHour: raise it to at least $0.42/h");
    });

    it("names the price to raise to for the whole instance when gpuNum > 1", () => {
        const err = explain({ productName: "RTX 4090", gpuNum: 2, maxPricePerHour: 0.5 }, [offer("sgp", "onDemand", { pricePerHour: 0.3 })]);
        expect(err.suggestions[0]!.message).toMatch(/^raise it to at least \$0.60\/h/);
    });

    it("suggests allowing on-demand when only on-demand offers would do", () => {
        const offers = [offer("sgp", "spot", { spotPricePerHour: undefined }), offer("sgp", "onDemand"), offer("hk", "spot", { inventoryState: "none" })];
        const err = explain({ productName: "RTX 4090", billingMode: "spot" }, offers);
        expect(lineOf(err, "AS-SGP-02")).toContain("spot not offered (no spot price): 4090.16c62g");
        expect(lineOf(err, "AS-SGP-02")).toContain("not allowed by billingMode spot: 4090.16c62g on-demand $0.35/h");
        expect(err.suggestions.map((s) => s.field)).toEqual(["billingMode", "regions"]);
        expect(err.message).toContain("allow on-demand (billingMode: spotThenOnDemand;");
    });

    it("suggests lowering minMemoryPerGpu, minCpuPerGpu and minRootfsSize to the best value seen", () => {
        const offers = [
            offer("sgp", "onDemand", { memoryPerGpu: 48 }),
            offer("hk", "onDemand", { memoryPerGpu: 62 }),
            offer("in", "onDemand", { id: "c", memoryPerGpu: 96, cpuPerGpu: 8 }),
            offer("in", "onDemand", { id: "r", memoryPerGpu: 96, maxRootFS: 150 }),
        ];
        const err = explain({ productName: "RTX 4090", minMemoryPerGpu: 80, minCpuPerGpu: 12, minRootfsSize: 200 }, offers);
        expect(err.suggestions.map((s) => `${s.field}: ${s.message}`)).toEqual([
            "minCpuPerGpu: lower it to 8 (would allow c on-demand in AS-IN-01)",
            "minMemoryPerGpu: lower it to 62 GB (would allow 4090.16c62g on-demand in CN-HK-01)",
            "minRootfsSize: lower it to 150 GB (would allow r on-demand in AS-IN-01)",
            "regions: add a region, or retry later: stock changes",
        ]);
        expect(lineOf(err, "AS-SGP-02")).toContain("too little memory per GPU: at most 48 GB, need 80 GB");
        expect(lineOf(err, "AS-IN-01")).toContain("too few CPUs per GPU: at most 8, need 12");
        expect(lineOf(err, "AS-IN-01")).toContain("root FS too small: at most 150 GB, need 200 GB");
    });

    it("says when no single change is enough, and what to change together", () => {
        const err = explain({ productName: "RTX 4090", maxPricePerHour: 0.3, minMemoryPerGpu: 80 }, [offer("sgp", "onDemand")]);
        expect(err.suggestions[0]).toEqual({
            field: "maxPricePerHour",
            message: "no single change is enough; together: maxPricePerHour: raise it to at least $0.35/h and minMemoryPerGpu: lower it to 62 GB (would allow 4090.16c62g on-demand in AS-SGP-02)",
        });
    });

    it("when everything is sold out, suggests another region and names the ones not searched", () => {
        const offers = [offer("sgp", "onDemand", { availableDeploy: false }), offer("hk", "onDemand", { inventoryState: "none" })];
        const err = explain({ productName: "RTX 4090" }, offers, { availableRegions: CLUSTERS.map((c) => c.name) });
        expect(err.suggestions).toEqual([{ field: "regions", message: "add a region (not searched: US-CA-06), or retry later: stock changes" }]);
        expect(err.field).toBe("regions");
        expect(lineOf(err, "AS-IN-01")).toContain('no product matching "RTX 4090" in this region');
    });

    it("says so when every region is already searched", () => {
        const err = explain({ productName: "RTX 4090" }, [offer("sgp", "onDemand", { availableDeploy: false })], { availableRegions: ["AS-SGP-02", "CN-HK-01", "AS-IN-01"] });
        expect(err.suggestions).toEqual([{ field: "regions", message: "every region is already searched; retry later: stock changes" }]);
    });

    it("suggests allowing spot, with its caveat, when only spot offers would do", () => {
        const err = explain({ productName: "RTX 4090" }, [offer("sgp", "onDemand", { availableDeploy: false }), offer("hk", "spot")]);
        expect(lineOf(err, "CN-HK-01")).toBe("  2. CN-HK-01 (cn-hongkong-1): no on-demand offer; not allowed by billingMode onDemand: 4090.16c62g spot $0.18/h");
        expect(err.suggestions[0]).toEqual({
            field: "billingMode",
            message: "allow spot (billingMode: spotThenOnDemand; spot instances can be reclaimed; would allow 4090.16c62g spot in CN-HK-01)",
        });
    });

    it("when the name matches nothing anywhere, points at productName first", () => {
        const offers = [offer("sgp", "onDemand", { name: "H100 80GB", id: "h100" })];
        const err = explain({ productName: "RTX 5090" }, offers, { offers });
        expect(err.field).toBe("productName");
        // Changed in issue #10: the message states the matching rule (and suggests close names, see below).
        expect(err.suggestions[0]!.message).toBe(`"RTX 5090" matched no product in any searched region (${NAME_RULE})`);
        expect(lineOf(err, "AS-SGP-02")).toContain("(listed there: H100 80GB)");
        expect(lineOf(err, "CN-HK-01")).toContain("(no products listed there at all)");
    });

    it('a near miss says "did you mean" with the model name, never selecting it silently', () => {
        const offers = [offer("sgp", "onDemand"), offer("sgp", "onDemand", { id: "3090.16c92g", name: "RTX 3090 24GB" }), offer("hk", "onDemand", { id: "h100", name: "H100 SXM 80GB" })];
        const err = explain({ productName: "RTX 409" }, offers, { offers });
        expect(err.field).toBe("productName");
        expect(err.considered).toEqual([]);
        expect(err.suggestions[0]!.message).toMatch(/^"RTX 409" matched no product in any searched region; did you mean "RTX 4090" or "RTX 3090"\? \(names match exactly/);
        expect(err.message).toContain('did you mean "RTX 4090"');
    });

    it("a check that ignored stock does not suggest waiting for stock", () => {
        const err = explain({ productName: "RTX 4090", maxPricePerHour: 0.1 }, [offer("sgp", "onDemand")], { availableRegions: ["AS-SGP-02", "CN-HK-01", "AS-IN-01", "US-CA-06"], ignoreAvailability: true });
        expect(err.suggestions.map((x) => `${x.field}: ${x.message}`)).toEqual([
            "maxPricePerHour: raise it to at least $0.35/h (would allow 4090.16c62g on-demand in AS-SGP-02)",
            "regions: add a region (not searched: US-CA-06)",
        ]);
        const everywhere = explain({ productName: "RTX 4090", maxPricePerHour: 0.1 }, [offer("sgp", "onDemand")], { availableRegions: ["AS-SGP-02", "CN-HK-01", "AS-IN-01"], ignoreAvailability: true });
        expect(everywhere.message).not.toMatch(/retry later/);
    });

    it("reads as one complete message for a human on call", () => {
        const offers = [offer("sgp", "spot", { spotPricePerHour: 0.3 }), offer("hk", "spot", { availableDeploy: false }), offer("sgp", "onDemand")];
        const err = explain({ productName: "RTX 4090", gpuNum: 2, billingMode: "spot", maxPricePerHour: 0.5 }, offers);
        expect(err.message).toBe(
            [
                'No offer satisfies the selector for productName "RTX 4090" (gpuNum 2, billingMode spot, maxPricePerHour $0.50/h).',
                "Searched 3 region(s), in priority order:",
                "  1. AS-SGP-02 (as-sgp-2): over max price: cheapest $0.60/h (4090.16c62g spot) > maxPricePerHour $0.50/h; not allowed by billingMode spot: 4090.16c62g on-demand $0.70/h",
                "  2. CN-HK-01 (cn-hongkong-1): sold out (4090.16c62g spot)",
                '  3. AS-IN-01 (as-in-1): no product matching "RTX 4090" in this region',
                "To get a placement, change one of:",
                "  - maxPricePerHour: raise it to at least $0.60/h (would allow 4090.16c62g spot in AS-SGP-02)",
                "  - regions: add a region, or retry later: stock changes",
            ].join("\n"),
        );
    });

    it("mentions every searched region exactly once, in priority order", () => {
        const err = explain({ productName: "RTX 4090" }, []);
        const lines = err.message.split("\n").filter((l) => /^\s+\d+\. /.test(l));
        expect(lines.map((l) => l.trim().split(" ")[1])).toEqual(["AS-SGP-02", "CN-HK-01", "AS-IN-01"]);
    });

    it("carries the considered offers and the regions for programmatic use", () => {
        const { considered } = rankOffers({ productName: "RTX 4090" }, [offer("sgp", "onDemand", { availableDeploy: false })]);
        const err = explainNoMatch({ productName: "RTX 4090" }, considered, REGIONS);
        expect(err.considered).toBe(considered);
        expect(err.regions.map((r) => r.region)).toEqual(["AS-SGP-02", "CN-HK-01", "AS-IN-01"]);
    });
});
