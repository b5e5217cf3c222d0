/**
 * `placement` on GpuInstance: the provider picks product, region and billing mode at create time with
 * the same selector as getOptimalProduct, trying candidates in rank order. The choice lives in state
 * (productId, clusterId, billingMode): later previews never re-select, price moves never replace, and a
 * changed selector replaces only when the current placement no longer satisfies it.
 *
 * Sold-out product × cluster × billing combinations are remembered for a few minutes by the provider
 * process, so the other instances of the same `up` skip them without a request.
 */
import type { NovitaClient } from "../api/client";
import type { Cluster } from "../api/schemas/responses";
import { fetchOffers } from "../catalogue/offers";
import { explainNoMatch, narrowedNoMatch, narrowToCluster, parseSelector, placementSatisfies, rankOffers, SelectionError } from "../selection";
import { timeScale } from "./config";
import type { CheckFailure } from "./errors";
import type { PlacementSupport } from "./gpu-instance";
import type { Candidate } from "./gpu-instance/create";
import { preflightPlacement, resetPreflightCatalogue } from "./placement-preflight";

/** How long a sold-out combination is skipped, in API time. */
export const NEGATIVE_CACHE_MS = 3 * 60_000;
const CLUSTERS_TTL_MS = 5 * 60_000;

const soldOutAt = new Map<string, number>();
const keyOf = (c: Pick<Candidate, "productId" | "clusterId" | "billingMode">) => `${c.productId}|${c.clusterId ?? ""}|${c.billingMode}`;
let clusters: { at: number; base: string; list: Promise<Cluster[]> } | undefined;

function cachedClusters(client: NovitaClient): Promise<Cluster[]> {
    const now = Date.now();
    const base = client.config.baseUrl;
    if (!clusters || clusters.base !== base || now - clusters.at > CLUSTERS_TTL_MS * timeScale()) {
        const list = client.listClusters();
        clusters = { at: now, base, list };
        list.catch(() => clusters?.list === list && (clusters = undefined));
    }
    return clusters.list;
}

function recentlySoldOut(c: Candidate): number | undefined {
    const at = soldOutAt.get(keyOf(c));
    if (at === undefined) return undefined;
    const age = (Date.now() - at) / timeScale();
    if (age > NEGATIVE_CACHE_MS) {
        soldOutAt.delete(keyOf(c));
        return undefined;
    }
    return age;
}

/** For tests: forget everything this process learned. */
export function resetPlacementCaches(): void {
    soldOutAt.clear();
    clusters = undefined;
    resetPreflightCatalogue();
}

function validate(raw: unknown): { value?: Record<string, unknown>; failures: CheckFailure[] } {
    if (raw && typeof raw === "object" && "gpuNum" in raw) {
        return { failures: [{ property: "gpuNum", reason: "set gpuNum on the instance, not in placement" }] };
    }
    try {
        const { gpuNum: _g, ...selector } = parseSelector(raw);
        return { value: selector as Record<string, unknown>, failures: [] };
    } catch (e) {
        if (!(e instanceof SelectionError)) throw e;
        const issues = e.issues.length ? e.issues : [{ field: e.field, message: e.message }];
        return {
            failures: issues.map((i) => ({ property: i.field, reason: i.message })),
        };
    }
}

export const placementSupport: PlacementSupport = {
    validate,
    preflight: preflightPlacement,
    satisfies(selector, current) {
        const verdict = placementSatisfies(selector as unknown as Parameters<typeof placementSatisfies>[0], {
            productId: current.productId,
            productName: current.productName ?? current.productId,
            clusterId: current.clusterId,
            region: current.clusterName ?? "",
            billingMode: current.billingMode,
        });
        return verdict.ok ? { ok: true } : { ok: false, reason: verdict.reason };
    },
    source: {
        async candidates(client, inputs, pin) {
            // An instance mounting network volumes can run only in their cluster: search that one alone.
            const wanted = parseSelector({ ...inputs.placement, gpuNum: inputs.gpuNum });
            const selector = pin ? narrowToCluster(wanted, pin, "placement.regions") : wanted;
            const set = await fetchOffers(client, selector, cachedClusters(client));
            const { ranked, considered } = rankOffers(selector, set.offers);
            if (ranked.length === 0) {
                // Narrowed, no other region would do: "add a region" must not be suggested.
                const availableRegions = pin ? set.regions.map((r) => r.region) : set.availableRegions;
                const err = explainNoMatch(selector, considered, set.regions, { offers: set.offers, availableRegions });
                throw pin ? narrowedNoMatch(err, pin) : err;
            }
            return ranked.map((r) => {
                const c: Candidate = { productId: r.productId, clusterId: r.clusterId, billingMode: r.billingMode, pricePerGpuHour: r.pricePerGpuHour };
                const age = recentlySoldOut(c);
                return age === undefined ? c : { ...c, skip: `sold out ${Math.round(age / 1000)}s ago (remembered by this provider process)` };
            });
        },
        soldOut(c) {
            soldOutAt.set(keyOf(c), Date.now());
        },
    },
};
