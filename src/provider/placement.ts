/**
 * `placement` on GpuInstance: the provider picks product, region and billing mode at create time with
 * the same selector as getOptimalProduct, trying candidates in rank order. The choice lives in state
 * (productId, clusterId, billingMode): later previews never re-select, price moves never replace, and a
 * changed selector replaces only when the current placement no longer satisfies it.
 *
 * The catalogue, its caches and the sold-out memory (product × cluster × billing combinations remembered for a few
 * minutes, so the other instances of the same `up` skip them without a request) are the process's offer service
 * (src/offers); this file adapts it to the GpuInstance provider.
 */
import { findOffers, offerService } from "../offers";
import { narrowToCluster, parseSelector, placementSatisfies, SelectionError } from "../selection";
import type { CheckFailure } from "./errors";
import type { PlacementSupport } from "./gpu-instance";
import type { Candidate } from "./gpu-instance/create";
import { preflightPlacement, resetPreflightCatalogue } from "./placement-preflight";

/** For tests: forget everything this process learned. */
export function resetPlacementCaches(): void {
    offerService().reset();
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
        // `selector` is the placement `validate` accepted; parsing it gives the typed Selector (it cannot fail here).
        const verdict = placementSatisfies(parseSelector(selector), {
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
            const offers = offerService();
            const { ranked } = await findOffers(client, selector, offers.placementCatalogue(client), { pin });
            return ranked.map((r) => {
                const c: Candidate = { productId: r.productId, clusterId: r.clusterId, billingMode: r.billingMode, pricePerGpuHour: r.pricePerGpuHour };
                const age = offers.soldOutAgo(c, client.config.timeScale);
                return age === undefined ? c : { ...c, skip: `sold out ${Math.round(age / 1000)}s ago (remembered by this provider process)` };
            });
        },
        soldOut(c) {
            offerService().soldOut(c);
        },
    },
};
