/** Network storage in the simulator (docs/network-storage.md), over raw HTTP: the documented paths, shapes and refusals. */
import { startSimulator, NETWORK_STORAGE_MAX_GB, type Simulator } from "../../src/simulator";
import { create, frozenSimulatorPerTest, get, post } from "./helpers";

let sim: Simulator;
// The wall clock frozen: an instance stays "removing" until advance() says otherwise.
frozenSimulatorPerTest({ seed: "ns" }, (s) => (sim = s));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const make = async (name: string, size = 50, clusterId = "as-sgp-2") => {
    const r = await post(sim, "/v1/networkstorage/create", { clusterId, storageName: name, storageSize: size });
    if (r.status !== 200) throw new Error(`create failed: ${r.status} ${r.text}`);
    return r.json as string;
};
const listed = async (query: Record<string, string | number> = {}) => (await get(sim, "/v1/networkstorages/list", query)).json;

describe("create, list, update, delete", () => {
    it("create answers the new id as a bare JSON string (the docs' form); list shows it with the documented fields", async () => {
        const r = await post(sim, "/v1/networkstorage/create", { clusterId: "as-sgp-2", storageName: "weights", storageSize: 100 });
        expect(r.status).toBe(200);
        expect(r.text).toBe(JSON.stringify(r.json));
        expect(r.json).toMatch(UUID);
        expect(await listed()).toEqual({
            data: [{ storageId: r.json, storageName: "weights", storageSize: 100, clusterId: "as-sgp-2", clusterName: "AS-SGP-02", price: "20000" }],
            total: 1,
        });
        expect(sim.networkStorages()).toEqual([
            { id: r.json, name: "weights", size: 100, clusterId: "as-sgp-2", clusterName: "AS-SGP-02", createdAt: expect.any(Date), mountedBy: [] },
        ]);
    });

    it('with networkStorageCreateAnswer "object", create answers the volume object (the SDK\'s form)', async () => {
        const other = await startSimulator({ networkStorageCreateAnswer: "object" });
        try {
            const r = await post(other, "/v1/networkstorage/create", { clusterId: "us-ca-6", storageName: "data", storageSize: 10 });
            expect(r.json).toEqual({ storageId: expect.stringMatching(UUID), storageName: "data", storageSize: 10, clusterId: "us-ca-6", clusterName: "US-CA-06", price: "2000" });
        } finally {
            await other.close();
        }
    });

    it("list pages with pageNo/pageSize (default: the first 10), filters storageName fuzzily and storageId exactly, and counts total", async () => {
        const ids: string[] = [];
        for (let i = 0; i < 12; i++) ids.push(await make(`vol-${i}`));
        expect((await listed()).data.map((v: { storageId: string }) => v.storageId)).toEqual(ids.slice(0, 10));
        expect((await listed({ pageSize: 5, pageNo: 2 })).data.map((v: { storageName: string }) => v.storageName)).toEqual(["vol-10", "vol-11"]);
        expect((await listed({ pageSize: 5, pageNo: 2 })).total).toBe(12);
        expect((await listed({ storageName: "VOL-1" })).data.map((v: { storageName: string }) => v.storageName)).toEqual(["vol-1", "vol-10", "vol-11"]);
        expect((await listed({ storageId: ids[3]! })).data.map((v: { storageId: string }) => v.storageId)).toEqual([ids[3]]);
        expect(await listed({ storageId: "no-such-volume" })).toEqual({ data: [], total: 0 });
    });

    it("update renames and grows (storageSize as an integer or, as the docs type it, a string); it never shrinks", async () => {
        const id = await make("a", 50);
        expect((await post(sim, "/v1/networkstorage/update", { storageId: id, storageName: "b", storageSize: 80 })).json).toEqual({});
        expect((await post(sim, "/v1/networkstorage/update", { storageId: id, storageName: "b", storageSize: "120" })).status).toBe(200);
        expect((await post(sim, "/v1/networkstorage/update", { storageId: id, storageName: "c", storageSize: 120 })).status).toBe(200); // rename only
        const shrink = await post(sim, "/v1/networkstorage/update", { storageId: id, storageName: "c", storageSize: 100 });
        expect([shrink.status, shrink.json.reason]).toEqual([400, "VALIDATOR_PARAM"]);
        expect(shrink.json.message).toContain("storageSize");
        expect(sim.networkStorages()[0]).toMatchObject({ name: "c", size: 120 });
    });

    it("delete answers {}; deleting or updating an unknown id is NETWORK_STORAGE_NOT_FOUND", async () => {
        const id = await make("gone");
        expect((await post(sim, "/v1/networkstorage/delete", { storageId: id })).json).toEqual({});
        expect(await listed()).toEqual({ data: [], total: 0 });
        for (const [path, body] of [["delete", { storageId: id }], ["update", { storageId: id, storageName: "x", storageSize: 10 }]] as const) {
            const r = await post(sim, `/v1/networkstorage/${path}`, body);
            expect([r.status, r.json.reason]).toEqual([400, "NETWORK_STORAGE_NOT_FOUND"]);
        }
    });
});

describe("refusals", () => {
    it.each([
        [{ storageSize: 9 }, "storageSize"],
        [{ storageSize: 10.5 }, "storageSize"],
        [{ storageName: "has space" }, "storageName"],
        [{ storageName: "" }, "storageName"],
        [{ clusterId: undefined }, "clusterId"],
        [{ clusterId: "mars-1" }, "clusterId"],
    ])("create with %j is VALIDATOR_PARAM naming %s", async (patch, field) => {
        const r = await post(sim, "/v1/networkstorage/create", { clusterId: "as-sgp-2", storageName: "ok", storageSize: 10, ...patch });
        expect([r.status, r.json.reason]).toEqual([400, "VALIDATOR_PARAM"]);
        expect(r.json.message).toContain(field);
    });

    it("a cluster without network storage support is CUR_CLUSTER_NETWORK_STORAGE_NOT_SUPPORT; too large is NETWORK_STORAGE_TOO_LARGE", async () => {
        const r = await post(sim, "/v1/networkstorage/create", { clusterId: "as-in-1", storageName: "x", storageSize: 10 });
        expect([r.status, r.json.reason]).toEqual([400, "CUR_CLUSTER_NETWORK_STORAGE_NOT_SUPPORT"]);
        const big = await post(sim, "/v1/networkstorage/create", { clusterId: "as-sgp-2", storageName: "x", storageSize: NETWORK_STORAGE_MAX_GB + 1 });
        expect(big.json.reason).toBe("NETWORK_STORAGE_TOO_LARGE");
        expect(sim.networkStorages()).toEqual([]);
    });
});

describe("mounting", () => {
    it("create mounts volumes of its cluster ({Id, mountPoint}, default /network); they show in volumeMounts (size a number in get, a string in list)", async () => {
        const a = await make("models", 100);
        const b = await make("data", 20);
        const id = await create(sim, { networkStorages: [{ Id: a, mountPoint: "/models" }, { Id: b }] });
        const got = (await get(sim, "/v1/gpu/instance", { instanceId: id })).json;
        expect(got.volumeMounts.filter((m: { type: string }) => m.type === "network")).toEqual([
            { type: "network", size: 100, id: a, mountPath: "/models" },
            { type: "network", size: 20, id: b, mountPath: "/network" },
        ]);
        const inList = (await get(sim, "/v1/gpu/instances", { pageSize: 10, pageNum: 0 })).json.instances[0];
        expect(inList.volumeMounts.find((m: { id?: string }) => m.id === a)).toEqual({ type: "network", size: "100", id: a, mountPath: "/models" });
        expect(sim.instance(id)!.networkStorages).toEqual([{ id: a, mountPoint: "/models" }, { id: b, mountPoint: "/network" }]);
        expect(sim.networkStorages().map((v) => v.mountedBy)).toEqual([[id], [id]]);
    });

    it("a volume of another cluster is refused (NETWORK_STORAGE_UNAVAILABLE), an unknown one is NETWORK_STORAGE_NOT_FOUND", async () => {
        const us = await make("us-vol", 10, "us-ca-6");
        const r = await post(sim, "/v1/gpu/instance/create", { name: "x", productId: "4090.16c62g", gpuNum: 1, rootfsSize: 50, imageUrl: "i", kind: "gpu", clusterId: "as-sgp-2", networkStorages: [{ Id: us }] });
        expect([r.status, r.json.reason]).toEqual([400, "NETWORK_STORAGE_UNAVAILABLE"]);
        expect(r.json.message).toContain("us-ca-6");
        const sg = await make("sg-vol", 10, "as-sgp-2");
        const mixed = await post(sim, "/v1/gpu/instance/create", { name: "x", productId: "4090.16c62g", gpuNum: 1, rootfsSize: 50, imageUrl: "i", kind: "gpu", networkStorages: [{ Id: sg }, { Id: us }] });
        expect(mixed.json.reason).toBe("NETWORK_STORAGE_UNAVAILABLE");
        expect(sim.instances()).toEqual([]);
    });

    it("without clusterId, the volumes choose the cluster (not the one with the most free GPUs)", async () => {
        // 4090.16c62g has most free GPUs in us-ca-6 (40) but the volume is in as-sgp-2 (24 free).
        const vol = await make("pin", 10, "as-sgp-2");
        const id = await create(sim, { clusterId: undefined, networkStorages: [{ Id: vol }] });
        expect(sim.instance(id)!.clusterId).toBe("as-sgp-2");
        sim.setSoldOut("4090.16c62g", "as-sgp-2");
        const r = await post(sim, "/v1/gpu/instance/create", { name: "y", productId: "4090.16c62g", gpuNum: 1, rootfsSize: 50, imageUrl: "i", kind: "gpu", networkStorages: [{ Id: vol }] });
        expect(r.json.reason).toBe("INSUFFICIENT_RESOURCE");
    });

    it("upgrade replaces the mounts (networkVolume.volumeMounts), checked against the instance's cluster; [] removes them", async () => {
        const a = await make("a", 10);
        const us = await make("us", 10, "us-ca-6");
        const id = await create(sim);
        sim.advance(60);
        const upgrade = (volumeMounts: unknown[]) =>
            post(sim, "/v1/gpu/instance/upgrade", { instanceId: id, imageUrl: "i:2", envs: [], command: "", entrypoint: "", save: true, networkVolume: { volumeMounts } });
        expect((await upgrade([{ type: "network", id: us, mountPath: "/x" }])).json.reason).toBe("NETWORK_STORAGE_UNAVAILABLE");
        expect((await upgrade([{ type: "network", id: a, mountPath: "/models" }])).status).toBe(200);
        expect(sim.instance(id)!.networkStorages).toEqual([{ id: a, mountPoint: "/models" }]);
        sim.advance(120);
        expect((await upgrade([])).status).toBe(200);
        expect(sim.instance(id)!.networkStorages).toEqual([]);
    });

    it("delete is refused while an instance that is not removed mounts the volume (NETWORK_STORAGE_IN_USE), allowed once it is removed", async () => {
        const vol = await make("busy", 10);
        const id = await create(sim, { networkStorages: [{ Id: vol }] });
        const refused = await post(sim, "/v1/networkstorage/delete", { storageId: vol });
        expect(refused.json).toEqual({ code: 400, reason: "NETWORK_STORAGE_IN_USE", message: "Network storage is in use", metadata: {} });
        expect(() => sim.outOfBand.deleteNetworkStorage(vol)).toThrow(/NETWORK_STORAGE_IN_USE/);
        await post(sim, "/v1/gpu/instance/delete", { instanceId: id });
        expect((await post(sim, "/v1/networkstorage/delete", { storageId: vol })).json.reason).toBe("NETWORK_STORAGE_IN_USE"); // still removing
        sim.advance(6);
        expect((await post(sim, "/v1/networkstorage/delete", { storageId: vol })).status).toBe(200);
    });
});

describe("out-of-band controls", () => {
    it("updateNetworkStorage renames and grows with the API's rules; deleteNetworkStorage removes", async () => {
        const vol = await make("oob", 10);
        sim.outOfBand.updateNetworkStorage(vol, { size: 30 });
        sim.outOfBand.updateNetworkStorage(vol, { name: "renamed" });
        expect(sim.networkStorages()[0]).toMatchObject({ name: "renamed", size: 30 });
        expect(() => sim.outOfBand.updateNetworkStorage(vol, { size: 20 })).toThrow(/VALIDATOR_PARAM/);
        sim.outOfBand.deleteNetworkStorage(vol);
        expect(sim.networkStorages()).toEqual([]);
        expect(() => sim.outOfBand.deleteNetworkStorage(vol)).toThrow(/NETWORK_STORAGE_NOT_FOUND/);
    });
});
