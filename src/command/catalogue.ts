/**
 * Prices from the live Novita catalogue, looked up the way the provider looks them up, so that a new instance is
 * priced as `pulumi up` will price it:
 *   - an instance with `productId`: one `GET /products?clusterId&billingMethod` (the lookup of the provider's
 *     `directSource`, src/provider/gpu-instance/index.ts), the per-GPU price of its billing mode × gpuNum;
 *   - an instance with `placement`: the provider's selection itself — parseSelector, fetchOffers, rankOffers
 *     (src/provider/placement.ts `candidates`) — and its first candidate: what `up` would pick now.
 * Requests are memoised for the run. API errors propagate (a cost that silently lost its prices would mislead).
 */
import type { NovitaClient } from "../api/client";
import type { Cluster, Product } from "../api/schemas/responses";
import { fetchOffers } from "../catalogue/offers";
import { explainNoMatch, parseSelector, rankOffers, SelectionError, type Candidate } from "../selection";

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
    private clusterList?: Promise<Cluster[]>;
    private readonly listings = new Map<string, Promise<Product[]>>();

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
        this.clusterList ??= this.client!.listClusters();
        return this.clusterList;
    }

    private products(clusterId: string | undefined, billing: string): Promise<Product[]> {
        const key = `${clusterId ?? ""}|${billing}`;
        let p = this.listings.get(key);
        if (!p) {
            p = this.client!.listProducts({ clusterId, billingMethod: billing as "onDemand" | "spot" });
            this.listings.set(key, p);
        }
        return p;
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
            const set = await fetchOffers(this.client, selector, this.clusters(), (q) => this.client!.listProducts(q));
            const { ranked, considered } = rankOffers(selector, set.offers);
            if (ranked.length > 0) return { pick: ranked[0] };
            const why = explainNoMatch(selector, considered, set.regions, { offers: set.offers, availableRegions: set.availableRegions });
            return { why: `no offer qualifies now: ${why.message.split("\n")[0]}` };
        } catch (e) {
            if (e instanceof SelectionError) return { why: e.message.split("\n")[0] };
            throw e;
        }
    }
}
