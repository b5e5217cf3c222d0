/**
 * The network-storage kind of `pulumi-novita orphans`: volumes on the account that no given state's
 * `NetworkStorage` resource manages. A volume holds data, so it is deleted only on its own opt-in
 * (`--delete-volumes`), never while a live instance mounts it, and through the provider's own delete path
 * (src/provider/in-use.ts `deleteWhenUnused`, as `pulumi destroy` takes a `NetworkStorage`): Novita refuses with
 * NETWORK_STORAGE_IN_USE while an instance mounts it, and that is retried within the resource's default delete timeout.
 * The list's `price` is not shown: its unit is undocumented (docs/network-storage.md); size and region are.
 */
import type { NovitaClient } from "../api/client";
import { isNetworkStorageInUse, isNetworkStorageNotFound } from "../api/network-storage";
import type { Instance } from "../api/schemas/responses";
import { parseDuration } from "../provider/duration";
import { GONE_STATUSES } from "../provider/gpu-instance/lifecycle";
import { deleteWhenUnused } from "../provider/in-use";
import { DEFAULT_STORAGE_TIMEOUTS } from "../provider/network-storage/check";
import type { Catalogue } from "./catalogue";
import { NETWORK_STORAGE_TYPE } from "./digest";
import type { Outcome } from "./orphans";
import { managedIds, type StackState } from "./state-file";

export interface OrphanVolume {
    id: string;
    name: string;
    /** GB. */
    size: number;
    clusterId: string;
    /** Cluster name (e.g. AS-SGP-02); absent when the API names no cluster. */
    region?: string;
    /** Live instances mounting it (`name (id)`), orphans or not. */
    usedBy: string[];
}

/** The live instances among `live` that mount volume `id` (a `volumeMounts` entry of type "network" with that id). */
export function mounting(live: readonly Instance[], id: string): Instance[] {
    return live.filter((i) => i.volumeMounts.some((m) => m.type === "network" && m.id === id));
}

const who = (is: readonly Instance[]) => is.map((i) => `${i.name} (${i.id})`);

/** Volumes no state manages, whose name matches. `live`: every instance on the account that is not gone. */
export async function scanVolumes(
    client: NovitaClient,
    catalogue: Catalogue,
    states: readonly StackState[],
    live: readonly Instance[],
    matches: (name: string) => boolean,
): Promise<OrphanVolume[]> {
    const managed = managedIds(states, NETWORK_STORAGE_TYPE);
    const out: OrphanVolume[] = [];
    for (const v of await client.listAllNetworkStorages()) {
        if (managed.has(v.id) || !matches(v.name)) continue;
        const region = v.clusterName || (v.clusterId ? await catalogue.regionOf(v.clusterId) : undefined);
        out.push({ id: v.id, name: v.name, size: v.size, clusterId: v.clusterId, ...(region ? { region } : {}), usedBy: who(mounting(live, v.id)) });
    }
    return out;
}

/**
 * Deletes the listed volumes that no remaining live instance mounts (`gone`: instances this run deleted); a mounted
 * one is skipped, naming who mounts it. Each outcome is recorded; none throws.
 */
export async function deleteVolumes(client: NovitaClient, volumes: readonly OrphanVolume[], live: readonly Instance[], gone: ReadonlySet<string>): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    const budgetMs = parseDuration(DEFAULT_STORAGE_TIMEOUTS.delete);
    for (const v of volumes) {
        const base = { kind: "network storage" as const, id: v.id, name: v.name };
        const users = mounting(live, v.id).filter((i) => !gone.has(i.id));
        if (users.length > 0) {
            outcomes.push({ ...base, result: "skipped", reason: `mounted by ${who(users).join(", ")}` });
            continue;
        }
        const what = `network storage ${v.name || "(no name)"} (${v.id})`;
        try {
            await deleteWhenUnused({
                attempt: () => client.deleteNetworkStorage(v.id),
                isGone: isNetworkStorageNotFound,
                isInUse: isNetworkStorageInUse,
                budgetMs,
                users: async () => who(mounting(await client.listAllInstances(), v.id).filter((i) => !GONE_STATUSES.has(i.status))),
                what,
                short: what,
                advice: "unmount it from those instances or delete them",
            });
            outcomes.push({ ...base, result: "deleted" });
        } catch (e) {
            outcomes.push({ ...base, result: "failed", reason: (e as Error).message });
        }
    }
    return outcomes;
}
