/**
 * The offer service of a process (DESIGN.md: one per process, used by the provider's placement and by the
 * functions): what it learned of the Novita catalogue, kept in API time (./cache.ts) —
 *   - the cluster list of create-time placement (5 minutes), shared by the instances of one `up`;
 *   - product listings for the price of an instance created with an explicit productId (1 minute);
 *   - sold-out product × cluster × billing combinations (3 minutes), so the other instances of the same `up` skip
 *     them without a request;
 *   - the preview's catalogue: clusters and products read at most once per process and key, failures kept
 *     (src/provider/placement-preflight.ts explains why);
 *   - per program run (one `pulumi up`, one offline-engine run), the cluster list of getOptimalProduct.
 * Candidate finding itself is ./find.ts. The time scale is the client's own (its settings chose it).
 */
import { createHash } from "node:crypto";
import type { NovitaClient } from "../api/client";
import type { Cluster, Product } from "../api/schemas/responses";
import type { OfferBillingMode } from "../selection";
import { ApiTimeCache } from "./cache";
import type { Catalogue } from "./find";

/** How long a sold-out combination is skipped, in API time. */
export const NEGATIVE_CACHE_MS = 3 * 60_000;
/** How long create-time placement reuses the cluster list, in API time. */
export const CLUSTERS_TTL_MS = 5 * 60_000;
/** How long a product listing serves the price of a direct create, in API time. */
export const PRICE_TTL_MS = 60_000;

/** What identifies an offer to remember as sold out. */
export interface OfferRef {
    productId: string;
    clusterId?: string;
    billingMode: OfferBillingMode;
}

const refKey = (c: OfferRef) => `${c.productId}|${c.clusterId ?? ""}|${c.billingMode}`;
/**
 * A client's base URL and key. Never the key itself, but a digest of all of it: two keys that only share their length
 * and last characters (a revoked one and its replacement) must not share a cached answer, a cached 401 least of all.
 */
export const clientKey = (client: NovitaClient) => `${client.config.baseUrl}|${createHash("sha256").update(client.config.apiKey).digest("base64url")}`;

export class OfferService {
    private readonly clusterLists = new ApiTimeCache<Promise<Cluster[]>>(CLUSTERS_TTL_MS);
    private readonly listings = new ApiTimeCache<Promise<Product[]>>(PRICE_TTL_MS);
    private readonly soldOutAt = new ApiTimeCache<true>(NEGATIVE_CACHE_MS);
    private readonly previewClusters = new ApiTimeCache<Promise<Cluster[]>>(Infinity, { keepFailures: true });
    private readonly previewProducts = new ApiTimeCache<Promise<Product[]>>(Infinity, { keepFailures: true });
    private readonly runs = new WeakMap<object, ApiTimeCache<Promise<Cluster[]>>>();
    private readonly outsideRun = new ApiTimeCache<Promise<Cluster[]>>(Infinity);

    /** The catalogue of create-time placement: the cluster list (cached), products asked afresh. */
    placementCatalogue(client: NovitaClient): Catalogue {
        return { clusters: this.clusterLists.get(client.config.baseUrl, client.config.timeScale, () => client.listClusters()) };
    }

    /** The preview's catalogue for this client: read at most once per process and key, a failed read kept too. */
    previewCatalogue(client: NovitaClient): Catalogue {
        const k = clientKey(client);
        return {
            clusters: this.previewClusters.get(k, 1, () => client.listClusters()),
            listProducts: (q) => this.previewProducts.get(`${k}|${q.clusterId}|${q.billingMethod}|${q.gpuNum}`, 1, () => client.listProducts(q)),
        };
    }

    /** getOptimalProduct's catalogue during one program run (`run`: the run's engine monitor; none outside a run). */
    runCatalogue(client: NovitaClient, run: object | undefined): Catalogue {
        const clusters = run ? this.runClusters(run) : this.outsideRun;
        return { clusters: clusters.get(client.config.baseUrl, 1, () => client.listClusters()) };
    }

    private runClusters(run: object): ApiTimeCache<Promise<Cluster[]>> {
        let clusters = this.runs.get(run);
        if (!clusters) this.runs.set(run, (clusters = new ApiTimeCache(Infinity)));
        return clusters;
    }

    /** The per-GPU-hour price of a product in a cluster (or anywhere) and billing mode, from a recent listing. */
    async listedPrice(client: NovitaClient, productId: string, clusterId: string | undefined, billing: OfferBillingMode): Promise<number | undefined> {
        const key = `${client.config.baseUrl}|${clusterId ?? ""}|${billing}`;
        const products = await this.listings.get(key, client.config.timeScale, () => client.listProducts({ clusterId, billingMethod: billing }));
        const p = products.find((x) => x.id === productId);
        return billing === "spot" ? p?.spotPricePerHour : p?.pricePerHour;
    }

    soldOut(c: OfferRef): void {
        this.soldOutAt.set(refKey(c), true);
    }

    /** API ms since `c` was found sold out, while that is remembered. */
    soldOutAgo(c: OfferRef, timeScale: number): number | undefined {
        return this.soldOutAt.peek(refKey(c), timeScale)?.ageApiMs;
    }

    /** Forget what the process learned: create-time placement's caches, the preview's catalogue, or both (default). */
    reset(what: { placement?: boolean; preview?: boolean } = { placement: true, preview: true }): void {
        if (what.placement) {
            this.clusterLists.clear();
            this.listings.clear();
            this.soldOutAt.clear();
        }
        if (what.preview) {
            this.previewClusters.clear();
            this.previewProducts.clear();
        }
    }
}

const processService = new OfferService();

/** The process's offer service. */
export function offerService(): OfferService {
    return processService;
}
