/**
 * The network-storage kind of `pulumi-novita orphans`: volumes on the account that no given state's
 * `NetworkStorage` resource manages, with the live instances that mount each.
 * The list's `price` is not shown: its unit is undocumented (docs/network-storage.md); size and region are.
 */
import type { NovitaClient } from "../api/client";
import type { Instance } from "../api/schemas/responses";
import type { Catalogue } from "./catalogue";
import { NETWORK_STORAGE_TYPE } from "./digest";
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
