/**
 * Network storage (docs/network-storage.md): request schemas (shared by the client, the provider's `check` and the
 * simulator) and the response schemas. Where the sources disagree the docs win, and what the docs leave open is
 * read tolerantly:
 *   - `POST /networkstorage/create` answers a bare JSON string in the docs (the new id [INF]) and an object with
 *     `storageId` in the SDK: both are accepted, and so is anything else (the new volume is then found by name);
 *   - `POST /networkstorage/update` types `storageSize` as a string in the docs but the official MCP server and the
 *     SDK send an integer, as create does and as list returns it: the client sends an integer, the simulator
 *     accepts both;
 *   - names are letters, digits and hyphens and sizes at least 10 GB (official MCP server; the docs state neither).
 */
import { z } from "zod";
import { LIMITS } from "./limits";
import { list, numeric, optionalNumeric, optionalString } from "./primitives";

export const NETWORK_STORAGE_LIMITS = {
    /** GB; MCP `storageSize: z.number().min(10)`. */
    sizeMin: 10,
    nameMax: LIMITS.nameMax,
} as const;

export const NETWORK_STORAGE_NAME_PATTERN = /^[A-Za-z0-9-]+$/;

export const storageName = z
    .string()
    .min(1)
    .max(NETWORK_STORAGE_LIMITS.nameMax)
    .regex(NETWORK_STORAGE_NAME_PATTERN, { message: "may contain only letters, digits and hyphens" });
export const storageSize = z.number().int().min(NETWORK_STORAGE_LIMITS.sizeMin);
/** On the wire `storageSize` may be a number or a numeric string (the docs type update's as a string). */
const wireStorageSize = numeric.pipe(storageSize);

/** Integer query parameter: a number from the client, a numeric string on the wire. */
const queryInt = numeric.pipe(z.number().int().min(0));

// ── requests ─────────────────────────────────────────────────────────────────────────────────────
export const createNetworkStorageBody = z.object({
    clusterId: z.string().min(1).max(LIMITS.clusterIdMax),
    storageName,
    storageSize,
});
export type CreateNetworkStorageParams = z.infer<typeof createNetworkStorageBody>;

/** What the client sends: all three fields, `storageSize` as an integer. */
export const updateNetworkStorageParams = z.object({ storageId: z.string().min(1), storageName, storageSize });
export type UpdateNetworkStorageParams = z.infer<typeof updateNetworkStorageParams>;
/** What the simulator accepts: `storageSize` as an integer or a numeric string. */
export const updateNetworkStorageBody = updateNetworkStorageParams.extend({ storageSize: wireStorageSize });

export const deleteNetworkStorageBody = z.object({ storageId: z.string().min(1) });

/** `pageNo`/`pageSize` (not `pageNum`; docs/novita-api-notes.md#paging), and two filters. All optional. */
export const listNetworkStoragesQuery = z.object({
    pageNo: queryInt.optional(),
    pageSize: queryInt.optional(),
    storageName: z.string().max(LIMITS.queryStringMax).optional(),
    storageId: z.string().max(LIMITS.queryStringMax).optional(),
});
export type ListNetworkStoragesQuery = z.input<typeof listNetworkStoragesQuery>;

// ── responses ────────────────────────────────────────────────────────────────────────────────────
/**
 * One volume, normalised: `id`, `name`, `size` (GB), `clusterId`, `clusterName`. `price` is a string in the docs
 * (example `"100"`) whose unit is undocumented (docs/network-storage.md): it is kept as sent and not interpreted.
 */
export const networkStorage = z
    .object({
        storageId: z.string().min(1),
        storageName: z.string().nullish().transform((v) => v ?? ""),
        storageSize: numeric,
        clusterId: z.string().nullish().transform((v) => v ?? ""),
        clusterName: optionalString,
        price: z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined || v === "" ? undefined : String(v))),
    })
    .transform((v) => ({ id: v.storageId, name: v.storageName, size: v.storageSize, clusterId: v.clusterId, clusterName: v.clusterName, price: v.price }));
export type NetworkStorage = z.output<typeof networkStorage>;

export const listNetworkStoragesResponse = z.object({ data: list(networkStorage), total: optionalNumeric });

/** The new id if the answer carries one: a bare string (docs), `{storageId}` (SDK) or `{id}`; else undefined. */
export const createNetworkStorageResponse = z.unknown().transform((v): string | undefined => {
    if (typeof v === "string") return v.trim() || undefined;
    if (v && typeof v === "object") {
        const o = v as Record<string, unknown>;
        for (const k of ["storageId", "id", "Id"]) if (typeof o[k] === "string" && (o[k] as string).trim()) return (o[k] as string).trim();
    }
    return undefined;
});
