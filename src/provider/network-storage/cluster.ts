/** The cluster a NetworkStorage's `clusterId` or `region` names, judged against Novita's cluster list. Pure. */
import type { Cluster } from "../../api/schemas/responses";
import { regionListed } from "../../selection/regions";
import type { NetworkStorageInputs } from "./check";

const clusterLabel = (c: Pick<Cluster, "id" | "name">) => (c.name && c.name !== c.id ? `${c.name} (${c.id})` : c.id);

/** Why `clusterId`/`region` cannot be used: the field, and the reason (the message is `<field>: <reason>`). */
export class StorageClusterError extends Error {
    constructor(
        readonly field: "clusterId" | "region",
        readonly reason: string,
    ) {
        super(`${field}: ${reason}`);
    }
}

/** The cluster `clusterId` or `region` names in this cluster list; it must exist and support network storage. Pure. */
export function pickStorageCluster(clusters: readonly Cluster[], inputs: Pick<NetworkStorageInputs, "clusterId" | "region">): Cluster {
    const field = inputs.clusterId !== undefined ? "clusterId" : "region";
    const wanted = String(inputs.clusterId ?? inputs.region);
    const byId = clusters.find((c) => c.id.toLowerCase() === wanted.toLowerCase());
    const cluster = byId ?? (field === "region" ? clusters.find((c) => regionListed([wanted], { clusterId: c.id, region: c.name })) : undefined);
    if (!cluster) {
        const all = clusters.map(clusterLabel);
        throw new StorageClusterError(field, `unknown ${field === "region" ? "region" : "cluster"} ${JSON.stringify(wanted)}; available regions: ${all.length ? all.join(", ") : "none"}`);
    }
    if (!cluster.supportNetworkStorage) {
        const able = clusters.filter((c) => c.supportNetworkStorage).map(clusterLabel);
        throw new StorageClusterError(
            field,
            `${clusterLabel(cluster)} does not support network storage (supportNetworkStorage is false); clusters that do: ${able.length ? able.join(", ") : "none"}`,
        );
    }
    return cluster;
}
