import { checkGpuInstance } from "../../src/provider/gpu-instance/check";
import { placementSupport } from "../../src/provider/placement";
import { gpuInstanceFields } from "../../src/provider/gpu-instance/inputs";
import type { GpuInstanceInputs } from "../../src/provider/gpu-instance/inputs";
import { hasChanges, planUpdate } from "../../src/provider/gpu-instance/plan";
import { registryAuth } from "../../src/provider/registry-auth";
import type { GpuInstanceArgs, RegistryAuthArgs } from "../../src";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const base = { __provider: "p", productId: "4090.16c62g", imageUrl: "nginx:1.27" };
const check = (news: Record<string, unknown>, olds: Record<string, unknown> = {}) => checkGpuInstance(olds, { ...base, ...news }, placementSupport.validate);
const props = (r: ReturnType<typeof check>) => r.failures.map((f) => f.property);

describe("GpuInstance check", () => {
    test("fills every default and produces the normal form", () => {
        const r = check({ name: "trainer" });
        expect(r.failures).toEqual([]);
        expect(r.inputs).toEqual({
            name: "trainer", productId: "4090.16c62g", imageUrl: "nginx:1.27", gpuNum: 1, rootfsSize: 60, ports: [], envs: [],
            networkStorages: [], billingMode: "onDemand", kind: "gpu", state: "running",
            timeouts: { create: "15m", update: "15m", delete: "10m" },
        });
    });

    describe("readiness (issue #14)", () => {
        const ports = ["8000/http", "22/tcp"];
        test("fills its defaults: path /, expectStatus [200, 399], timeout 10m; a single status becomes [s, s]", () => {
            expect((check({ name: "t", ports, readiness: { http: { port: 8000 } } }).inputs as GpuInstanceInputs).readiness).toEqual({
                http: { port: 8000, path: "/", expectStatus: [200, 399] }, timeout: "10m",
            });
            expect((check({ name: "t", ports, readiness: { http: { port: 8000, expectStatus: 204, expectBody: "ok" }, timeout: "3m" } }).inputs as GpuInstanceInputs).readiness).toEqual({
                http: { port: 8000, path: "/", expectStatus: [204, 204], expectBody: "ok" }, timeout: "3m",
            });
            expect((check({ name: "t", ports, readiness: { tcp: { port: 22 } } }).inputs as GpuInstanceInputs).readiness).toEqual({ tcp: { port: 22 }, timeout: "10m" });
        });

        test.each([
            [{ http: { port: 9000 } }, "readiness.http.port"],
            [{ tcp: { port: 8000 } }, "readiness.tcp.port"],
            [{ http: { port: 8000 }, tcp: { port: 22 } }, "readiness"],
            [{ http: { port: 8000, expectStatus: 700 } }, "readiness.http.expectStatus"],
            [{ http: { port: 8000, path: "/a b" } }, "readiness.http.path"],
            [{ http: { port: "8000" } }, "readiness.http.port"],
        ])("%j fails naming %s", (readiness, property) => {
            expect(props(check({ name: "t", ports, readiness }))).toEqual([property]);
        });

        test("the port is not judged while ports are unknown (preview) or may come from a template (checked at create)", () => {
            expect(check({ name: "t", ports: UNKNOWN, readiness: { http: { port: 9000 } } }).failures).toEqual([]);
            expect(check({ name: "t", templateId: "1", readiness: { http: { port: 8888 } } }).failures).toEqual([]);
        });

        test("a readiness change alone is a metadata change (no API call)", () => {
            const olds = check({ name: "t", ports, readiness: { http: { port: 8000 } } }).inputs as GpuInstanceInputs;
            const plan = planUpdate(olds, check({ name: "t", ports, readiness: { tcp: { port: 22 } } }).inputs as GpuInstanceInputs);
            expect(plan).toMatchObject({ replaces: [], edit: [], upgrade: [], power: false, metadata: ["readiness"] });
        });
    });

    test("env map and env list in any order normalise to the same sorted list", () => {
        const a = check({ name: "t", envs: { B: "2", A: "1" } });
        const b = check({ name: "t", envs: [{ key: "A", value: "1" }, { key: "B", value: "2" }] });
        expect(a.inputs).toEqual(b.inputs);
        expect((a.inputs as { envs: unknown }).envs).toEqual([{ key: "A", value: "1" }, { key: "B", value: "2" }]);
    });

    test('ports as objects or "8888/http" strings, in any order, normalise alike', () => {
        const a = check({ name: "t", ports: ["8888/http", { port: 22, type: "tcp" }] });
        const b = check({ name: "t", ports: [{ port: 22, type: "tcp" }, { port: 8888, type: "http" }] });
        expect(a.inputs).toEqual(b.inputs);
    });

    test.each([
        [{ gpuNum: 9 }, "gpuNum"],
        [{ rootfsSize: 5 }, "rootfsSize"],
        [{ rootfsSize: 7000 }, "rootfsSize"],
        [{ ports: [{ port: 2222, type: "tcp" }] }, "ports[0].port"],
        [{ ports: ["80/udp"] }, "ports[0]"],
        [{ envs: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`K${i}`, "v"])) }, "envs"],
        [{ envs: [{ key: "", value: "v" }] }, "envs[0].key"],
        [{ envs: [{ key: "A=B", value: "v" }] }, "envs[0].key"],
        [{ envs: [{ key: "K", value: "v".repeat(4096) }] }, "envs[0].value"],
        [{ envs: [{ key: "K", value: "1" }, { key: "K", value: "2" }] }, "envs[1].key"],
        [{ ports: [{ port: 80, type: "http" }, { port: 80, type: "tcp" }] }, "ports[1]"],
        [{ name: "has space" }, "name"],
        [{ imageUrl: "x".repeat(501) }, "imageUrl"],
        [{ billingMode: "monthly" }, "billingMode"],
        [{ kind: "cpu" }, "kind"],
        [{ state: "paused" }, "state"],
        [{ timeouts: { create: "soon" } }, "timeouts.create"],
        [{ command: "c".repeat(2048) }, "command"],
        [{ minCudaVersion: "twelve" }, "minCudaVersion"],
        [{ networkStorages: [{ id: "" }] }, "networkStorages[0].id"],
    ])("rejects %j naming %s", (patch, property) => {
        expect(props(check({ name: "t", ...patch }))).toContain(property);
    });

    test("needs productId or placement, and not both", () => {
        expect(props(checkGpuInstance({}, { imageUrl: "x", name: "t" }))).toContain("productId");
        expect(props(check({ name: "t", placement: { productName: "RTX 4090" } }))).toContain("placement");
    });

    test("placement replaces clusterId and billingMode, and its fields are validated by name", () => {
        const ok = checkGpuInstance({}, { imageUrl: "x", name: "t", placement: { productName: "RTX 4090", regions: ["AS-SGP-02"] } }, placementSupport.validate);
        expect(ok.failures).toEqual([]);
        expect((ok.inputs as { placement: { billingMode: string } }).placement.billingMode).toBe("onDemand");
        expect((ok.inputs as Record<string, unknown>).billingMode).toBeUndefined();
        const bad = checkGpuInstance({}, { imageUrl: "x", name: "t", clusterId: "c", placement: { productName: "RTX 4090", maxPricePerHour: -1, gpuNum: 2 } }, placementSupport.validate);
        expect(bad.failures.map((f) => f.property).sort()).toEqual(["clusterId", "placement.gpuNum"].sort());
        const bad2 = checkGpuInstance({}, { imageUrl: "x", name: "t", placement: { productName: "RTX 4090", maxPricePerHour: -1 } }, placementSupport.validate);
        expect(bad2.failures.map((f) => f.property)).toEqual(["placement.maxPricePerHour"]);
    });

    test("an image comes from imageUrl or templateId; a template leaves rootfsSize to the template", () => {
        expect(props(checkGpuInstance({}, { productId: "p", name: "t" }))).toContain("imageUrl");
        const t = checkGpuInstance({}, { productId: "p", name: "t", templateId: "1" });
        expect(t.failures).toEqual([]);
        expect((t.inputs as Record<string, unknown>).rootfsSize).toBeUndefined();
    });

    test("unknown values of a preview pass through untouched, required or not", () => {
        const r = checkGpuInstance({}, { __provider: "p", productId: UNKNOWN, imageUrl: UNKNOWN, imageAuthId: UNKNOWN, name: "t", envs: [{ key: "A", value: UNKNOWN }] });
        expect(r.failures).toEqual([]);
        expect(r.inputs).toMatchObject({ productId: UNKNOWN, imageUrl: UNKNOWN, imageAuthId: UNKNOWN, envs: [{ key: "A", value: UNKNOWN }] });
    });

    test("an auto-generated name is derived from the resource name and kept across updates", () => {
        const first = check({ autoNamePrefix: "my_trainer.v2" });
        const name = (first.inputs as { name: string }).name;
        expect(name).toMatch(/^my-trainer-v2-[0-9a-f]{7}$/);
        expect((check({ autoNamePrefix: "my_trainer.v2" }, first.inputs as Record<string, unknown>).inputs as { name: string }).name).toBe(name);
        // Replacement: the engine re-runs check without olds, so a new name is drawn.
        expect((check({ autoNamePrefix: "my_trainer.v2" }).inputs as { name: string }).name).not.toBe(name);
    });

    test("a resource renamed with an alias keeps its instance's auto-generated name (no replacement)", () => {
        const first = check({ autoNamePrefix: "trainer" });
        const renamed = check({ autoNamePrefix: "trainer-v2" }, first.inputs as Record<string, unknown>);
        expect(renamed.inputs).toMatchObject({ name: (first.inputs as { name: string }).name, autoNamePrefix: "trainer" });
        const old = { ...(first.inputs as GpuInstanceInputs), clusterName: "AS-SGP-02", productName: "RTX 4090 24GB" };
        expect(planUpdate(old, renamed.inputs as GpuInstanceInputs).replaces).toEqual([]);
        expect(hasChanges(planUpdate(old, renamed.inputs as GpuInstanceInputs))).toBe(false);
    });

    test("failure reasons never echo an env value", () => {
        const r = check({ name: "t", envs: [{ key: "TOKEN", value: "hunter2-" + "x".repeat(4100) }] });
        expect(JSON.stringify(r.failures)).not.toContain("hunter2");
    });

    describe("port errors name the accepted forms (issue #10)", () => {
        const FORMS = 'use "<port>/http", "<port>/tcp" or {port, type}, with a port 1–65535 except 2222–2224';
        test.each([
            [["abc"], "ports[0]", `"abc": not a port: ${FORMS}`],
            [["8000/udp"], "ports[0]", `"8000/udp": type "udp" is not supported: ${FORMS}`],
            [["2222/tcp"], "ports[0].port", `"2222/tcp": 2222 is reserved by Novita: ${FORMS}`],
            [["70000/http"], "ports[0].port", `"70000/http": 70000 is not a port: ${FORMS}`],
            [[8080], "ports[0]", `8080 is not a port: ${FORMS}`],
            [[{ port: 0, type: "http" }], "ports[0].port", `0 is not a port: ${FORMS}`],
            [[{ port: 8080, type: "udp" }], "ports[0].type", `type must be "http" or "tcp": ${FORMS}`],
            [[{ port: "8080", type: "http" }], "ports[0].port", `must be a whole number: ${FORMS}`],
            [["80/http", { port: 8080, typ: "http" }], "ports[1].typ", 'unknown property "typ"; did you mean "type"?'],
        ])("%j → %s: %s", (ports, property, reason) => {
            expect(check({ name: "t", ports }).failures).toContainEqual({ property, reason });
        });

        test('accepted spellings: "8888/HTTP", " 22 / tcp ", {port, type}', () => {
            const r = check({ name: "t", ports: ["8888/HTTP", " 22 / tcp ", { port: 80, type: "http" }] });
            expect(r.failures).toEqual([]);
            expect((r.inputs as { ports: unknown }).ports).toEqual([{ port: 22, type: "tcp" }, { port: 80, type: "http" }, { port: 8888, type: "http" }]);
        });
    });

    describe("unknown inputs are refused (issue #10)", () => {
        test.each([
            [{ imageURL: "nginx" }, "imageURL", 'unknown property "imageURL"; did you mean "imageUrl"?'],
            [{ gpuNums: 2 }, "gpuNums", 'unknown property "gpuNums"; did you mean "gpuNum"?'],
            [{ envVars: { A: "1" } }, "envVars", 'unknown property "envVars"; did you mean "envs"?'],
            [{ timeouts: { craete: "20m" } }, "timeouts.craete", 'unknown property "craete"; did you mean "create"?'],
            [{ networkStorages: [{ id: "ns", mountPath: "/data" }] }, "networkStorages[0].mountPath", 'unknown property "mountPath"; did you mean "mountPoint"?'],
            [{ envs: [{ key: "A", value: "1", secret: true }] }, "envs[0].secret", 'unknown property "secret"; valid properties: key, value'],
        ])("%j fails naming %s and the closest valid key", (patch, property, reason) => {
            expect(check({ name: "t", ...patch }).failures).toContainEqual({ property, reason });
        });

        test("a key no valid one is close to lists the valid keys (and not the class's own autoNamePrefix)", () => {
            const [f] = check({ name: "t", colour: "green" }).failures;
            expect(f).toMatchObject({ property: "colour" });
            expect(f!.reason).toMatch(/^unknown property "colour"; valid properties: billingMode, clusterId, command, /);
            expect(f!.reason).not.toContain("autoNamePrefix");
        });

        test("an unknown key is refused even when its value is unknown at preview", () => {
            expect(props(check({ name: "t", readines: UNKNOWN }))).toEqual(["readines"]);
        });

        test("placement keys are checked the same way", () => {
            const r = checkGpuInstance({}, { imageUrl: "x", name: "t", placement: { productName: "RTX 4090", region: ["AS-SGP-02"] } }, placementSupport.validate);
            expect(r.failures).toEqual([{ property: "placement.region", reason: 'unknown property "region"; did you mean "regions"?' }]);
        });

        test("every key of the public GpuInstanceArgs / RegistryAuthArgs is one check accepts (nothing typed is refused)", () => {
            // Record<keyof …, true>: the compiler fails this file when a key is added to the args and not listed here.
            const gpuKeys: Record<keyof GpuInstanceArgs, true> = {
                name: true, productId: true, clusterId: true, placement: true, gpuNum: true, rootfsSize: true, imageUrl: true,
                imageAuthId: true, templateId: true, ports: true, envs: true, command: true, entrypoint: true, networkStorages: true,
                networkId: true, billingMode: true, kind: true, minCudaVersion: true, state: true, timeouts: true, readiness: true,
            };
            const authKeys: Record<keyof RegistryAuthArgs, true> = { name: true, username: true, password: true, timeouts: true };
            expect(Object.keys(gpuKeys).filter((k) => !(k in gpuInstanceFields.shape))).toEqual([]);
            const auth = Object.fromEntries(Object.keys(authKeys).map((k) => [k, k === "timeouts" ? {} : "x"]));
            return registryAuth.check({}, { __provider: "p", ...auth }).then((r) => expect(r.failures.filter((f) => /unknown property/.test(f.reason))).toEqual([]));
        });

        test("what the GpuInstance class sends passes: __provider, autoNamePrefix, and output seeds left undefined", () => {
            const r = check({ autoNamePrefix: "gpu", instanceId: undefined, status: undefined, portMappings: undefined, placementAttempts: undefined });
            expect(r.failures).toEqual([]);
        });
    });
});

