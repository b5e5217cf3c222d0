import { checkGpuInstance } from "../../src/provider/gpu-instance/check";
import type { GpuInstanceInputs } from "../../src/provider/gpu-instance/inputs";
import { hasChanges, planUpdate, type StoredOutputs } from "../../src/provider/gpu-instance/plan";
import { placementSupport } from "../../src/provider/placement";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const inputs = (raw: Record<string, unknown>) => {
    const r = checkGpuInstance({}, { name: "t", productId: "4090.16c62g", imageUrl: "img:1", ...raw }, placementSupport.validate);
    if (r.failures.length) throw new Error(JSON.stringify(r.failures));
    return r.inputs as GpuInstanceInputs;
};
/** Outputs as create leaves them: the applied inputs plus placement facts. */
const stored = (raw: Record<string, unknown> = {}, extra: Partial<StoredOutputs> = {}): StoredOutputs => ({
    ...inputs(raw), clusterId: "as-sgp-2", clusterName: "AS-SGP-02", productName: "RTX 4090 24GB", billingMode: "onDemand", ...extra,
});
const plan = (oldRaw: Record<string, unknown>, newRaw: Record<string, unknown>, extra?: Partial<StoredOutputs>) =>
    planUpdate(stored(oldRaw, extra), inputs(newRaw), placementSupport.satisfies);

describe("update behaviour per field (the README table)", () => {
    test("identical inputs: no change at all", () => {
        expect(hasChanges(plan({ envs: { A: "1" } }, { envs: [{ key: "A", value: "1" }] }))).toBe(false);
    });

    test.each([
        ["productId", { productId: "3090.16c92g" }],
        ["gpuNum", { gpuNum: 2 }],
        ["clusterId", { clusterId: "cn-hongkong-1" }],
        ["billingMode", { billingMode: "spot" }],
        ["name", { name: "renamed" }],
        ["networkId", { networkId: "vpc-1" }],
        ["minCudaVersion", { minCudaVersion: "12.4" }],
        ["templateId", { templateId: "7" }],
    ])("%s replaces", (key, patch) => {
        const p = plan({}, patch);
        expect(p.replaces).toEqual([key]);
        expect(p.why[key]).toBeTruthy();
    });

    test("an unset clusterId never replaces, wherever Novita put the instance", () => {
        expect(hasChanges(plan({}, {}, { clusterId: "as-in-1" }))).toBe(false);
    });

    test("rootfsSize: growing edits in place, shrinking replaces", () => {
        expect(plan({ rootfsSize: 60 }, { rootfsSize: 100 })).toMatchObject({ replaces: [], edit: ["rootfsSize"] });
        expect(plan({ rootfsSize: 100 }, { rootfsSize: 60 }).replaces).toEqual(["rootfsSize"]);
    });

    test("ports edit in place; reordering them changes nothing", () => {
        expect(plan({ ports: ["80/http"] }, { ports: ["80/http", "22/tcp"] })).toMatchObject({ replaces: [], edit: ["ports"], upgrade: [] });
        expect(hasChanges(plan({ ports: ["80/http", "22/tcp"] }, { ports: ["22/tcp", "80/http"] }))).toBe(false);
    });

    test.each([
        ["imageUrl", { imageUrl: "img:2" }],
        ["imageAuthId", { imageAuthId: "auth-2" }],
        ["envs", { envs: { A: "2" } }],
        ["command", { command: "python serve.py" }],
        ["entrypoint", { entrypoint: "/bin/sh" }],
        ["networkStorages", { networkStorages: [{ id: "vol-1" }] }],
    ])("%s upgrades in place", (key, patch) => {
        expect(plan({ envs: { A: "1" } }, { envs: { A: "1" }, ...patch })).toMatchObject({ replaces: [], edit: [], upgrade: [key] });
    });

    test("state starts or stops, nothing else", () => {
        expect(plan({}, { state: "stopped" })).toMatchObject({ replaces: [], edit: [], upgrade: [], power: true });
    });

    test("timeouts change without any API call", () => {
        const p = plan({}, { timeouts: { create: "30m" } });
        expect(p).toMatchObject({ replaces: [], edit: [], upgrade: [], power: false, metadata: ["timeouts"] });
        expect(hasChanges(p)).toBe(true);
    });

    test("an unknown value (preview) in a replace field is reported as a replace; elsewhere as an update", () => {
        expect(planUpdate(stored(), { ...inputs({}), productId: UNKNOWN }).replaces).toEqual(["productId"]);
        expect(planUpdate(stored(), { ...inputs({}), imageAuthId: UNKNOWN })).toMatchObject({ replaces: [], upgrade: ["imageAuthId"] });
    });

    test("template defaults under explicit inputs never show as changes", () => {
        const td = { imageUrl: "tpl:1", ports: [{ port: 8888, type: "http" as const }], envs: [{ key: "T", value: "1" }], rootfsSize: 80 };
        const old: StoredOutputs = { ...stored({ templateId: "5", imageUrl: "tpl:1", ports: ["8888/http"], envs: { T: "1" }, rootfsSize: 80 }), templateDefaults: td };
        const news = inputs({ templateId: "5", imageUrl: undefined });
        delete (news as Partial<GpuInstanceInputs>).imageUrl;
        expect(hasChanges(planUpdate(old, news, placementSupport.satisfies))).toBe(false);
        const override = inputs({ templateId: "5", envs: { T: "2" } });
        delete (override as Partial<GpuInstanceInputs>).imageUrl;
        expect(planUpdate(old, override, placementSupport.satisfies)).toMatchObject({ replaces: [], upgrade: ["envs"] });
    });
});

describe("sticky placement", () => {
    const sel = { productName: "RTX 4090", regions: ["AS-SGP-02", "CN-HK-01"] };
    const placed = (p: Record<string, unknown>) => {
        const i = inputs({ productId: undefined, placement: p });
        delete (i as Partial<GpuInstanceInputs>).productId;
        return i;
    };
    const old = (): StoredOutputs => ({
        ...placed(sel), productId: "4090.16c62g", productName: "RTX 4090 24GB", clusterId: "as-sgp-2", clusterName: "AS-SGP-02", billingMode: "onDemand", pricePerGpuHour: 0.35,
    });

    test("the same selector never re-selects (no diff), whatever the prices do now", () => {
        expect(hasChanges(planUpdate(old(), placed(sel), placementSupport.satisfies))).toBe(false);
    });

    test("a selector change the current placement still satisfies updates without replacing", () => {
        const p = planUpdate(old(), placed({ ...sel, regions: ["CN-HK-01", "AS-SGP-02", "AS-IN-01"], maxPricePerHour: 0.3 }), placementSupport.satisfies);
        expect(p.replaces).toEqual([]);
        expect(p.metadata).toEqual(["placement"]);
    });

    test("a selector the current placement no longer satisfies replaces, saying why", () => {
        const p = planUpdate(old(), placed({ ...sel, regions: ["CN-HK-01"] }), placementSupport.satisfies);
        expect(p.replaces).toEqual(["placement"]);
        expect(p.why.placement).toMatch(/region/i);
        expect(planUpdate(old(), placed({ productName: "A100" }), placementSupport.satisfies).replaces).toEqual(["placement"]);
        expect(planUpdate(old(), placed({ ...sel, billingMode: "spot" }), placementSupport.satisfies).replaces).toEqual(["placement"]);
    });

    test('an unchanged selector never replaces, even one the current name rule no longer accepts ("4090", issue #10)', () => {
        const loose = { productName: "4090", regions: ["AS-SGP-02"] };
        const placedLoosely = { ...old(), placement: placed(loose).placement };
        expect(hasChanges(planUpdate(placedLoosely, placed(loose), placementSupport.satisfies))).toBe(false);
        // Changing it is judged by today's rule: "4090" alone does not select "RTX 4090 24GB", so a changed selector replaces.
        expect(planUpdate(placedLoosely, placed({ ...loose, regions: ["AS-SGP-02", "CN-HK-01"] }), placementSupport.satisfies).replaces).toEqual(["placement"]);
    });

    test("switching from productId to a placement the instance satisfies keeps it", () => {
        const fromProduct = stored({}, { productName: "RTX 4090 24GB" });
        expect(planUpdate(fromProduct, placed(sel), placementSupport.satisfies).replaces).toEqual([]);
    });
});
