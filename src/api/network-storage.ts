/**
 * The network-storage calls of NovitaClient (docs/network-storage.md), kept apart from client.ts. Each takes the
 * client's transport and settings; NovitaClient exposes them as `listNetworkStorages`, `listAllNetworkStorages`,
 * `findNetworkStorage`, `createNetworkStorage`, `updateNetworkStorage` and `deleteNetworkStorage`.
 *
 * The create is not idempotent and its answer is not reliably the new object (a bare string per the docs, an
 * object per the SDK), so the created volume is always read back from the list: by the id the answer carried, else
 * by name among volumes that did not exist before. After an ambiguous failure (timeout, reset, 5xx) the same lookup
 * decides whether the create happened (./reconcile.ts); a volume is never created twice blindly.
 */
import { randomUUID } from "node:crypto";
import type { ResolvedClientConfig } from "./config";
import { z } from "zod";
import { NovitaApiError, NovitaError, isNotFound } from "./errors";
import { reconciledCreate } from "./reconcile";
import type { Transport } from "./transport";
import { validate } from "./validate";
import * as S from "./schemas/network-storage";

const V1 = "/v1";

export interface NetworkStorageFilter {
    storageName?: string;
    storageId?: string;
}

/** `NETWORK_STORAGE_NOT_FOUND` (the documented reason), or any not-found answer (404, RESOURCE_NOT_FOUND). */
export function isNetworkStorageNotFound(err: unknown): err is NovitaApiError {
    return isNotFound(err) || (err instanceof NovitaApiError && err.reason === "NETWORK_STORAGE_NOT_FOUND");
}

/** `NETWORK_STORAGE_IN_USE`: the volume is mounted by an instance. */
export function isNetworkStorageInUse(err: unknown): err is NovitaApiError {
    return err instanceof NovitaApiError && err.reason === "NETWORK_STORAGE_IN_USE";
}

/** One page. `pageNo`'s base (0 or 1) is undocumented; {@link listAll} copes with both. */
export async function listPage(t: Transport, query: S.ListNetworkStoragesQuery): Promise<{ storages: S.NetworkStorage[]; total?: number }> {
    const q = validate(S.listNetworkStoragesQuery, query, "listNetworkStorages");
    const r = await t.request({ method: "GET", path: `${V1}/networkstorages/list`, query: q, retry: true, schema: S.listNetworkStoragesResponse });
    return { storages: r.data, total: r.total };
}

/** Every volume matching the filter, across pages, de-duplicated by id (filters are re-applied exactly here). */
export async function listAll(t: Transport, filter: NetworkStorageFilter = {}, pageSize = 100): Promise<S.NetworkStorage[]> {
    const seen = new Map<string, S.NetworkStorage>();
    for (let page = 0; page < 10_000; page++) {
        const { storages, total } = await listPage(t, { ...filter, pageSize, pageNo: page });
        let added = 0;
        for (const v of storages) if (!seen.has(v.id)) (seen.set(v.id, v), added++);
        if (storages.length === 0 || storages.length < pageSize) break;
        if (total !== undefined && seen.size >= total) break;
        // A 1-based server answers pageNo 0 and 1 alike; only after that does "nothing new" mean the end.
        if (added === 0 && page >= 2) break;
    }
    return [...seen.values()].filter((v) => (!filter.storageId || v.id === filter.storageId) && (!filter.storageName || v.name === filter.storageName));
}

/** The volume with this id, or undefined. One request when the server applies the `storageId` filter. */
export async function find(t: Transport, storageId: string): Promise<S.NetworkStorage | undefined> {
    const first = await listPage(t, { storageId, pageSize: 100 });
    const hit = first.storages.find((v) => v.id === storageId);
    if (hit) return hit;
    // Every item matched the filter (or there was none): the volume does not exist. Otherwise the filter was ignored.
    if (first.storages.every((v) => v.id === storageId)) return undefined;
    return (await listAll(t, { storageId }))[0];
}

export async function create(t: Transport, config: ResolvedClientConfig, params: S.CreateNetworkStorageParams): Promise<S.NetworkStorage> {
    const body = validate(S.createNetworkStorageBody, params, "createNetworkStorage");
    const before = new Set((await listAll(t, { storageName: body.storageName })).map((v) => v.id));
    const byName = async () => (await listAll(t, { storageName: body.storageName })).find((v) => !before.has(v.id));
    const requestId = randomUUID();
    return reconciledCreate(
        {
            send: async () => {
                const id = await t.request({
                    method: "POST", path: `${V1}/networkstorage/create`, body, retry: false, requestId, schema: S.createNetworkStorageResponse,
                });
                const made = (id !== undefined && !before.has(id) ? await find(t, id) : undefined) ?? (await byName());
                if (!made) throw new NovitaError(`createNetworkStorage: the API accepted "${body.storageName}" but does not list it`);
                return made;
            },
            find: byName,
        },
        {
            policy: config.retry, timeScale: config.timeScale, what: `network storage "${body.storageName}"`,
            onEvent: (e) => config.log?.(`[novita] ${requestId} createNetworkStorage: ${e}`),
        },
    );
}

/** Renames and/or grows a volume. Every field is sent (the docs require all three); safe to repeat. */
export async function update(t: Transport, params: S.UpdateNetworkStorageParams): Promise<void> {
    const body = validate(S.updateNetworkStorageParams, params, "updateNetworkStorage");
    await t.request({ method: "POST", path: `${V1}/networkstorage/update`, body, retry: true, schema: z.unknown() });
}

export async function remove(t: Transport, storageId: string): Promise<void> {
    const body = validate(S.deleteNetworkStorageBody, { storageId }, "deleteNetworkStorage");
    await t.request({ method: "POST", path: `${V1}/networkstorage/delete`, body, retry: true, schema: z.unknown() });
}
