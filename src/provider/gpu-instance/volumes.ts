/**
 * The network volumes an instance mounts decide its cluster: Novita mounts only volumes of the instance's own
 * cluster (docs/network-storage.md). At create, before any candidate is tried, the volumes are looked up (one paged list
 * request): each must exist and all must share one cluster. That cluster then pins the instance — an explicit
 * `clusterId` must be it, a missing one becomes it, and a `placement` searches only it (src/selection/narrow.ts).
 */
import type { NovitaClient } from "../../api/client";
import type { ClusterPin } from "../../selection/narrow";
import type { GpuInstanceInputs } from "./inputs";

const where = (clusterId: string, clusterName?: string) => (clusterName && clusterName !== clusterId ? `${clusterName} (${clusterId})` : clusterId);

/** The cluster the instance's volumes pin it to; undefined when it mounts none. Throws naming the field on a problem. */
export async function volumePin(client: NovitaClient, inputs: Pick<GpuInstanceInputs, "networkStorages">): Promise<ClusterPin | undefined> {
    if (inputs.networkStorages.length === 0) return undefined;
    const all = new Map((await client.listAllNetworkStorages()).map((v) => [v.id, v]));
    const found = inputs.networkStorages.map((n, i) => {
        const v = all.get(n.id);
        if (!v) {
            throw new Error(`networkStorages[${i}].id: network storage ${n.id} does not exist on this account (deleted outside Pulumi, or an id of another account?)`);
        }
        return v;
    });
    const clusters = new Set(found.map((v) => v.clusterId));
    if (clusters.size > 1) {
        const list = found.map((v) => `${v.name} (${v.id}) in ${where(v.clusterId, v.clusterName)}`).join(", ");
        throw new Error(`networkStorages: the volumes are in different clusters (${list}); an instance can mount only volumes of its own cluster`);
    }
    const first = found[0]!;
    return { clusterId: first.clusterId, clusterName: first.clusterName, because: `network storage ${first.name} (${first.id})` };
}

/** The cluster an explicit-product instance is created in: its `clusterId`, which must be the volumes' one, or theirs. */
export function pinnedClusterId(clusterId: string | undefined, pin: ClusterPin | undefined): string | undefined {
    if (!pin) return clusterId;
    if (clusterId !== undefined && clusterId !== pin.clusterId) {
        throw new Error(
            `clusterId: the instance would be in ${clusterId}, but ${pin.because} is in ${where(pin.clusterId, pin.clusterName)}; ` +
                `an instance can mount only volumes of its own cluster: set clusterId to "${pin.clusterId}" (or leave it out)`,
        );
    }
    return pin.clusterId;
}
