/**
 * Network storage endpoints (docs/network-storage.md), at the documented paths: `GET /networkstorages/list` (note the
 * plural), `POST /networkstorage/create|update|delete`. Create answers the new id as a bare JSON string, as the docs
 * show it (or the volume object, as the SDK expects, with `networkStorageCreateAnswer: "object"`); update and delete
 * answer `{}`. List: `pageNo`/`pageSize` (default: the first page of 10 — the MCP server's defaults; the docs give
 * none), `storageName` fuzzy like every name filter, `storageId` exact, oldest first, with `total`.
 */
import {
    createNetworkStorageBody, deleteNetworkStorageBody, listNetworkStoragesQuery, updateNetworkStorageBody,
} from "../../api/schemas/network-storage";
import { fuzzyMatch } from "../catalogue";
import { parseOrThrow } from "../errors";
import { createVolume, deleteVolume, encodeVolume, updateVolume } from "../network-storage";
import { page } from "./paging";
import type { RouteTable } from "./types";

const DEFAULT_PAGE_SIZE = 10;

export const networkStorageRoutes: RouteTable = {
    "GET /v1/networkstorages/list": ({ store, query }) => {
        const q = parseOrThrow(listNetworkStoragesQuery, query);
        const matching = [...store.volumes.values()]
            .filter((v) => !q.storageId || v.id === q.storageId)
            .filter((v) => fuzzyMatch(v.name, q.storageName));
        const base = store.config.pageBase;
        const items = page(matching, q.pageSize ?? DEFAULT_PAGE_SIZE, q.pageNo ?? base, base);
        return { body: { data: items.map((v) => encodeVolume(store, v)), total: matching.length } };
    },

    "POST /v1/networkstorage/create": ({ store, body }) => {
        const v = createVolume(store, parseOrThrow(createNetworkStorageBody, body));
        return { body: store.config.networkStorageCreateAnswer === "object" ? encodeVolume(store, v) : v.id };
    },

    "POST /v1/networkstorage/update": ({ store, body }) => {
        updateVolume(store, parseOrThrow(updateNetworkStorageBody, body));
        return { body: {} };
    },

    "POST /v1/networkstorage/delete": ({ store, body }) => {
        deleteVolume(store, parseOrThrow(deleteNetworkStorageBody, body).storageId);
        return { body: {} };
    },
};
