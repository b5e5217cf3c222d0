import { DEFAULT_REGIONS, SelectionError, UnknownRegionError, orderRegions, resolveRegions } from "../../src/selection";
import { CLUSTERS } from "./fixtures";

describe("resolveRegions", () => {
    it("resolves cluster names to ids, in the requested order, with ranks from 0", () => {
        expect(resolveRegions(["CN-HK-01", "AS-SGP-02"], CLUSTERS)).toEqual([
            { clusterId: "cn-hongkong-1", region: "CN-HK-01", rank: 0 },
            { clusterId: "as-sgp-2", region: "AS-SGP-02", rank: 1 },
        ]);
    });

    it("accepts cluster ids and reports the cluster name as region", () => {
        expect(resolveRegions(["as-in-1"], CLUSTERS)).toEqual([{ clusterId: "as-in-1", region: "AS-IN-01", rank: 0 }]);
    });

    it("matches case-insensitively and tolerates the display form products use", () => {
        const r = resolveRegions(["as-sgp-02", "AS-SGP-2", "CN-HK-01 (Hong Kong)", "  as-in-01 (India) "], CLUSTERS);
        expect(r.map((x) => x.clusterId)).toEqual(["as-sgp-2", "cn-hongkong-1", "as-in-1"]);
    });

    it("collapses an id and a name of the same cluster into the first occurrence", () => {
        const r = resolveRegions(["as-sgp-2", "CN-HK-01", "AS-SGP-02"], CLUSTERS);
        expect(r).toEqual([
            { clusterId: "as-sgp-2", region: "AS-SGP-02", rank: 0 },
            { clusterId: "cn-hongkong-1", region: "CN-HK-01", rank: 1 },
        ]);
    });

    it("moves preferredRegion to the front, even when it is spelled as an id", () => {
        const r = resolveRegions(["AS-SGP-02", "CN-HK-01", "AS-IN-01"], CLUSTERS, { preferredRegion: "as-in-1" });
        expect(r.map((x) => x.region)).toEqual(["AS-IN-01", "AS-SGP-02", "CN-HK-01"]);
        expect(r.map((x) => x.rank)).toEqual([0, 1, 2]);
    });

    it("inserts a preferredRegion that is not in the list at the front", () => {
        const r = resolveRegions(["AS-SGP-02"], CLUSTERS, { preferredRegion: "US-CA-06" });
        expect(r.map((x) => x.region)).toEqual(["US-CA-06", "AS-SGP-02"]);
    });

    it("rejects unknown entries, listing every unknown one and every available region", () => {
        let err: unknown;
        try {
            resolveRegions(["AS-SGP-02", "EU-01", "mars-1"], CLUSTERS);
        } catch (e) {
            err = e;
        }
        expect(err).toBeInstanceOf(UnknownRegionError);
        expect(err).toBeInstanceOf(SelectionError);
        const u = err as UnknownRegionError;
        expect(u.field).toBe("regions");
        expect(u.unknown).toEqual(["EU-01", "mars-1"]);
        expect(u.message).toContain('"EU-01", "mars-1"');
        for (const c of CLUSTERS) expect(u.message).toContain(`${c.name} (${c.id})`);
    });

    it("names preferredRegion as the field when it alone is unknown", () => {
        expect(() => resolveRegions(["AS-SGP-02"], CLUSTERS, { preferredRegion: "EU-01" })).toThrow(
            expect.objectContaining({ name: "UnknownRegionError", field: "preferredRegion" }),
        );
    });

    it("says so when the cluster list is empty", () => {
        expect(() => resolveRegions(["AS-SGP-02"], [])).toThrow(/available regions: none/);
    });

    it("refuses an empty request", () => {
        expect(() => resolveRegions([], CLUSTERS)).toThrow(expect.objectContaining({ name: "SelectionError", field: "regions" }));
    });
});

describe("orderRegions", () => {
    it("defaults to AS-SGP-02, CN-HK-01, AS-IN-01", () => {
        expect(DEFAULT_REGIONS).toEqual(["AS-SGP-02", "CN-HK-01", "AS-IN-01"]);
        expect(orderRegions(undefined)).toEqual(["AS-SGP-02", "CN-HK-01", "AS-IN-01"]);
    });

    it("applies preferredRegion to the default list", () => {
        expect(orderRegions(undefined, "AS-IN-01")).toEqual(["AS-IN-01", "AS-SGP-02", "CN-HK-01"]);
    });

    it("strips display suffixes and drops case-insensitive duplicates", () => {
        expect(orderRegions(["AS-SGP-02 (Singapore)", "as-sgp-02", "CN-HK-01"])).toEqual(["AS-SGP-02", "CN-HK-01"]);
    });
});
