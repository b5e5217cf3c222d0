/**
 * Public selection types, written as plain TypeScript with no zod (and no import from the API's wire schemas):
 * these are what users' programs see through `pulumi-novita`'s typings, which must type-check under any
 * tsconfig, including `pulumi new typescript`'s (no esModuleInterop, no skipLibCheck). The zod schema in
 * ./selector.ts is checked at compile time to accept exactly `SelectorInput`.
 */

/** `spotThenOnDemand`: spot offers first, on-demand when no spot offer is eligible. */
export type SelectionBillingMode = "onDemand" | "spot" | "spotThenOnDemand";

/** The billing mode of one offer (monthly subscriptions are not selected automatically). */
export type OfferBillingMode = "onDemand" | "spot";

/** `priority`: region order decides, price breaks ties; `cheapest`: price decides, region order breaks ties. */
export type Strategy = "priority" | "cheapest";

/** What the user writes (getOptimalProduct arguments, GpuInstance `placement`). Only `productName` is required; `null` means absent. */
export interface SelectorInput {
    /**
     * GPU name. Matches "RTX 4090 24GB" when it is the whole name or its product id (exact: case, spaces and hyphens
     * ignored; an exact match elsewhere in the catalogue wins over looser ones), its leading whole words ("RTX 4090",
     * "rtx-4090"; not "RTX 409" or "4090"), or a `*` pattern over the name ("*4090*").
     */
    productName: string;
    /** GPUs per instance, 1–8 (default 1). */
    gpuNum?: number | null;
    /** Region names or cluster ids in priority order. Default: AS-SGP-02, CN-HK-01, AS-IN-01. */
    regions?: string[] | null;
    /** Moved (or added) to the front of `regions`. */
    preferredRegion?: string | null;
    /** Default `onDemand`. */
    billingMode?: SelectionBillingMode | null;
    /** USD per hour for the whole instance (per-GPU price × gpuNum), inclusive. */
    maxPricePerHour?: number | null;
    minCpuPerGpu?: number | null;
    /** GB per GPU. */
    minMemoryPerGpu?: number | null;
    /** GB; the product's maximum root disk must reach it. */
    minRootfsSize?: number | null;
    /** e.g. "12.4"; passed to create, where Novita enforces it. */
    minCudaVersion?: string | null;
    /** Default `priority`. */
    strategy?: Strategy | null;
}

/** The normalised selector: defaults applied, regions in effective order; absent options are omitted. */
export interface Selector {
    /** GPU name, trimmed: exact name or product id, leading whole words, or a `*` pattern (see {@link SelectorInput}). */
    productName: string;
    /** GPUs per instance, 1–8 (default 1). */
    gpuNum: number;
    /**
     * Regions (cluster ids or names) in priority order: the requested list or {@link DEFAULT_REGIONS},
     * display suffixes removed, de-duplicated, `preferredRegion` first.
     */
    regions: string[];
    /** As given; already applied to `regions`. */
    preferredRegion?: string;
    /** Default `onDemand`. */
    billingMode: SelectionBillingMode;
    /** USD per hour for the whole instance (per-GPU price × gpuNum), inclusive. */
    maxPricePerHour?: number;
    minCpuPerGpu?: number;
    /** GB per GPU. */
    minMemoryPerGpu?: number;
    /** GB; the product's `maxRootFS` must reach it. */
    minRootfsSize?: number;
    /** Not a filter (products carry no CUDA data): passed through to create, where the API enforces it. */
    minCudaVersion?: string;
    /** Default `priority`. */
    strategy: Strategy;
}

export interface ResolvedRegion {
    /** The cluster id to send as `clusterId` (docs/novita-api-notes.md#identifiers). */
    clusterId: string;
    /** The cluster name, e.g. "AS-SGP-02". */
    region: string;
    /** Position in the priority order: 0 is the most preferred. */
    rank: number;
}

/** An eligible offer, ready to be tried at create time. */
export interface Candidate {
    productId: string;
    productName: string;
    clusterId: string;
    region: string;
    billingMode: OfferBillingMode;
    /** USD per GPU-hour under `billingMode`. */
    pricePerGpuHour: number;
    /** USD per hour for the instance: `pricePerGpuHour × gpuNum`. `maxPricePerHour` is compared with this. */
    pricePerHour: number;
    inventoryState?: string;
    regionRank: number;
}

export type RejectionKind =
    | "billingModeNotAllowed" // the selector's billingMode excludes this offer's billing mode
    | "billingModeNotOffered" // the product has no price / no listing for this billing mode
    | "soldOut"
    | "overMaxPrice"
    | "tooFewCpus"
    | "tooLittleMemory"
    | "rootfsTooSmall";

export interface Rejection {
    kind: RejectionKind;
    /** Human reason, e.g. "$0.78/h (2 × $0.39/GPU-h) is over maxPricePerHour $0.50/h". */
    message: string;
    /** The product's value for the failed limit (price, cores, GB), when there is one. */
    actual?: number;
    /** The selector's limit, when there is one. */
    limit?: number;
}

/** A candidate's fields, with prices optional: a rejected offer may have no price in its mode. */
export type OfferSummary = Omit<Candidate, "pricePerGpuHour" | "pricePerHour"> & { pricePerGpuHour?: number; pricePerHour?: number };

export type Considered =
    | (Candidate & { status: "picked"; position: 1 })
    | (Candidate & { status: "ranked"; position: number; /** Why it ranks below the pick. */ reason: string })
    | (OfferSummary & { status: "rejected"; /** All rejections, joined. */ reason: string; rejections: Rejection[] });

export interface FieldIssue {
    field: string;
    message: string;
}

export interface Suggestion {
    /** The selector field to change, e.g. `maxPricePerHour`; `regions` for "add a region". */
    field: string;
    message: string;
}
