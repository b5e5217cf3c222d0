/**
 * NetworkStorage check() and diff(): pure, no API call. check validates and defaults the inputs with the shared
 * schemas (src/api/schemas/network-storage.ts), refuses unknown keys, auto-names, and refuses a smaller `size` than
 * the volume last had — at preview, naming the field, because Novita can only grow a volume. diff classifies a
 * change (the README's update-behaviour table):
 *
 *   replace        clusterId / region naming another cluster (a volume is bound to its cluster)
 *   update         name (rename), size increase (grow in place)
 *   no API call    timeouts; clusterId ↔ region spelling the same cluster
 */
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { LIMITS } from "../../api/schemas/limits";
import { storageName, storageSize } from "../../api/schemas/network-storage";
import { regionListed } from "../../selection/regions";
import { closedObject, unknownInputFailures } from "../closed";
import { isDuration } from "../duration";
import { toCheckFailures, type CheckFailure } from "../errors";
import { stableAutoName } from "../gpu-instance/check";
import { containsUnknown } from "../unknowns";
import { HIDDEN_INPUTS } from "./keys";

export const DEFAULT_STORAGE_TIMEOUTS = { delete: "5m" } as const;

export type { NetworkStorageInputs, NetworkStorageOutputs } from "./model";

/** The inputs whose change update() applies with `POST /networkstorage/update`; the rest change state only. */
export const UPDATED_IN_PLACE = ["name", "size"] as const;

const duration = z.string().refine(isDuration, { message: 'must be a duration like "90s" or "5m"' });

export const networkStorageFields = z.object({
    name: storageName.optional(),
    autoNamePrefix: z.string().optional(),
    clusterId: z.string().min(1).max(LIMITS.clusterIdMax).optional(),
    region: z.string().trim().min(1).max(LIMITS.queryStringMax).optional(),
    size: storageSize,
    timeouts: closedObject({ delete: duration.optional() }).default({}),
});

export function checkNetworkStorage(olds: Record<string, unknown>, news: Record<string, unknown>) {
    const { __provider: _p, ...raw } = news;
    const failures: CheckFailure[] = unknownInputFailures(raw, networkStorageFields.shape, HIDDEN_INPUTS);
    const unknownKeys = new Set(Object.keys(raw).filter((k) => k in networkStorageFields.shape && containsUnknown(raw[k])));
    const known = Object.fromEntries(
        Object.entries(raw).filter(([k, v]) => k in networkStorageFields.shape && !unknownKeys.has(k) && v !== undefined && v !== null),
    );
    const schema = unknownKeys.has("size") ? networkStorageFields.partial({ size: true }) : networkStorageFields;
    const parsed = schema.safeParse(known);
    if (!parsed.success) failures.push(...toCheckFailures(parsed.error.issues));
    const has = (k: string) => known[k] !== undefined || unknownKeys.has(k);
    if (has("clusterId") && has("region")) failures.push({ property: "region", reason: "give either clusterId or region, not both" });
    if (!has("clusterId") && !has("region")) failures.push({ property: "clusterId", reason: "either clusterId or region (a cluster name such as AS-SGP-02) is required" });
    const v = parsed.success ? parsed.data : undefined;
    const before = typeof olds.size === "number" ? olds.size : undefined;
    if (v?.size !== undefined && before !== undefined && v.size < before) {
        failures.push({
            property: "size",
            reason:
                `${v.size} GB is smaller than the volume's ${before} GB: a network storage can only grow. Set size to at least ${before}; ` +
                "to start over with a smaller, empty volume, remove this one from the program, run `pulumi up`, then add the new one",
        });
    }
    if (!v || failures.length > 0) return { inputs: news, failures };

    const auto = stableAutoName(olds, v.autoNamePrefix ?? "volume");
    const inputs: Record<string, unknown> = { ...v, name: unknownKeys.has("name") ? raw.name : v.name ?? auto.name };
    inputs.timeouts = { ...DEFAULT_STORAGE_TIMEOUTS, ...v.timeouts };
    if (v.name) delete inputs.autoNamePrefix;
    else if (v.autoNamePrefix !== undefined) inputs.autoNamePrefix = auto.prefix;
    for (const k of unknownKeys) inputs[k] = raw[k];
    for (const [k, x] of Object.entries(inputs)) if (x === undefined) delete inputs[k];
    return { inputs, failures: [] as CheckFailure[] };
}

/** Whether the new `clusterId`/`region` input denotes the cluster the volume is in (id or name, any case). */
function sameCluster(news: Record<string, unknown>, olds: Record<string, unknown>): boolean {
    const want = news.clusterId ?? news.region;
    if (containsUnknown(want)) return false;
    if (typeof want !== "string" || typeof olds.clusterId !== "string") return isDeepStrictEqual(want, olds.clusterId);
    return regionListed([want], { clusterId: olds.clusterId, region: typeof olds.clusterName === "string" ? olds.clusterName : undefined });
}

export function diffNetworkStorage(olds: Record<string, unknown>, news: Record<string, unknown>) {
    const replaces = sameCluster(news, olds) ? [] : [news.clusterId !== undefined ? "clusterId" : "region"];
    const differs = (k: string) => containsUnknown(news[k]) || !isDeepStrictEqual(olds[k] ?? null, news[k] ?? null);
    // The spelling of the cluster (clusterId vs region) may change without moving the volume: state only.
    const inputForm = (olds.region ?? null) !== (news.region ?? null) || (news.clusterId !== undefined && olds.clusterId !== news.clusterId);
    const changes = replaces.length > 0 || [...UPDATED_IN_PLACE, "timeouts"].some(differs) || inputForm;
    return { changes, replaces, deleteBeforeReplace: false };
}
