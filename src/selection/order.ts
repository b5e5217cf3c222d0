/**
 * The ranking order, as one list of keys per strategy. The comparator and the "why does this rank
 * lower than the pick" explanations both walk the same list, so changing the order is editing one array.
 *
 *   priority: billing tier → region rank → instance price → product id → cluster id
 *   cheapest: billing tier → instance price → region rank → product id → cluster id
 *
 * Billing tier: with `spotThenOnDemand` every spot candidate ranks before every on-demand one, in any
 * region — "spot then on-demand" is read as "prefer spot over region priority and over price". With
 * `onDemand` or `spot` there is a single tier. Product id, then cluster id, make the order total, so the
 * ranking does not depend on the order the offers arrived in.
 */
import type { Candidate } from "./offers";
import type { Selector, Strategy } from "./selector";
import { billingLabel, formatPerHour } from "./text";

interface OrderKey {
    compare(a: Candidate, b: Candidate, s: Selector): number;
    /** Why `c` ranks after `pick` when this is the first key on which they differ. */
    explain(pick: Candidate, c: Candidate, s: Selector): string;
}

const cmp = <T extends string | number>(a: T, b: T) => (a < b ? -1 : a > b ? 1 : 0);
const units = (usd: number) => Math.round(usd * 100_000);

/** 0 for the preferred billing mode, 1 for the fallback: only `spotThenOnDemand` has two tiers. */
export function billingTier(s: Selector, c: Pick<Candidate, "billingMode">): number {
    return s.billingMode === "spotThenOnDemand" && c.billingMode === "onDemand" ? 1 : 0;
}

const KEYS = {
    billingTier: {
        compare: (a, b, s) => cmp(billingTier(s, a), billingTier(s, b)),
        explain: (pick, c) => `${billingLabel(c.billingMode)} ranks after every ${billingLabel(pick.billingMode)} offer (billingMode spotThenOnDemand)`,
    },
    regionRank: {
        compare: (a, b) => cmp(a.regionRank, b.regionRank),
        explain: (pick, c) => `region ${c.region} has lower priority than ${pick.region}`,
    },
    price: {
        compare: (a, b) => cmp(units(a.pricePerHour), units(b.pricePerHour)),
        explain: (pick, c) => `${formatPerHour(c.pricePerHour)} is more than ${formatPerHour(pick.pricePerHour)}`,
    },
    productId: {
        compare: (a, b) => cmp(a.productId, b.productId),
        explain: (pick, c) => `same billing tier, region and price; product id ${c.productId} sorts after ${pick.productId}`,
    },
    clusterId: {
        compare: (a, b) => cmp(a.clusterId, b.clusterId),
        explain: (pick, c) => `same billing tier, region rank, price and product; cluster id ${c.clusterId} sorts after ${pick.clusterId}`,
    },
} satisfies Record<string, OrderKey>;

export type OrderKeyName = keyof typeof KEYS;

/** The order of each strategy: the first key that differs decides. */
export const ORDER: Readonly<Record<Strategy, readonly OrderKeyName[]>> = Object.freeze({
    priority: ["billingTier", "regionRank", "price", "productId", "clusterId"],
    cheapest: ["billingTier", "price", "regionRank", "productId", "clusterId"],
});

/** Last resort for exact duplicates (same product, cluster and mode listed twice): any remaining field. */
function compareRest(a: Candidate, b: Candidate): number {
    return cmp(a.billingMode, b.billingMode) || cmp(a.productName, b.productName) || cmp(a.inventoryState ?? "", b.inventoryState ?? "") || cmp(a.region, b.region);
}

/** The single comparator of the selector's strategy (negative: `a` ranks first). */
export function compareCandidates(s: Selector): (a: Candidate, b: Candidate) => number {
    const keys = ORDER[s.strategy].map((k) => KEYS[k] as OrderKey);
    return (a, b) => {
        for (const key of keys) {
            const r = key.compare(a, b, s);
            if (r !== 0) return r;
        }
        return compareRest(a, b);
    };
}

/** Human reason why `c` ranks below `pick`, from the first key of the order on which they differ. */
export function whyLower(s: Selector, pick: Candidate, c: Candidate): string {
    for (const name of ORDER[s.strategy]) {
        const key = KEYS[name] as OrderKey;
        if (key.compare(pick, c, s) !== 0) return key.explain(pick, c, s);
    }
    return "ties with the pick on every ranking key (the same offer listed twice)";
}
