/**
 * Network storage under failure and drift: a volume deleted or resized outside Pulumi, a delete refused while an
 * instance outside the stack mounts the volume, a volume in a cluster the placement does not search, and ambiguous or
 * rate-limited volume requests. The invariants also hold for volumes: simulator volumes == managed NetworkStorages.
 */
import * as novita from "../../../src";
import { NovitaClient } from "../../../src/api/client";
import type { Program } from "../../../src/testing";
import { simStatus } from "../../engine/harness";
import { VOLUME } from "../kit/invariants";
import { BASE, envSecret } from "../kit/programs";
import { scenario, type Run } from "../kit/run";

const secret = envSecret("volume");

/** A volume in US-CA-06 and (unless `alone`) an instance mounting it at /models. */
function weights(opts: { size?: number; alone?: boolean; placement?: novita.PlacementArgs; deleteTimeout?: string } = {}): Program {
    return () => {
        const v = new novita.NetworkStorage("weights", { clusterId: "us-ca-6", size: opts.size ?? 50, timeouts: opts.deleteTimeout ? { delete: opts.deleteTimeout } : undefined });
        if (opts.alone) return { volume: v.id };
        const where = opts.placement ? { placement: opts.placement } : { productId: BASE.productId, clusterId: BASE.clusterId };
        const g = new novita.GpuInstance("gpu", { ...where, imageUrl: "vllm/vllm-openai:v0.6.3", envs: { DB: secret }, networkStorages: [{ id: v.id, mountPoint: "/models" }] });
        return { volume: v.id, cluster: g.clusterId };
    };
}
const volumes = (run: Run) => run.s.resources(VOLUME).filter((r) => !r.external);
const volumeId = (run: Run) => volumes(run)[0]!.id;
const client = (run: Run) => new NovitaClient({ apiKey: run.sim.apiKey, baseUrl: run.sim.baseUrl, timeScale: 0.001 });

export function networkStorageScenarios(): void {
    describe("network storage", () => {
        scenario("volume deleted out of band (after its instance): refresh drops both; up recreates and remounts", { secrets: [secret] }, async (run) => {
            await run.up(weights());
            const [oldVolume, oldInstance] = [volumeId(run), run.gpus()[0]!.id];
            run.sim.outOfBand.delete(oldInstance);
            await simStatus(run.sim, oldInstance, "removed");
            run.sim.outOfBand.deleteNetworkStorage(oldVolume);
            const refresh = await run.refresh();
            expect(refresh.steps.filter((s) => s.op === "delete").map((s) => s.name).sort()).toEqual(["gpu", "weights"]);
            const up = await run.up(weights());
            expect(up.steps.filter((s) => s.op === "create").map((s) => s.name).sort()).toEqual(["gpu", "weights"]);
            expect(volumeId(run)).not.toBe(oldVolume);
            expect(run.sim.instance(run.gpus()[0]!.id)!.networkStorages).toEqual([{ id: volumeId(run), mountPoint: "/models" }]);
            return "refresh dropped volume and instance; up made both again, mounted at /models";
        });

        scenario("volume deleted out of band, then resized in the program without a refresh", {}, async (run) => {
            await run.up(weights({ alone: true }));
            const old = volumeId(run);
            run.sim.outOfBand.deleteNetworkStorage(old);
            const err = await run.fails(run.up(weights({ alone: true, size: 80 })));
            expect(err.message).toContain(`network storage ${String(volumes(run)[0]!.outputs.name)} (${old}) no longer exists on Novita`);
            expect(err.message).toContain("Run `pulumi refresh` to drop it from the stack");
            await run.refresh();
            await run.up(weights({ alone: true, size: 80 }));
            expect(run.sim.networkStorages().map((v) => [v.id === old, v.size])).toEqual([[false, 80]]);
            return "up 1: says to refresh; refresh + up create it at 80 GB";
        });

        scenario("volume resized out of band: refresh records it; the old size fails the preview; the new one converges", {}, async (run) => {
            await run.up(weights({ alone: true }));
            run.sim.outOfBand.updateNetworkStorage(volumeId(run), { size: 200 });
            await run.refresh();
            expect(volumes(run)[0]!.outputs.size).toBe(200);
            const err = await run.fails(run.preview(weights({ alone: true })));
            expect(err.message).toContain("size: 50 GB is smaller than the volume's 200 GB: a network storage can only grow");
            const up = await run.up(weights({ alone: true, size: 200 }));
            expect(up.steps.find((s) => s.name === "weights")!.op).toBe("same");
            return "refresh: 200 GB; preview at 50 GB refused naming size; 200 GB: no change";
        });

        scenario("delete while mounted by an instance outside the stack: retries, names it; finishes once it is gone", { secrets: [secret] }, async (run) => {
            await run.up(weights({ alone: true, deleteTimeout: "20s" }));
            const id = volumeId(run);
            const outside = await client(run).createInstance({
                name: "console-made", productId: "4090.16c62g", clusterId: "us-ca-6", gpuNum: 1, rootfsSize: 60, imageUrl: "x", kind: "gpu", networkStorages: [{ Id: id, mountPoint: "/data" }],
            });
            const err = await run.fails(run.destroy());
            expect(err.message).toContain(`is still used by console-made (${outside.id})`);
            const refused = run.requests({ path: "/v1/networkstorage/delete" });
            expect(refused.length).toBeGreaterThan(1);
            expect(volumes(run)).toHaveLength(1);
            await client(run).deleteInstance(outside.id);
            await simStatus(run.sim, outside.id, "removed");
            await run.destroy();
            expect(run.sim.networkStorages()).toEqual([]);
            return `destroy 1: ${refused.length} deletes refused (in use), error names the instance; destroy 2 after it went: deleted`;
        });

        scenario("a volume in another cluster than the placement's candidates: no instance; adding the region converges there", { secrets: [secret] }, async (run) => {
            const sgpHk = { productName: "RTX 4090", regions: ["AS-SGP-02", "CN-HK-01"] };
            const err = await run.fails(run.up(weights({ placement: sgpHk })));
            expect(err.message).toContain("placement.regions: network storage");
            expect(err.message).toContain('is in US-CA-06 (us-ca-6), which is not among the regions searched (AS-SGP-02, CN-HK-01); an instance can mount only volumes of its own cluster: add "US-CA-06" to placement.regions');
            expect(run.sim.instances()).toEqual([]);
            expect(run.requests({ method: "POST", path: "/v1/gpu/instance/create" })).toEqual([]);
            const up = await run.up(weights({ placement: { ...sgpHk, regions: [...sgpHk.regions, "US-CA-06"] } }));
            expect(up.outputs).toMatchObject({ cluster: "us-ca-6" });
            return "up 1: error names placement.regions and the volume's cluster, no create sent; up 2 placed in US-CA-06";
        });

        for (const fault of [{ kind: "status", status: 503 }, { kind: "reset" }] as const) {
            const what = fault.kind === "status" ? "503" : "connection reset";
            scenario(`volume create answered with a ${what} after it was made: reconciled by name, one volume`, {}, async (run) => {
                run.sim.inject({ path: "/v1/networkstorage/create", method: "POST", phase: "after", ...fault });
                await run.up(weights({ alone: true }));
                expect(run.requests({ path: "/v1/networkstorage/create" })).toHaveLength(1);
                expect(run.sim.networkStorages().map((v) => v.id)).toEqual([volumeId(run)]);
                return `one create sent, the ${what} reconciled by listing; 1 volume`;
            });
        }

        scenario("the volume lookups rate-limited (429 ×2): retried; the instance mounts the volume", { secrets: [secret] }, async (run) => {
            await run.up(weights({ alone: true }));
            run.sim.inject({ path: "/v1/networkstorages/list", method: "GET", kind: "status", status: 429, retryAfter: 1, count: 2 });
            await run.up(weights());
            expect(run.requests({ path: "/v1/networkstorages/list" }).filter((r) => r.status === 429)).toHaveLength(2);
            expect(run.sim.instance(run.gpus()[0]!.id)!.networkStorages).toEqual([{ id: volumeId(run), mountPoint: "/models" }]);
            return "2×429 on the volume list retried; instance created in us-ca-6 with the volume";
        });
    });
}
