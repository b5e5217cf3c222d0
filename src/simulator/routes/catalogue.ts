/** `GET /v1/clusters` and `GET /v1/products` (docs/novita-api-notes.md#clusters, #products). */
import { listProductsQuery } from "../../api/schemas";
import { fuzzyMatch } from "../catalogue";
import { encodeCluster, encodeProduct } from "../encode";
import { parseOrThrow } from "../errors";
import type { RouteTable } from "./types";

export const catalogueRoutes: RouteTable = {
    "GET /v1/clusters": ({ store }) => ({ body: { data: store.clusters.map((c) => encodeCluster(store, c)) } }),

    /**
     * Filters: clusterId (only products offered there; availability is that cluster's), gpuNum (products
     * that fit that many GPUs; availability needs that many free), productName (fuzzy), minCpuPerGpu,
     * minMemoryPerGpu, minRootFSSize (maxRootFS ≥ it), billingMethod (default onDemand; only products
     * offering it; spot availability from the spot pool).
     */
    "GET /v1/products": ({ store, query }) => {
        const q = parseOrThrow(listProductsQuery, query);
        const billing = q.billingMethod ?? "onDemand";
        const pool = billing === "spot" ? "spot" : "onDemand";
        const need = Math.max(1, q.gpuNum ?? 0);
        const data = store.products
            .filter((p) => (billing === "spot" ? p.spotPriceUsd !== undefined : billing === "monthly" ? p.monthly : true))
            .filter((p) => (q.clusterId ? store.offered(p.id, q.clusterId, pool) : store.clustersOffering(p.id, pool).length > 0))
            .filter((p) => p.maxGpuNum >= need)
            .filter((p) => fuzzyMatch(p.name, q.productName))
            .filter((p) => q.minCpuPerGpu === undefined || p.cpuPerGpu >= q.minCpuPerGpu)
            .filter((p) => q.minMemoryPerGpu === undefined || p.memoryPerGpu >= q.minMemoryPerGpu)
            .filter((p) => q.minRootFSSize === undefined || p.maxRootFS >= q.minRootFSSize)
            .map((p) => encodeProduct(store, p, { billing, clusterId: q.clusterId || undefined, need }));
        return { body: { data } };
    },
};
