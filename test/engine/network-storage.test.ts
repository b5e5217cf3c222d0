/**
 * NetworkStorage through the offline engine and the real dynamic-provider server, against the simulator: a volume and
 * an instance mounting it, growing and renaming in place, shrinking refused at preview, refresh after changes made
 * outside Pulumi, delete while mounted, `.get`, and the instance placed only in the volume's cluster.
 */
import * as novita from "../../src";
import { NovitaClient } from "../../src/api/client";
import { DeploymentError } from "../../src/testing";
import { GPU, startNovitaStack, type NovitaStack } from "./harness";

const VOLUME = "pulumi-nodejs:dynamic/novita:NetworkStorage";
let s: NovitaStack;
beforeEach(async () => (s = await startNovitaStack()));
afterEach(() => s.dispose());

const failureOf = async (p: Promise<unknown>): Promise<DeploymentError> => {
    const e = await p.then(() => undefined, (x) => x);
    expect(e).toBeInstanceOf(DeploymentError);
    return e as DeploymentError;
};
const volumeOnly = (args: Partial<novita.NetworkStorageArgs> = {}) => () => {
    const v = new novita.NetworkStorage("weights", { region: "US-CA-06", size: 50, ...args } as novita.NetworkStorageArgs);
    return { id: v.id, name: v.name, clusterId: v.clusterId, clusterName: v.clusterName, size: v.size, status: v.status };
};
const withInstance = (size = 50, placement: novita.PlacementArgs = { productName: "RTX 4090", regions: ["AS-SGP-02", "US-CA-06"] }) => () => {
    const v = new novita.NetworkStorage("weights", { region: "US-CA-06", size });
    const g = new novita.GpuInstance("server", { placement, imageUrl: "vllm/vllm-openai:v0.6.3", networkStorages: [{ id: v.id, mountPoint: "/models" }] });
    return { volume: v.id, cluster: g.clusterId };
};
const client = () => new NovitaClient({ apiKey: s.sim.apiKey, baseUrl: s.sim.baseUrl });

test("a volume and an instance mounting it: placed in the volume's cluster, converges, grows in place, destroys in order", async () => {
    const up = await s.engine.up(withInstance());
    const [vol] = s.sim.networkStorages();
    expect(vol).toMatchObject({ size: 50, clusterId: "us-ca-6", name: expect.stringMatching(/^weights-[0-9a-f]{7}$/) });
    const inst = s.sim.instance(s.byName("server").id)!;
    // AS-SGP-02 comes first in the regions, but the volume is in US-CA-06.
    expect(inst).toMatchObject({ clusterId: "us-ca-6", status: "running", networkStorages: [{ id: vol!.id, mountPoint: "/models" }] });
    expect(up.outputs).toEqual({ volume: vol!.id, cluster: "us-ca-6" });
    expect(s.byName("weights").outputs).toMatchObject({ clusterId: "us-ca-6", clusterName: "US-CA-06", region: "US-CA-06", size: 50, status: "ready" });
    expect(s.byName("server").outputs.networkStorages).toEqual([{ id: vol!.id, mountPoint: "/models" }]);
    expect((await s.engine.preview(withInstance())).steps.filter((x) => x.op !== "same")).toEqual([]);

    s.sim.clearRequestLog();
    const grown = await s.engine.up(withInstance(80));
    expect(grown.steps.filter((x) => x.op !== "same").map((x) => [x.name, x.op, x.changedKeys])).toEqual([["weights", "update", ["size"]]]);
    expect(s.sim.networkStorages()[0]).toMatchObject({ id: vol!.id, size: 80 });
    expect(s.sim.requestLog().filter((r) => r.method === "POST").map((r) => r.path)).toEqual(["/v1/networkstorage/update"]);
    expect(s.sim.instance(inst.id)!.status).toBe("running"); // the instance is untouched

    s.sim.clearRequestLog();
    await s.engine.destroy();
    expect(s.sim.networkStorages()).toEqual([]);
    expect(s.sim.instances()).toEqual([]);
    // The instance goes first (and is waited on), so the volume is never refused as in use.
    expect(s.sim.requestLog().filter((r) => r.path === "/v1/networkstorage/delete").map((r) => r.status)).toEqual([200]);
});

test("rename is in place; a smaller size fails the preview naming size, with no request", async () => {
    await s.engine.up(volumeOnly({ name: "data-a" }));
    const id = s.byName("weights").id;
    const renamed = await s.engine.up(volumeOnly({ name: "data-b" }));
    expect(renamed.steps.find((x) => x.name === "weights")).toMatchObject({ op: "update", changedKeys: ["name"] });
    expect(s.sim.networkStorages()).toEqual([expect.objectContaining({ id, name: "data-b", size: 50 })]);

    s.sim.clearRequestLog();
    const err = await failureOf(s.engine.preview(volumeOnly({ name: "data-b", size: 20 })));
    expect(err.message).toContain("size: 20 GB is smaller than the volume's 50 GB: a network storage can only grow. Set size to at least 50");
    expect(s.sim.requestLog()).toEqual([]);
});

test("refresh records a resize and drops a deletion made outside Pulumi; up then creates a new volume", async () => {
    await s.engine.up(volumeOnly());
    const id = s.byName("weights").id;
    s.sim.outOfBand.updateNetworkStorage(id, { size: 120 });
    const refresh = await s.engine.refresh();
    expect(refresh.steps.find((x) => x.name === "weights")).toMatchObject({ op: "refresh", changedKeys: ["size"] });
    expect(s.byName("weights").outputs.size).toBe(120);
    // The program still says 50: the preview says it cannot shrink, and what to do.
    expect((await failureOf(s.engine.preview(volumeOnly()))).message).toContain("size: 50 GB is smaller than the volume's 120 GB");
    expect((await s.engine.preview(volumeOnly({ size: 120 }))).steps.filter((x) => x.op !== "same")).toEqual([]);

    s.sim.outOfBand.deleteNetworkStorage(id);
    const dropped = await s.engine.refresh();
    expect(dropped.steps.find((x) => x.name === "weights")!.op).toBe("delete");
    expect(s.resources(VOLUME)).toEqual([]);
    await s.engine.up(volumeOnly({ size: 120 }));
    expect(s.sim.networkStorages().map((v) => v.id)).toEqual([s.byName("weights").id]);
    expect(s.byName("weights").id).not.toBe(id);
});

test("deleting a volume mounted by an instance outside the stack retries within timeouts.delete, then names the instance", async () => {
    await s.engine.up(volumeOnly({ timeouts: { delete: "20s" } }));
    const id = s.byName("weights").id;
    const outside = await client().createInstance({
        name: "made-in-console", productId: "4090.16c62g", gpuNum: 1, rootfsSize: 60, imageUrl: "x", kind: "gpu", networkStorages: [{ Id: id, mountPoint: "/data" }],
    });
    const err = await failureOf(s.engine.destroy());
    expect(err.message).toContain(`is still used by made-in-console (${outside.id}) after`);
    expect(err.message).toContain("unmount it from those instances (remove it from their networkStorages) or delete them");
    const deletes = s.sim.requestLog().filter((r) => r.path === "/v1/networkstorage/delete");
    expect(deletes.length).toBeGreaterThan(1);
    expect(deletes.every((r) => r.status === 400)).toBe(true);
    expect(s.resources(VOLUME)).toHaveLength(1); // still managed: a later destroy can finish the job
});

test("an unknown region, and a cluster without network storage, fail the preview naming the field and the clusters to choose from", async () => {
    const unknown = await failureOf(s.engine.preview(volumeOnly({ region: "EU-01" })));
    expect(unknown.message).toContain('region: unknown region "EU-01"; available regions: AS-SGP-02 (as-sgp-2), CN-HK-01 (cn-hongkong-1), AS-IN-01 (as-in-1), US-CA-06 (us-ca-6)');
    const unsupported = await failureOf(s.engine.up(volumeOnly({ region: undefined, clusterId: "as-in-1" })));
    expect(unsupported.message).toContain(
        "clusterId: AS-IN-01 (as-in-1) does not support network storage (supportNetworkStorage is false); clusters that do: AS-SGP-02 (as-sgp-2), CN-HK-01 (cn-hongkong-1), US-CA-06 (us-ca-6)",
    );
    // Each run's provider process read the cluster list once, and nothing else.
    expect(s.sim.requestLog().map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/clusters", "GET /v1/clusters"]);
    expect(s.sim.networkStorages()).toEqual([]);
});

test("an existing volume's check makes no request; a cluster list that cannot be read does not fail the preview of a new one", async () => {
    await s.engine.up(volumeOnly());
    s.sim.clearRequestLog();
    await s.engine.preview(volumeOnly({ size: 60 }));
    expect(s.sim.requestLog()).toEqual([]);
    s.sim.inject({ path: "/v1/clusters", kind: "status", status: 500, count: 100 });
    const preview = await s.engine.preview(() => {
        volumeOnly({ size: 60 })();
        new novita.NetworkStorage("data", { region: "AS-SGP-02", size: 10 });
    });
    expect(preview.steps.find((x) => x.name === "data")!.op).toBe("create");
    expect(preview.diagnostics.map((d) => d.message).join("\n")).toMatch(/region not checked against the cluster list at preview \(.*500/);
});

test(".get reads an existing volume; destroy leaves it alone", async () => {
    const made = await client().createNetworkStorage({ clusterId: "as-sgp-2", storageName: "shared", storageSize: 30 });
    const up = await s.engine.up(() => {
        const v = novita.NetworkStorage.get("shared", made.id);
        return { name: v.name, size: v.size, clusterName: v.clusterName };
    });
    expect(up.outputs).toEqual({ name: "shared", size: 30, clusterName: "AS-SGP-02" });
    await s.engine.destroy();
    expect(s.sim.networkStorages().map((v) => v.id)).toEqual([made.id]);
});

test("NetworkStorage.get of an id Novita does not know fails, naming the id; nothing is recorded", async () => {
    const err = await failureOf(s.engine.up(() => ({ name: novita.NetworkStorage.get("shared", "no-such-volume-1").name })));
    expect(err.message).toContain("no network storage no-such-volume-1 (NetworkStorage.get)");
    expect(s.resources(VOLUME)).toEqual([]);
});

describe("an instance is only placed in its volume's cluster", () => {
    test("explicit productId with another clusterId: a clear error naming clusterId, before any instance is created", async () => {
        const err = await failureOf(
            s.engine.up(() => {
                const v = new novita.NetworkStorage("weights", { region: "US-CA-06", size: 10 });
                new novita.GpuInstance("server", { productId: "4090.16c62g", clusterId: "as-sgp-2", imageUrl: "x", networkStorages: [{ id: v.id }] });
            }),
        );
        expect(err.message).toMatch(/clusterId: the instance would be in as-sgp-2, but network storage weights-[0-9a-f]{7} \(.+\) is in US-CA-06 \(us-ca-6\); an instance can mount only volumes of its own cluster: set clusterId to "us-ca-6"/);
        expect(s.sim.instances()).toEqual([]);
    });

    test("explicit productId without clusterId: created in the volume's cluster", async () => {
        await s.engine.up(() => {
            const v = new novita.NetworkStorage("weights", { clusterId: "as-sgp-2", size: 10 });
            new novita.GpuInstance("server", { productId: "4090.16c62g", imageUrl: "x", networkStorages: [{ id: v.id }] });
        });
        expect(s.sim.instance(s.byName("server").id)!.clusterId).toBe("as-sgp-2"); // not us-ca-6, where most 4090s are free
    });

    test("a volume in a region the placement does not list: the error says so and what to add", async () => {
        const err = await failureOf(s.engine.up(withInstance(50, { productName: "RTX 4090" })));
        expect(err.message).toMatch(
            /placement\.regions: network storage weights-[0-9a-f]{7} \(.+\) is in US-CA-06 \(us-ca-6\), which is not among the regions searched \(AS-SGP-02, CN-HK-01, AS-IN-01\); an instance can mount only volumes of its own cluster: add "US-CA-06" to placement\.regions/,
        );
        expect(s.sim.instances()).toEqual([]);
        expect(s.resources(GPU)).toEqual([]);
    });

    test("no offer in the volume's cluster: the error says only that cluster was searched, and why", async () => {
        s.sim.setSoldOut("4090.16c62g", "us-ca-6");
        const err = await failureOf(s.engine.up(withInstance()));
        expect(err.message).toMatch(/Only US-CA-06 \(us-ca-6\) was searched: network storage weights-[0-9a-f]{7} \(.+\) is there, and an instance can mount only volumes of its own cluster\./);
        expect(err.message).toContain("1. US-CA-06 (us-ca-6): sold out (4090.16c62g on-demand)");
        expect(err.message).not.toContain("add a region");
        expect(s.sim.instances()).toEqual([]);
    });
});
