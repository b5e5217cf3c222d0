/** Instance create, get and list (docs/novita-api-notes.md#instances). */
import { createInstanceBody, getInstanceQuery, listInstancesQuery } from "../../api/schemas";
import { fuzzyMatch } from "../catalogue";
import { encodeInstance } from "../encode";
import { parseOrThrow } from "../errors";
import { createInstance, findInstance } from "../instance-ops";
import { findOutside, listOutside } from "../outside";
import { quirkList } from "../quirks";
import { page } from "./paging";
import type { RouteTable } from "./types";

export const instanceRoutes: RouteTable = {
    "POST /v1/gpu/instance/create": ({ store, body }) => {
        const inst = createInstance(store, parseOrThrow(createInstanceBody, body));
        return { body: { id: inst.id } };
    },

    "GET /v1/gpu/instance": ({ store, query }) => {
        const q = parseOrThrow(getInstanceQuery, query);
        const outside = findOutside(store, q.instanceId);
        return { body: outside ? structuredClone(outside) : encodeInstance(store, findInstance(store, q.instanceId), "get") };
    },

    /**
     * Newest first; `name`/`productName` fuzzy, `status` exact; removed instances show up during their retention.
     * Without `pageSize` every match is answered; without `pageNum`, the first page. Unknown parameters (MCP's
     * `pageNumber`) are ignored.
     */
    "GET /v1/gpu/instances": ({ store, query }) => {
        const q = parseOrThrow(listInstancesQuery, query);
        store.tick();
        const matching = [...store.instances.values()]
            .filter((i) => fuzzyMatch(i.name, q.name))
            .filter((i) => fuzzyMatch(store.product(i.productId)?.name ?? "", q.productName))
            .filter((i) => !q.status || i.status === q.status)
            .sort((a, b) => b.seq - a.seq);
        // Made through the API (newest first), then made outside it (older); encoded only once paged.
        const rows: (() => Record<string, unknown>)[] = [
            ...matching.map((i) => () => encodeInstance(store, i, "list")),
            ...listOutside(store, q).map((o) => () => o),
        ];
        const shown = q.pageSize === undefined ? rows : page(rows, q.pageSize, q.pageNum ?? 0, store.config.pageBase);
        const body = { instances: shown.map((row) => row()), total: rows.length };
        return { body: store.config.quirks ? quirkList(body, "instances") : body };
    },
};
