/**
 * Prices from the live Novita catalogue, looked up the way the provider looks them up, so that a new instance is
 * priced as `pulumi up` will price it:
 *   - an instance with `productId`: one `GET /products?clusterId&billingMethod` (the lookup of the provider's
 *     `directSource`, src/provider/direct-source.ts), the per-GPU price of its billing mode × gpuNum;
 *   - an instance with `placement`: the provider's candidate finding itself — parseSelector, then findOffers
 *     (src/offers, as src/provider/placement.ts `candidates`) — and its first candidate: what `up` would pick now.
 * Requests are memoised for the run. API errors propagate (a cost that silently lost its prices would mislead).
 */
import type { NovitaClient } from "../api/client";
import type { Cluster, Product } from "../api/schemas/responses";
import { ApiTimeCache, findOffers } from "../offers";
import { NoEligibleProductError, parseSelector, SelectionError, type Candidate } from "../selection";

export interface Listing {
    productName?: string;
    region?: string;
    /** USD per GPU-hour in the billing mode; undefined with `why`. */
    pricePerGpuHour?: number;
    why?: string;
}

export interface Estimate {
    pick?: Candidate;
    /** Why there is no pick. */
    why?: string;
}

export class Catalogue {
    /** The run's reads (kept for the run; the cluster list under the key ""). */
    private readonly clusterList = new ApiTimeCache<Promise<Cluster[]>>(Infinity, { keepFailures: true });
    private readonly listings = new ApiTimeCache<Promise<Product[]>>(Infinity, { keepFailures: true });

    /** `client` undefined: no lookups (`--offline`), every price needing one is unknown for `offlineReason`. */
    constructor(
        private readonly client: NovitaClient | undefined,
        private readonly offlineReason = "not looked up (--offline)",
    ) {}

    get online(): boolean {
        return this.client !== undefined;
    }

    get baseUrl(): string | undefined {
        return this.client?.config.baseUrl;
    }

    private clusters(): Promise<Cluster[]> {
        return this.clusterList.get("", 1, () => this.client!.listClusters());
    }

    private products(clusterId: string | undefined, billing: string): Promise<Product[]> {
        return this.listings.get(`${clusterId ?? ""}|${billing}`, 1, () => this.client!.listProducts({ clusterId, billingMethod: billing as "onDemand" | "spot" }));
    }

    /** The region name of a cluster id (the id itself when the catalogue does not list it). */
    async regionOf(clusterId: string): Promise<string> {
        if (!this.client) return clusterId;
        return (await this.clusters()).find((c) => c.id === clusterId)?.name || clusterId;
    }

    /** The listing of a product in a cluster (or anywhere) for a billing mode. */
    async lookup(productId: string, clusterId: string | undefined, billing: string): Promise<Listing> {
        if (!this.client) return { why: this.offlineReason };
        if (billing !== "onDemand" && billing !== "spot") return { why: `billing mode ${billing} is not billed by the hour` };
        const region = clusterId ? await this.regionOf(clusterId) : undefined;
        const p = (await this.products(clusterId, billing)).find((x) => x.id === productId);
        const where = region ? ` in ${region}` : "";
        if (!p) return { region, why: `${productId} is not listed${where} for ${billing} billing` };
        const price = billing === "spot" ? p.spotPricePerHour : p.pricePerHour;
        if (price === undefined) return { productName: p.name, region, why: `${productId} has no ${billing} price${where}` };
        return { productName: p.name, region, pricePerGpuHour: price };
    }

    /** What `up` would pick now for a placement selector (the instance's `placement` and `gpuNum`). */
    async estimate(placement: Record<string, unknown>, gpuNum: number): Promise<Estimate> {
        if (!this.client) return { why: this.offlineReason };
        try {
            const selector = parseSelector({ ...placement, gpuNum });
            const { ranked } = await findOffers(this.client, selector, { clusters: this.clusters() });
            return { pick: ranked[0] };
        } catch (e) {
            if (e instanceof NoEligibleProductError) return { why: `no offer qualifies now: ${e.message.split("\n")[0]}` };
            if (e instanceof SelectionError) return { why: e.message.split("\n")[0] };
            throw e;
        }
    }
}
