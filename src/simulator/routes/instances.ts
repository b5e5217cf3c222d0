/** Instance create, get and list (docs/novita-api-notes.md#instances). */
import { createInstanceBody, getInstanceQuery, listInstancesQuery } from "../../api/schemas";
import { fuzzyMatch } from "../catalogue";
import { encodeInstance } from "../encode";
import { parseOrThrow } from "../errors";
import { createInstance, findInstance } from "../instance-ops";
import { page } from "./paging";
import type { RouteTable } from "./types";

export const instanceRoutes: RouteTable = {
    "POST /v1/gpu/instance/create": ({ store, body }) => {
        const inst = createInstance(store, parseOrThrow(createInstanceBody, body));
        return { body: { id: inst.id } };
    },

    "GET /v1/gpu/instance": ({ store, query }) => {
        const q = parseOrThrow(getInstanceQuery, query);
        return { body: encodeInstance(store, findInstance(store, q.instanceId), "get") };
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
        const shown = q.pageSize === undefined ? matching : page(matching, q.pageSize, q.pageNum ?? 0, store.config.pageBase);
        const instances = shown.map((i) => encodeInstance(store, i, "list"));
        return { body: { instances, total: matching.length } };
    },
};
