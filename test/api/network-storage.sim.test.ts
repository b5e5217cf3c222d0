/** NovitaClient's network-storage calls against the simulator over real HTTP (docs/network-storage.md). */
import { NovitaClient } from "../../src/api/client";
import { NovitaApiError, NovitaValidationError, isNetworkStorageInUse, isNetworkStorageNotFound } from "../../src/api";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../src/simulator";

const fast = { baseDelayMs: 5, maxDelayMs: 20 };
let sims: Simulator[] = [];
afterEach(async () => {
    for (const s of sims.splice(0)) await s.close();
});

async function setup(options: SimulatorOptions = {}) {
    const sim = await startSimulator({ timeScale: 0.001, seed: 3, ...options });
    sims.push(sim);
    return { sim, client: new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, retry: fast, timeScale: 0.001 }) };
}
const calls = (sim: Simulator) => sim.requestLog().map((r) => `${r.method} ${r.path}`);

describe("create", () => {
    test.each(["string", "object"] as const)("the %s answer: the volume comes back as listed (id, name, size, cluster), read back by its id", async (answer) => {
        const { sim, client } = await setup({ networkStorageCreateAnswer: answer });
        const v = await client.createNetworkStorage({ clusterId: "as-sgp-2", storageName: "weights", storageSize: 100 });
        expect(v).toEqual({ id: sim.networkStorages()[0]!.id, name: "weights", size: 100, clusterId: "as-sgp-2", clusterName: "AS-SGP-02", price: "20000" });
        expect(calls(sim)).toEqual(["GET /v1/networkstorages/list", "POST /v1/networkstorage/create", "GET /v1/networkstorages/list"]);
        expect(sim.requestLog()[2]!.query).toMatchObject({ storageId: v.id });
    });

    test("an answer without an id ({}) is tolerated: the new volume is found by name, not mistaken for an older one of that name", async () => {
        const { sim, client } = await setup();
        const older = await client.createNetworkStorage({ clusterId: "as-sgp-2", storageName: "data", storageSize: 10 });
        sim.inject({ path: "/v1/networkstorage/create", kind: "status", status: 200, body: "{}", phase: "after" });
        const v = await client.createNetworkStorage({ clusterId: "us-ca-6", storageName: "data", storageSize: 20 });
        expect(v).toMatchObject({ name: "data", size: 20, clusterId: "us-ca-6" });
        expect(v.id).not.toBe(older.id);
        expect(sim.networkStorages()).toHaveLength(2);
        expect(sim.requestLog().filter((r) => r.path === "/v1/networkstorage/create").map((r) => r.fault)).toEqual([undefined, "status:200"]);
    });

    test("an ambiguous failure (503 after the volume was made) is reconciled by name: one volume, never a second create", async () => {
        const { sim, client } = await setup();
        sim.inject({ path: "/v1/networkstorage/create", kind: "status", status: 503, phase: "after" });
        const v = await client.createNetworkStorage({ clusterId: "as-sgp-2", storageName: "once", storageSize: 10 });
        expect(sim.networkStorages().map((x) => x.id)).toEqual([v.id]);
        expect(calls(sim).filter((c) => c.startsWith("POST"))).toEqual(["POST /v1/networkstorage/create"]);
    });

    test("a definite refusal is not retried and keeps Novita's reason", async () => {
        const { sim, client } = await setup();
        const err = await client.createNetworkStorage({ clusterId: "as-in-1", storageName: "x", storageSize: 10 }).catch((e) => e);
        expect(err).toBeInstanceOf(NovitaApiError);
        expect(err.reason).toBe("CUR_CLUSTER_NETWORK_STORAGE_NOT_SUPPORT");
        expect(calls(sim).filter((c) => c.startsWith("POST"))).toHaveLength(1);
    });

    test.each([
        [{ storageName: "with space" }, "storageName"],
        [{ storageSize: 5 }, "storageSize"],
        [{ clusterId: "" }, "clusterId"],
    ])("bad parameters %j are refused before any request, naming %s", async (patch, field) => {
        const { sim, client } = await setup();
        const err = await client.createNetworkStorage({ clusterId: "as-sgp-2", storageName: "ok", storageSize: 10, ...patch }).catch((e) => e);
        expect(err).toBeInstanceOf(NovitaValidationError);
        expect(err.message).toContain(field);
        expect(sim.requestLog()).toEqual([]);
    });
});

describe("list, find, update, delete", () => {
    test.each([0, 1] as const)("listAll walks every page (pageNo base %i) and applies the name filter exactly", async (pageBase) => {
        const { sim, client } = await setup({ pageBase });
        for (let i = 0; i < 7; i++) await client.createNetworkStorage({ clusterId: "as-sgp-2", storageName: `v-${i}`, storageSize: 10 });
        const all = await client.listAllNetworkStorages({}, 3);
        expect(all.map((v) => v.name)).toEqual(["v-0", "v-1", "v-2", "v-3", "v-4", "v-5", "v-6"]);
        expect((await client.listAllNetworkStorages({ storageName: "v-1" }, 3)).map((v) => v.name)).toEqual(["v-1"]); // the API's filter is fuzzy
        expect(sim.networkStorages()).toHaveLength(7);
    });

    test("find returns the volume, or undefined when there is none", async () => {
        const { client } = await setup();
        const v = await client.createNetworkStorage({ clusterId: "as-sgp-2", storageName: "f", storageSize: 10 });
        expect(await client.findNetworkStorage(v.id)).toEqual(v);
        expect(await client.findNetworkStorage("d4e82677-3f80-4020-a731-d15b1c589aa8")).toBeUndefined();
    });

    test("update sends every field, storageSize as an integer", async () => {
        const { sim, client } = await setup();
        const v = await client.createNetworkStorage({ clusterId: "as-sgp-2", storageName: "u", storageSize: 10 });
        await client.updateNetworkStorage({ storageId: v.id, storageName: "u2", storageSize: 40 });
        expect(sim.requestLog().at(-1)!.body).toEqual({ storageId: v.id, storageName: "u2", storageSize: 40 });
        expect(await client.findNetworkStorage(v.id)).toMatchObject({ name: "u2", size: 40 });
    });

    test("delete; a second delete is NETWORK_STORAGE_NOT_FOUND; a mounted volume is NETWORK_STORAGE_IN_USE", async () => {
        const { client } = await setup();
        const v = await client.createNetworkStorage({ clusterId: "as-sgp-2", storageName: "d", storageSize: 10 });
        await client.deleteNetworkStorage(v.id);
        expect(isNetworkStorageNotFound(await client.deleteNetworkStorage(v.id).catch((e) => e))).toBe(true);
        const busy = await client.createNetworkStorage({ clusterId: "as-sgp-2", storageName: "busy", storageSize: 10 });
        await client.createInstance({
            name: "m", productId: "4090.16c62g", clusterId: "as-sgp-2", gpuNum: 1, rootfsSize: 60, imageUrl: "i", kind: "gpu", networkStorages: [{ Id: busy.id, mountPoint: "/m" }],
        });
        expect(isNetworkStorageInUse(await client.deleteNetworkStorage(busy.id).catch((e) => e))).toBe(true);
        const [inst] = await client.listAllInstances();
        expect(inst!.volumeMounts.filter((m) => m.type === "network")).toEqual([{ type: "network", size: 10, id: busy.id, mountPath: "/m" }]);
    });
});
