/**
 * The NetworkStorage dynamic provider (`require("pulumi-novita/provider").networkStorage`): a Novita network volume
 * (docs/network-storage.md), bound to one cluster, that only grows. check is pure (./check.ts), except that a new volume's
 * cluster is looked up in the cluster list memoised per process (./preflight.ts). Create resolves `region` (or
 * checks `clusterId`) through `GET /clusters` — the cluster must support network storage (./cluster.ts) — then
 * creates the volume and reads it back; update renames and grows it in place; read drops a volume deleted outside
 * Pulumi and records one resized outside it; delete waits (within `timeouts.delete`) while instances mount it, then
 * names them.
 *
 * Outputs: the checked inputs plus `clusterId` (always the id, even when `region` was given), `clusterName`, the
 * live `name` and `size`, and `status` — the API has no status field: a volume it lists is "ready". The list's
 * `price` is not an output: its unit is undocumented (docs/network-storage.md).
 */
import { isNetworkStorageInUse, isNetworkStorageNotFound } from "../../api/network-storage";
import type { NetworkStorage } from "../../api/schemas/network-storage";
import { holdsResources } from "../../api/statuses";
import { configure, getClient } from "../config";
import { parseDuration } from "../duration";
import { deleteWhenUnused } from "../in-use";
import { compact, type EngineKeys } from "../model";
import { isPending } from "../unknowns";
import { pickStorageCluster } from "./cluster";
import { COMPUTED_KEYS } from "./keys";
import { parseInputs, parsePlannedInputs, parseStored, parseStoredForDelete, type NetworkStorageInputs, type NetworkStorageOutputs, type NetworkStorageState } from "./model";
import { preflightStorageCluster } from "./preflight";
import { checkNetworkStorage, diffNetworkStorage, DEFAULT_STORAGE_TIMEOUTS, UPDATED_IN_PLACE } from "./check";

/** Volumes have a status only in the sense that the API lists them. */
export const READY = "ready";

const label = (name: unknown, id: string) => (typeof name === "string" && name ? `network storage ${name} (${id})` : `network storage ${id}`);

function outputs(inputs: NetworkStorageState, v: NetworkStorage): NetworkStorageOutputs {
    return compact({
        timeouts: { ...DEFAULT_STORAGE_TIMEOUTS },
        ...inputs,
        name: v.name,
        size: v.size,
        clusterId: v.clusterId,
        clusterName: v.clusterName,
        status: READY,
    });
}

async function create(inputs: NetworkStorageInputs) {
    const client = getClient();
    const cluster = pickStorageCluster(await client.listClusters(), inputs);
    const v = await client.createNetworkStorage({ clusterId: cluster.id, storageName: inputs.name, storageSize: inputs.size });
    return { id: v.id, outs: outputs(inputs, { ...v, clusterName: v.clusterName ?? cluster.name }) };
}

async function read(id: string, props: NetworkStorageState & EngineKeys) {
    const v = await getClient().findNetworkStorage(id);
    if (!v) {
        // `.get` (no stored outputs): an empty answer would be recorded as a resource with no outputs (ReadStep,
        // pkg/resource/deploy/step.go), so a mistyped id is refused here. A refresh of a managed volume that is gone
        // answers no id, and the engine drops it.
        if (props.size === undefined) throw new Error(`no network storage ${id} (NetworkStorage.get): Novita does not know it; check the id`);
        return {};
    }
    const { __provider: _p, ...rest } = props;
    const outs = outputs(rest, v);
    const inputs: Partial<NetworkStorageOutputs> = { ...outs };
    for (const k of COMPUTED_KEYS) delete inputs[k];
    // Given as a region, the cluster stays a region in the inputs (the resolved id is an output only).
    if (rest.region !== undefined) delete inputs.clusterId;
    return { id, props: outs, inputs };
}

async function update(id: string, olds: NetworkStorageState, news: NetworkStorageInputs & EngineKeys) {
    const { __provider: _p, ...rest } = news;
    if (UPDATED_IN_PLACE.every((k) => olds[k] === news[k])) {
        // timeouts, or the spelling of the cluster (clusterId ↔ region): no API call.
        const outs: NetworkStorageState = { ...olds, ...rest, clusterId: olds.clusterId };
        if (news.region === undefined) delete outs.region;
        return { outs };
    }
    const client = getClient();
    const name = label(news.name, id);
    const live = await client.findNetworkStorage(id);
    if (!live) {
        throw new Error(`${name} no longer exists on Novita; it was probably deleted outside Pulumi. Run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to create it again.`);
    }
    if (news.size < live.size) {
        throw new Error(
            `${name}: size ${news.size} GB is smaller than the volume's ${live.size} GB (resized outside Pulumi?); a network storage can only grow: ` +
                `set size to at least ${live.size} (\`pulumi refresh\` records the current size)`,
        );
    }
    if (live.name !== news.name || live.size !== news.size) {
        await client.updateNetworkStorage({ storageId: id, storageName: news.name, storageSize: news.size });
    }
    return { outs: outputs(rest, { ...live, name: news.name, size: news.size }) };
}

async function remove(id: string, props: NetworkStorageState) {
    const client = getClient();
    await deleteWhenUnused({
        attempt: () => client.deleteNetworkStorage(id),
        isGone: isNetworkStorageNotFound,
        isInUse: isNetworkStorageInUse,
        budgetMs: parseDuration(props.timeouts?.delete ?? DEFAULT_STORAGE_TIMEOUTS.delete),
        users: async () =>
            (await client.listAllInstances())
                .filter((i) => holdsResources(i.status) && i.volumeMounts.some((m) => m.type === "network" && m.id === id))
                .map((i) => `${i.name} (${i.id})`),
        what: label(props.name, id),
        short: label(props.name, id),
        advice: "unmount it from those instances (remove it from their networkStorages) or delete them",
    });
}

export const networkStorageProvider = {
    configure,
    async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
        const r = checkNetworkStorage(olds ?? {}, news);
        // A new volume (no olds: a create, or a replacement) is checked against the memoised cluster list.
        if (r.failures.length > 0 || (olds && Object.keys(olds).length > 0)) return r;
        const { clusterId, region, name } = parsePlannedInputs(r.inputs);
        if (isPending(clusterId) || isPending(region)) return r;
        const failures = await preflightStorageCluster({ clusterId, region, name: String(name) });
        return failures.length > 0 ? { inputs: news, failures } : r;
    },
    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
        return diffNetworkStorage(parseStored(olds), parsePlannedInputs(news));
    },
    async create(inputs: Record<string, unknown>) {
        return create(parseInputs(inputs));
    },
    async read(id: string, props: Record<string, unknown>) {
        return read(id, parseStored(props));
    },
    async update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
        return update(id, parseStored(olds), parseInputs(news));
    },
    async delete(id: string, props: Record<string, unknown>) {
        await remove(id, parseStoredForDelete(props));
    },
};
