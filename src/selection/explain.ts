/**
 * `explainNoMatch`: turns an empty ranking into one error a human on call can act on — every searched
 * region with why nothing qualified there, then which constraint to relax, and by how much.
 */
import { NoEligibleProductError, type Suggestion } from "./errors";
import type { Considered, Offer, Rejection, RejectionKind } from "./offers";
import type { ResolvedRegion } from "./regions";
import { parseSelector, type Selector, type SelectorInput } from "./selector";
import { NAME_RULE, suggestProductNames } from "./names";
import { billingLabel, formatPerHour, regionToken, shortList } from "./text";

type RejectedEntry = Extract<Considered, { status: "rejected" }>;

const label = (c: { productId: string; billingMode: string }) => `${c.productId} ${billingLabel(c.billingMode)}`;
const where = (c: { productId: string; billingMode: string; region: string }) => `${label(c)} in ${c.region}`;
const regionLabel = (r: { region: string; clusterId: string }) => (r.region === r.clusterId ? r.region : `${r.region} (${r.clusterId})`);

/** Relaxable limits: the selector field, and how to phrase the closest value that would pass. */
const LIMIT_FIELDS = {
    overMaxPrice: { field: "maxPricePerHour", best: "min", fix: (v: number) => `raise it to at least ${formatPerHour(v)}` },
    tooFewCpus: { field: "minCpuPerGpu", best: "max", fix: (v: number) => `lower it to ${v}` },
    tooLittleMemory: { field: "minMemoryPerGpu", best: "max", fix: (v: number) => `lower it to ${v} GB` },
    rootfsTooSmall: { field: "minRootfsSize", best: "max", fix: (v: number) => `lower it to ${v} GB` },
} as const;
type LimitKind = keyof typeof LIMIT_FIELDS;
const isLimit = (k: RejectionKind): k is LimitKind => k in LIMIT_FIELDS;

function header(s: Selector): string {
    const parts = [`gpuNum ${s.gpuNum}`, `billingMode ${s.billingMode}`];
    if (s.maxPricePerHour !== undefined) parts.push(`maxPricePerHour ${formatPerHour(s.maxPricePerHour)}`);
    if (s.minCpuPerGpu !== undefined) parts.push(`minCpuPerGpu ${s.minCpuPerGpu}`);
    if (s.minMemoryPerGpu !== undefined) parts.push(`minMemoryPerGpu ${s.minMemoryPerGpu} GB`);
    if (s.minRootfsSize !== undefined) parts.push(`minRootfsSize ${s.minRootfsSize} GB`);
    return `No offer satisfies the selector for productName ${JSON.stringify(s.productName)} (${parts.join(", ")}).`;
}

/** The rejections of one kind in one region, summarised in one clause. */
function clause(s: Selector, kind: RejectionKind, hits: { entry: RejectedEntry; rejection: Rejection }[]): string {
    const names = shortList([...new Set(hits.map((h) => label(h.entry)))]);
    if (isLimit(kind)) {
        const spec = LIMIT_FIELDS[kind];
        const values = hits.map((h) => h.rejection.actual!);
        const best = spec.best === "min" ? Math.min(...values) : Math.max(...values);
        const bestEntry = hits.find((h) => h.rejection.actual === best)!.entry;
        const limit = hits[0]!.rejection.limit!;
        if (kind === "overMaxPrice") return `over max price: cheapest ${formatPerHour(best)} (${label(bestEntry)}) > maxPricePerHour ${formatPerHour(limit)}`;
        if (kind === "tooFewCpus") return `too few CPUs per GPU: at most ${best}, need ${limit} (${names})`;
        if (kind === "tooLittleMemory") return `too little memory per GPU: at most ${best} GB, need ${limit} GB (${names})`;
        return `root FS too small: at most ${best} GB, need ${limit} GB (${names})`;
    }
    if (kind === "soldOut") return `sold out (${names})`;
    return shortList(hits.map((h) => `${h.rejection.message}: ${h.entry.productId}`));
}

const KIND_ORDER: readonly RejectionKind[] = ["soldOut", "billingModeNotOffered", "overMaxPrice", "tooFewCpus", "tooLittleMemory", "rootfsTooSmall"];

function regionLine(s: Selector, entries: readonly Considered[], offersHere: readonly Offer[] | undefined): string {
    const eligible = entries.filter((e) => e.status !== "rejected");
    if (eligible.length > 0) return `${eligible.length} eligible offer(s), best ${label(eligible[0]!)} at ${formatPerHour(eligible[0]!.pricePerHour!)}`;
    if (entries.length === 0) {
        const none = `no product matching ${JSON.stringify(s.productName)} in this region`;
        if (offersHere === undefined) return none;
        const names = [...new Set(offersHere.map((o) => o.product.name))].sort();
        return names.length ? `${none} (listed there: ${shortList(names, 6)})` : `${none} (no products listed there at all)`;
    }
    // Offers of a billing mode the selector excludes are summarised once; their other faults would only mislead.
    const rejected = entries as RejectedEntry[];
    const excluded = rejected.filter((e) => e.rejections.some((r) => r.kind === "billingModeNotAllowed"));
    const byKind = new Map<RejectionKind, { entry: RejectedEntry; rejection: Rejection }[]>();
    for (const entry of rejected.filter((e) => !excluded.includes(e))) {
        for (const rejection of entry.rejections) byKind.set(rejection.kind, [...(byKind.get(rejection.kind) ?? []), { entry, rejection }]);
    }
    const clauses = KIND_ORDER.filter((k) => byKind.has(k)).map((k) => clause(s, k, byKind.get(k)!));
    if (excluded.length > 0) {
        const priced = excluded.map((e) => `${label(e)}${e.pricePerHour !== undefined ? ` ${formatPerHour(e.pricePerHour)}` : ""}`);
        clauses.push(`not allowed by billingMode ${s.billingMode}: ${shortList(priced)}`);
    }
    if (byKind.size === 0) clauses.unshift(`no ${s.billingMode === "spot" ? "spot" : "on-demand"} offer`);
    return clauses.join("; ");
}

/** Relaxations that would make at least one rejected offer eligible, most useful first. */
interface SuggestContext {
    anyMatch: boolean;
    searched: readonly ResolvedRegion[];
    offers?: readonly Offer[];
    availableRegions?: readonly string[];
    ignoreAvailability?: boolean;
}

function suggest(s: Selector, rejected: readonly RejectedEntry[], ctx: SuggestContext): Suggestion[] {
    const { anyMatch, searched, availableRegions } = ctx;
    const out: Suggestion[] = [];
    const fixable = rejected.filter((e) => e.rejections.every((r) => isLimit(r.kind) || r.kind === "billingModeNotAllowed"));
    const single = (kind: RejectionKind) => fixable.filter((e) => e.rejections.length === 1 && e.rejections[0]!.kind === kind);

    for (const kind of Object.keys(LIMIT_FIELDS) as LimitKind[]) {
        const hits = single(kind);
        if (hits.length === 0) continue;
        const spec = LIMIT_FIELDS[kind];
        const pickBy = (e: RejectedEntry) => e.rejections[0]!.actual!;
        const best = hits.reduce((a, b) => (spec.best === "min" ? (pickBy(b) < pickBy(a) ? b : a) : pickBy(b) > pickBy(a) ? b : a));
        out.push({ field: spec.field, message: `${spec.fix(pickBy(best))} (would allow ${where(best)})` });
    }
    const modeHits = single("billingModeNotAllowed");
    if (modeHits.length > 0) {
        const other = s.billingMode === "spot" ? "on-demand" : "spot";
        const caveat = other === "spot" ? "; spot instances can be reclaimed" : "";
        out.push({ field: "billingMode", message: `allow ${other} (billingMode: spotThenOnDemand${caveat}; would allow ${where(modeHits[0]!)})` });
    }
    if (out.length === 0) {
        const multi = [...fixable].sort((a, b) => a.rejections.length - b.rejections.length || a.regionRank - b.regionRank)[0];
        if (multi) {
            const steps = multi.rejections.map((r) => (isLimit(r.kind) ? `${LIMIT_FIELDS[r.kind].field}: ${LIMIT_FIELDS[r.kind].fix(r.actual!)}` : "billingMode: spotThenOnDemand"));
            const first = multi.rejections[0]!.kind;
            out.push({ field: isLimit(first) ? LIMIT_FIELDS[first].field : "billingMode", message: `no single change is enough; together: ${steps.join(" and ")} (would allow ${where(multi)})` });
        }
    }
    if (!anyMatch) {
        const close = ctx.offers ? suggestProductNames(s.productName, ctx.offers.map((o) => o.product.name)) : [];
        const mean = close.length ? `; did you mean ${close.map((n) => JSON.stringify(n)).join(" or ")}?` : "";
        out.push({ field: "productName", message: `${JSON.stringify(s.productName)} matched no product in any searched region${mean} (${NAME_RULE})` });
    }
    const searchedTokens = new Set(searched.flatMap((r) => [regionToken(r.region), r.clusterId.toLowerCase()]));
    const unsearched = availableRegions?.filter((r) => !searchedTokens.has(regionToken(r)));
    // Stock is only worth waiting for when it was judged: a preview-time check ignores it.
    const later = ctx.ignoreAvailability ? "" : ", or retry later: stock changes";
    if (unsearched === undefined || unsearched.length > 0) {
        const list = unsearched?.length ? ` (not searched: ${shortList(unsearched, 8)})` : "";
        out.push({ field: "regions", message: `add a region${list}${later}` });
    } else if (!ctx.ignoreAvailability) {
        out.push({ field: "regions", message: "every region is already searched; retry later: stock changes" });
    }
    return out;
}

/**
 * Builds the error for an empty ranking: every region of `regions` with why nothing qualified there,
 * then what to relax. Pass `offers` to list the products seen in regions where the name matched
 * nothing (and to suggest close names), `availableRegions` (all cluster names) to name the regions that
 * were not searched, and `ignoreAvailability` when the ranking ignored stock (no "retry later").
 */
export function explainNoMatch(
    selector: SelectorInput | Selector,
    considered: readonly Considered[],
    regions: readonly ResolvedRegion[],
    options: { offers?: readonly Offer[]; availableRegions?: readonly string[]; ignoreAvailability?: boolean } = {},
): NoEligibleProductError {
    const s = parseSelector(selector);
    const allRegions = [...regions];
    for (const c of considered) {
        if (!allRegions.some((r) => r.clusterId === c.clusterId)) allRegions.push({ clusterId: c.clusterId, region: c.region, rank: c.regionRank });
    }
    const lines = allRegions.map((r, i) => {
        const here = considered.filter((c) => c.clusterId === r.clusterId);
        // Only shown where no offer's name matched, so every offer listed here is one the name did not select.
        const offersHere = options.offers?.filter((o) => o.clusterId === r.clusterId);
        return `  ${i + 1}. ${regionLabel(r)}: ${regionLine(s, here, offersHere)}`;
    });
    const rejected = considered.filter((c): c is RejectedEntry => c.status === "rejected");
    const suggestions = suggest(s, rejected, {
        anyMatch: considered.length > 0, searched: allRegions, offers: options.offers,
        availableRegions: options.availableRegions, ignoreAvailability: options.ignoreAvailability,
    });
    const message = [
        header(s),
        allRegions.length ? `Searched ${allRegions.length} region(s), in priority order:` : "No region was searched.",
        ...lines,
        "To get a placement, change one of:",
        ...suggestions.map((x) => `  - ${x.field}: ${x.message}`),
    ].join("\n");
    return new NoEligibleProductError(message, { considered, regions: allRegions, suggestions });
}
