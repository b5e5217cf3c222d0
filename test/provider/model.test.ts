import { checkGpuInstance } from "../../src/provider/gpu-instance/check";
import { COMPUTED_KEYS, HIDDEN_INPUTS, INPUT_KEYS, OUTPUT_KEYS, SECRET_OUTPUTS } from "../../src/provider/gpu-instance/keys";
import { parseInputs, parsePlannedInputs, parseStored, parseStoredForDelete, type StoredState } from "../../src/provider/gpu-instance/model";
import { planUpdate } from "../../src/provider/gpu-instance/plan";
import { checkNetworkStorage } from "../../src/provider/network-storage/check";
import * as storage from "../../src/provider/network-storage/model";
import * as auth from "../../src/provider/registry-auth-model";
import { registryAuth } from "../../src/provider/registry-auth";
import { GPU_INSTANCE_SECRET_OUTPUTS } from "../../src";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The message `fn` throws ("" if it does not throw). */
const messageOf = (fn: () => unknown) => {
    try {
        fn();
    } catch (e) {
        return (e as Error).message;
    }
    return "";
};
const checked = (raw: Record<string, unknown>) => {
    const r = checkGpuInstance({}, { __provider: "p", name: "t", productId: "4090.16c62g", imageUrl: "img:1", ...raw });
    if (r.failures.length) throw new Error(JSON.stringify(r.failures));
    return r.inputs as Record<string, unknown>;
};

describe("GpuInstance model: the engine's property maps parsed once at the provider's entry", () => {
    test("check's result parses as the checked normal form, unchanged and with the engine's __provider kept", () => {
        const inputs = { ...checked({ ports: ["8888/http"], envs: { B: "2", A: "1" }, readiness: { http: { port: 8888 } }, timeouts: { create: "20m" } }), __provider: "p" };
        const parsed = parseInputs(inputs);
        expect(parsed).toBe(inputs);
        expect(parsed).toMatchObject({ name: "t", gpuNum: 1, kind: "gpu", state: "running", __provider: "p" });
    });

    test("a checked-inputs map that is not the normal form fails naming each field and its kind, never its value", () => {
        const bad = { ...checked({}), gpuNum: "2", envs: [{ key: "TOKEN", value: 42 }], name: undefined };
        expect(() => parseInputs(bad)).toThrow("GpuInstance checked inputs do not have the form this provider writes: name (missing), gpuNum (string), envs (a list)");
        const message = messageOf(() => parseInputs({ ...checked({}), envs: "TOKEN=s3cret" }));
        expect(message).toBe("GpuInstance checked inputs do not have the form this provider writes: envs (string)");
    });

    test("in a preview any field may be unknown: parsePlannedInputs lets it through, parseInputs (create, update) does not", () => {
        const r = checkGpuInstance({}, { name: UNKNOWN, productId: UNKNOWN, imageUrl: "img:1", gpuNum: UNKNOWN, ports: UNKNOWN, envs: [{ key: "A", value: UNKNOWN }] });
        expect(r.failures).toEqual([]);
        expect(parsePlannedInputs(r.inputs)).toMatchObject({ name: UNKNOWN, gpuNum: UNKNOWN, ports: UNKNOWN });
        expect(() => parseInputs(r.inputs)).toThrow(
            "GpuInstance checked inputs do not have the form this provider writes: name (unknown until apply), productId (unknown until apply), gpuNum (unknown until apply), ports (unknown until apply), envs (unknown until apply)",
        );
    });

    test("stored outputs: any field may be absent (a .get's props), but a present one must be of its kind", () => {
        expect(parseStored(undefined)).toEqual({});
        expect(parseStored({ autoNamePrefix: "gpu", __provider: "p" })).toEqual({ autoNamePrefix: "gpu", __provider: "p" });
        expect(parseStored({ ...checked({}), billingMode: "monthly", status: "running", pendingCreate: true }).billingMode).toBe("monthly");
        expect(() => parseStored({ name: "t", ports: "8888/http", ready: "yes" })).toThrow("GpuInstance stored outputs do not have the form this provider writes: ports (string), ready (string)");
    });

    test("stored outputs: a top-level null reads as absent, so a destroy never fails on it", () => {
        const parsed = parseStored({ ...checked({}), statusError: null, pricePerHour: null, instanceId: "i-1" });
        expect(parsed).not.toHaveProperty("statusError");
        expect(parsed).not.toHaveProperty("pricePerHour");
        expect(parsed.instanceId).toBe("i-1");
        expect(storage.parseStored({ name: "v", size: null }).size).toBeUndefined();
    });

    test("stored outputs for delete: a field not of its kind is left out and named on stderr, never a reason to fail a destroy", () => {
        const write = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
        try {
            const parsed = parseStoredForDelete({ ...checked({}), ports: "8888/http", ready: "yes", instanceId: "i-1", __provider: "p" });
            expect(parsed).not.toHaveProperty("ports");
            expect(parsed).not.toHaveProperty("ready");
            expect(parsed).toMatchObject({ instanceId: "i-1", name: "t", __provider: "p" });
            expect(write.mock.calls.map((c) => String(c[0])).join("")).toContain("GpuInstance delete: ignoring stored outputs not of the form this provider writes: ports, ready");
            expect(() => parseStored({ ports: "8888/http" })).toThrow("ports (string)");
            expect(storage.parseStoredForDelete({ name: "v", size: "big" })).toEqual({ name: "v" });
            expect(auth.parseStoredForDelete({ name: "a", timeouts: "5m" })).toEqual({ name: "a" });
        } finally {
            write.mockRestore();
        }
    });

    test("a template instance whose ports are unknown at preview: diff reports a ports edit (it used to throw on the unknown)", () => {
        const inputs = parseInputs(checked({ templateId: "5", ports: ["8888/http"] }));
        const olds: StoredState = { ...inputs, templateDefaults: { ports: [{ port: 22, type: "tcp" }], envs: [], imageUrl: "tpl:1" } };
        const news = parsePlannedInputs(checkGpuInstance({}, { name: "t", productId: "4090.16c62g", templateId: "5", ports: UNKNOWN }).inputs);
        expect(planUpdate(olds, news)).toMatchObject({ replaces: [], edit: ["ports"] });
    });
});

describe("one key table per resource", () => {
    test("GpuInstance: the outputs are the inputs and what create learned, less the hidden keys; the secret ones among them", () => {
        const hidden = ["autoNamePrefix", "pendingCreate"];
        expect(new Set(OUTPUT_KEYS)).toEqual(new Set([...INPUT_KEYS, ...COMPUTED_KEYS].filter((k) => !hidden.includes(k))));
        expect(HIDDEN_INPUTS).toEqual(["autoNamePrefix"]);
        expect(COMPUTED_KEYS).toContain("pendingCreate");
        expect(SECRET_OUTPUTS).toEqual(["envs", "templateDefaults"]);
        expect(GPU_INSTANCE_SECRET_OUTPUTS).toEqual(["envs", "templateDefaults"]);
    });

    test("every key of check's normal form is in the table", () => {
        const inputs = checked({ autoNamePrefix: "gpu", name: undefined, placement: undefined, readiness: { tcp: { port: 22 } }, ports: ["22/tcp"], networkStorages: [{ id: "v" }] });
        for (const k of Object.keys(inputs).filter((k) => k !== "__provider")) expect(INPUT_KEYS).toContain(k);
    });
});

describe("NetworkStorage and RegistryAuth models", () => {
    test("check's results parse as their normal forms; stored outputs may lack any field", () => {
        const volume = checkNetworkStorage({}, { clusterId: "as-sgp-2", size: 20, autoNamePrefix: "models" });
        expect(volume.failures).toEqual([]);
        expect(storage.parseInputs(volume.inputs)).toMatchObject({ clusterId: "as-sgp-2", size: 20, timeouts: { delete: "5m" } });
        expect(storage.parseStored({})).toEqual({});
        expect(() => storage.parseStored({ size: "20" })).toThrow("NetworkStorage stored outputs do not have the form this provider writes: size (string)");
        expect(storage.parsePlannedInputs({ ...volume.inputs, size: UNKNOWN }).size).toBe(UNKNOWN);
    });

    test("a registry auth's password is never quoted when its inputs do not parse", async () => {
        const r = await registryAuth.check!({}, { username: "u", password: "pw-s3cret", autoNamePrefix: "ghcr" });
        expect(r.failures ?? []).toEqual([]);
        expect(auth.parseInputs(r.inputs)).toMatchObject({ username: "u", timeouts: { delete: "5m" } });
        const message = messageOf(() => auth.parseInputs({ ...r.inputs, password: ["pw-s3cret"] }));
        expect(message).toBe("RegistryAuth checked inputs do not have the form this provider writes: password (a list)");
    });
});
