/** NetworkStorage check() and diff(): pure, no API call (src/provider/network-storage/check.ts). */
import { checkNetworkStorage, diffNetworkStorage } from "../../src/provider/network-storage/check";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const check = (news: Record<string, unknown>, olds: Record<string, unknown> = {}) => checkNetworkStorage(olds, { __provider: "p", ...news });
const failures = (r: ReturnType<typeof check>) => Object.fromEntries(r.failures.map((f) => [f.property, f.reason]));

describe("NetworkStorage check", () => {
    test("fills the defaults: an auto name from the resource name, timeouts.delete 5m", () => {
        const r = check({ region: "AS-SGP-02", size: 50, autoNamePrefix: "weights" });
        expect(r.failures).toEqual([]);
        expect(r.inputs).toEqual({ name: expect.stringMatching(/^weights-[0-9a-f]{7}$/), autoNamePrefix: "weights", region: "AS-SGP-02", size: 50, timeouts: { delete: "5m" } });
    });

    test("an explicit name is kept and the prefix dropped; an auto name is kept across checks (olds carry it)", () => {
        expect(check({ clusterId: "as-sgp-2", size: 10, name: "my-data", autoNamePrefix: undefined }).inputs).toEqual({ name: "my-data", clusterId: "as-sgp-2", size: 10, timeouts: { delete: "5m" } });
        const first = check({ clusterId: "as-sgp-2", size: 10, autoNamePrefix: "vol" }).inputs as Record<string, unknown>;
        expect((check({ clusterId: "as-sgp-2", size: 20, autoNamePrefix: "vol" }, first).inputs as Record<string, unknown>).name).toBe(first.name);
    });

    test.each([
        [{ size: 9 }, "size"],
        [{ size: 10.5 }, "size"],
        [{ size: "50" }, "size"],
        [{ size: undefined }, "size"],
        [{ name: "has space" }, "name"],
        [{ name: "x".repeat(256) }, "name"],
        [{ timeouts: { delete: "soon" } }, "timeouts.delete"],
        [{ clusterId: "" }, "clusterId"],
    ])("refuses %j naming %s, before any API call", (patch, property) => {
        expect(Object.keys(failures(check({ region: "AS-SGP-02", size: 50, ...patch })))).toContain(property);
    });

    test("unknown keys are refused with the closest valid one, nested ones too", () => {
        expect(failures(check({ region: "AS-SGP-02", size: 50, sizeGb: 50 }))).toEqual({ sizeGb: 'unknown property "sizeGb"; did you mean "size"?' });
        expect(failures(check({ region: "AS-SGP-02", size: 50, timeouts: { dlete: "1m" } }))["timeouts.dlete"]).toMatch(/did you mean "delete"/);
    });

    test("exactly one of clusterId and region", () => {
        expect(failures(check({ size: 50 }))).toEqual({ clusterId: expect.stringMatching(/either clusterId or region/) });
        expect(failures(check({ size: 50, clusterId: "as-sgp-2", region: "AS-SGP-02" }))).toEqual({ region: "give either clusterId or region, not both" });
    });

    test("a smaller size than the volume had is refused at preview, naming size and the current size; growing passes", () => {
        const olds = { name: "v", region: "AS-SGP-02", size: 200, timeouts: { delete: "5m" } };
        const r = check({ name: "v", region: "AS-SGP-02", size: 100 }, olds);
        expect(failures(r).size).toMatch(/^100 GB is smaller than the volume's 200 GB: a network storage can only grow\. Set size to at least 200/);
        expect(check({ name: "v", region: "AS-SGP-02", size: 300 }, olds).failures).toEqual([]);
    });

    test("unknown values (preview) pass through untouched", () => {
        const r = check({ region: UNKNOWN, size: UNKNOWN, name: UNKNOWN }, { name: "v", region: "AS-SGP-02", size: 200 });
        expect(r.failures).toEqual([]);
        expect(r.inputs).toMatchObject({ region: UNKNOWN, size: UNKNOWN, name: UNKNOWN });
    });
});

describe("NetworkStorage diff", () => {
    const olds = { name: "v", region: "AS-SGP-02", clusterId: "as-sgp-2", clusterName: "AS-SGP-02", size: 50, status: "ready", timeouts: { delete: "5m" } };
    const news = { name: "v", region: "AS-SGP-02", size: 50, timeouts: { delete: "5m" } };
    test.each([
        ["nothing", {}, { changes: false, replaces: [] }],
        ["a region naming the same cluster differently", { region: "as-sgp-2" }, { changes: true, replaces: [] }],
        ["the same cluster as clusterId instead of region", { region: undefined, clusterId: "as-sgp-2" }, { changes: true, replaces: [] }],
        ["another region", { region: "US-CA-06" }, { changes: true, replaces: ["region"] }],
        ["another clusterId", { region: undefined, clusterId: "us-ca-6" }, { changes: true, replaces: ["clusterId"] }],
        ["a region unknown until apply", { region: UNKNOWN }, { changes: true, replaces: ["region"] }],
        ["name", { name: "w" }, { changes: true, replaces: [] }],
        ["size", { size: 80 }, { changes: true, replaces: [] }],
        ["timeouts", { timeouts: { delete: "9m" } }, { changes: true, replaces: [] }],
    ])("%s", (_what, patch, expected) => {
        const next: Record<string, unknown> = { ...news, ...patch };
        for (const [k, v] of Object.entries(next)) if (v === undefined) delete next[k];
        expect(diffNetworkStorage(olds, next)).toEqual({ ...expected, deleteBeforeReplace: false });
    });
});
