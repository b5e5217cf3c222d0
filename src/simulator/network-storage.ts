/**
 * Network storage in the simulator (docs/network-storage.md), independent of HTTP (the routes, the instance operations and
 * the out-of-band controls share it). A volume lives in one cluster, which must support network storage; its size
 * only grows; it cannot be deleted while an instance that is not removed mounts it; an instance mounts only volumes
 * of its own cluster.
 *
 * Reasons come from the GPU error table (docs/novita-api-notes.md#errors): NETWORK_STORAGE_NOT_FOUND, NETWORK_STORAGE_IN_USE,
 * CUR_CLUSTER_NETWORK_STORAGE_NOT_SUPPORT, NETWORK_STORAGE_TOO_LARGE. Which one the real API gives for a volume
 * mounted from another cluster is not documented: NETWORK_STORAGE_UNAVAILABLE ("Network storage unavailable") is
 * our reading [INF]; so is VALIDATOR_PARAM for a size that would shrink, and the size ceiling (./catalogue.ts).
 */
import { usdToUnits } from "../api/units";
import type { CreateNetworkStorageParams, UpdateNetworkStorageParams } from "../api/schemas/network-storage";
import { NETWORK_STORAGE_MAX_GB, NETWORK_STORAGE_USD_PER_GB_DAY } from "./catalogue";
import { ApiError, validatorParam } from "./errors";
import type { InstanceRecord, Store } from "./store";

export interface VolumeRecord {
    id: string;
    name: string;
    /** GB. */
    size: number;
    clusterId: string;
    /** Simulated epoch ms. */
    createdAt: number;
}

/** Where a volume is mounted when `mountPoint`/`mountPath` is absent (docs/novita-api-notes.md#instances). */
export const DEFAULT_MOUNT_POINT = "/network";

const notFound = () => new ApiError(400, "NETWORK_STORAGE_NOT_FOUND", "Network storage not found");
const tooLarge = () => new ApiError(400, "NETWORK_STORAGE_TOO_LARGE", `Network storage size exceeds limit (${NETWORK_STORAGE_MAX_GB} GB)`);

export function findVolume(store: Store, id: string): VolumeRecord {
    const v = store.volumes.get(id);
    if (!v) throw notFound();
    return v;
}

/** Instances that are not removed and mount the volume (they keep it "in use"). */
export function volumeUsers(store: Store, id: string): InstanceRecord[] {
    store.tick();
    return [...store.instances.values()].filter((i) => i.status !== "removed" && i.networkStorages.some((n) => n.id === id));
}

export function createVolume(store: Store, body: CreateNetworkStorageParams): VolumeRecord {
    const cluster = store.cluster(body.clusterId);
    if (!cluster) throw validatorParam("clusterId", "unknown cluster");
    if (!cluster.supportNetworkStorage) {
        throw new ApiError(400, "CUR_CLUSTER_NETWORK_STORAGE_NOT_SUPPORT", "Network storage not supported in current region");
    }
    if (body.storageSize > NETWORK_STORAGE_MAX_GB) throw tooLarge();
    let id = store.ids.storageId();
    while (store.volumes.has(id)) id = store.ids.storageId();
    const v: VolumeRecord = { id, name: body.storageName, size: body.storageSize, clusterId: cluster.id, createdAt: store.clock.now() };
    store.volumes.set(id, v);
    return v;
}

/** Renames and/or resizes; the size may stay the same (a rename) or grow, never shrink. */
export function updateVolume(store: Store, body: UpdateNetworkStorageParams): VolumeRecord {
    const v = findVolume(store, body.storageId);
    if (body.storageSize < v.size) throw validatorParam("storageSize", "a network storage can only grow");
    if (body.storageSize > NETWORK_STORAGE_MAX_GB) throw tooLarge();
    v.name = body.storageName;
    v.size = body.storageSize;
    return v;
}

export function deleteVolume(store: Store, id: string): void {
    findVolume(store, id);
    if (volumeUsers(store, id).length > 0) throw new ApiError(400, "NETWORK_STORAGE_IN_USE", "Network storage is in use");
    store.volumes.delete(id);
}

export function encodeVolume(store: Store, v: VolumeRecord): Record<string, unknown> {
    return {
        storageId: v.id,
        storageName: v.name,
        storageSize: v.size,
        clusterId: v.clusterId,
        clusterName: store.cluster(v.clusterId)?.name ?? "",
        price: String(usdToUnits(v.size * NETWORK_STORAGE_USD_PER_GB_DAY)),
    };
}

/**
 * Checks the volumes an instance asks to mount (create's `networkStorages[{Id, mountPoint}]`, upgrade's
 * `networkVolume.volumeMounts[{id, mountPath}]`) against the instance's cluster — or, for a create without
 * `clusterId`, against each other. Returns the mounts and the cluster they pin the instance to.
 */
export function checkMounts(
    store: Store,
    requested: readonly { id: string; mountPoint?: string }[],
    clusterId: string | undefined,
    field: string,
): { mounts: { id: string; mountPoint: string }[]; clusterId?: string } {
    const seen = new Set<string>();
    let pinned = clusterId;
    const mounts = requested.map((m, i) => {
        if (seen.has(m.id)) throw validatorParam(`${field}.${i}`, "the same network storage is mounted twice");
        seen.add(m.id);
        const v = findVolume(store, m.id);
        if (pinned !== undefined && v.clusterId !== pinned) {
            throw new ApiError(400, "NETWORK_STORAGE_UNAVAILABLE", `Network storage unavailable: it is in cluster ${v.clusterId}, the instance in ${pinned}`);
        }
        pinned = v.clusterId;
        return { id: v.id, mountPoint: m.mountPoint || DEFAULT_MOUNT_POINT };
    });
    return { mounts, clusterId: pinned };
}
