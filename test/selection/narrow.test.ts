/** Narrowing a placement to the cluster of the instance's network volumes (src/selection/narrow.ts). */
import { explainNoMatch, narrowedNoMatch, narrowToCluster, NoEligibleProductError, parseSelector, rankOffers, resolveRegions, SelectionError } from "../../src/selection";
import { CLUSTERS, offer } from "./fixtures";

const PIN = { clusterId: "us-ca-6", clusterName: "US-CA-06", because: "network storage weights (vol-1)" };

describe("narrowToCluster", () => {
    it.each([
        ["by name", ["AS-SGP-02", "US-CA-06"]],
        ["by cluster id", ["as-sgp-2", "us-ca-6"]],
        ["in display form", ["US-CA-06 (California)"]],
    ])("keeps only the pinned cluster when the regions list it %s", (_, regions) => {
        const s = parseSelector({ productName: "RTX 4090", regions, billingMode: "spotThenOnDemand", maxPricePerHour: 1 });
        expect(narrowToCluster(s, PIN)).toEqual({ ...s, regions: ["us-ca-6"] });
    });

    it("refuses, naming the field, the volume, its cluster and the regions searched, when the regions do not list it", () => {
        const s = parseSelector({ productName: "RTX 4090" }); // the default regions: AS-SGP-02, CN-HK-01, AS-IN-01
        const err = (() => {
            try {
                narrowToCluster(s, PIN, "placement.regions");
            } catch (e) {
                return e;
            }
        })() as SelectionError;
        expect(err).toBeInstanceOf(SelectionError);
        expect(err.field).toBe("placement.regions");
        expect(err.message).toBe(
            "placement.regions: network storage weights (vol-1) is in US-CA-06 (us-ca-6), which is not among the regions searched (AS-SGP-02, CN-HK-01, AS-IN-01); " +
                'an instance can mount only volumes of its own cluster: add "US-CA-06" to placement.regions',
        );
    });
});

describe("narrowedNoMatch", () => {
    it("says first that only the volume's cluster was searched and why, then the usual explanation; it stays a NoEligibleProductError", () => {
        const s = narrowToCluster(parseSelector({ productName: "RTX 4090", regions: ["AS-SGP-02", "US-CA-06"] }), PIN);
        const offers = [offer("us", "onDemand", { availableDeploy: false })];
        const { considered } = rankOffers(s, offers);
        const regions = resolveRegions(s.regions, CLUSTERS);
        const err = narrowedNoMatch(explainNoMatch(s, considered, regions, { offers, availableRegions: ["US-CA-06"] }), PIN);
        expect(err).toBeInstanceOf(NoEligibleProductError);
        expect(err.message.split("\n")[0]).toBe(
            "Only US-CA-06 (us-ca-6) was searched: network storage weights (vol-1) is there, and an instance can mount only volumes of its own cluster.",
        );
        expect(err.message).toContain("1. US-CA-06 (us-ca-6): sold out (4090.16c62g on-demand)");
        expect(err.message).not.toMatch(/add a region/);
        expect(err.considered).toHaveLength(1);
    });
});
