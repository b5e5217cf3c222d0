/**
 * Fetching what selection ranks: the clusters (to resolve region names) and, per searched region and
 * billing method, the products listed there. The fewest requests the API allows — one `GET /clusters`
 * plus one `GET /products?clusterId&billingMethod` per region × billing method (availability differs per
 * cluster and per billing method, and the API has no multi-cluster filter) — all issued at once, never
 * region after region. Name, CPU, memory and disk filters are applied locally so that rejections can be
 * explained. In particular `productName` is never sent: the API's own filter is fuzzy (docs/novita-api-notes.md#products)
 * and would answer "RTX 409" with RTX 4090s; src/selection/names.ts decides which names match.
 * Auth, network and API errors propagate at once: they are never read as "no capacity".
 */
import type { NovitaClient } from "../api/client";
import type { Cluster, Product } from "../api/schemas/responses";
import { resolveRegions, type Offer, type OfferBillingMode, type ResolvedRegion, type Selector } from "../selection";

export interface OfferSet {
    regions: ResolvedRegion[];
    offers: Offer[];
    /** Every cluster name, to tell the user which regions were not searched. */
    availableRegions: string[];
    fetchedAt: Date;
}

export function billingMethodsFor(selector: Selector): OfferBillingMode[] {
    switch (selector.billingMode) {
        case "spot":
            return ["spot"];
        case "spotThenOnDemand":
            return ["spot", "onDemand"];
        default:
            return ["onDemand"];
    }
}

/** One `GET /products` for one region, billing method and GPU count (a memo may stand in for the client). */
export type ProductLister = (query: { clusterId: string; billingMethod: OfferBillingMode; gpuNum: number }) => Promise<Product[]>;

export async function fetchOffers(client: NovitaClient, selector: Selector, clusters?: Promise<Cluster[]>, listProducts?: ProductLister): Promise<OfferSet> {
    const all = await (clusters ?? client.listClusters());
    const regions = resolveRegions(selector.regions, all);
    const methods = billingMethodsFor(selector);
    const list: ProductLister = listProducts ?? ((q) => client.listProducts(q));
    const lists = await Promise.all(
        regions.flatMap((r) =>
            methods.map(async (billingMode) => {
                const products: Product[] = await list({ clusterId: r.clusterId, billingMethod: billingMode, gpuNum: selector.gpuNum });
                return products.map((product): Offer => ({ product, clusterId: r.clusterId, region: r.region, regionRank: r.rank, billingMode }));
            }),
        ),
    );
    return { regions, offers: lists.flat(), availableRegions: all.map((c) => c.name || c.id), fetchedAt: new Date() };
}
