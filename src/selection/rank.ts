/**
 * `rankOffers`: the pure heart of product selection. Given the offers the I/O layer fetched (each
 * product per cluster per billing mode), it returns the eligible candidates in the order the provider
 * should try them, and a record of every offer whose product name matched (./names.ts says how names match).
 */
import { evaluateOffer, type Candidate, type Considered, type Offer, type OfferSummary, type Rejection } from "./offers";
import { compareCandidates, whyLower } from "./order";
import { parseSelector, type Selector, type SelectorInput } from "./selector";
import { matchingProducts } from "./names";

export interface Ranking {
    /** Eligible candidates, best first (see `order.ts` for the order of each strategy). */
    ranked: Candidate[];
    /**
     * Every offer whose product name matched: the pick, the other candidates (with why they rank lower),
     * then the rejected offers (with why). Offers of other products are left out: they are noise.
     */
    considered: Considered[];
}

export interface RankOptions {
    /**
     * Judge offers as if every one were in stock (no `soldOut` rejection). For checks that must not depend on
     * stock, which changes by the minute: a preview asks "can this selector ever match?", not "is it free now?".
     */
    ignoreAvailability?: boolean;
}

const offerKey = (o: { clusterId: string; productId: string; billingMode: string }) => `${o.clusterId}\u0000${o.productId}\u0000${o.billingMode}`;
const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

type Rejected = { summary: OfferSummary; rejections: Rejection[] };

function compareRejected(a: Rejected, b: Rejected): number {
    const x = a.summary;
    const y = b.summary;
    return (
        cmp(x.regionRank, y.regionRank) ||
        cmp(x.productId, y.productId) ||
        cmp(x.clusterId, y.clusterId) ||
        cmp(x.billingMode === "spot" ? 0 : 1, y.billingMode === "spot" ? 0 : 1) ||
        cmp(x.pricePerHour ?? Infinity, y.pricePerHour ?? Infinity) ||
        cmp(a.rejections.map((r) => r.message).join("; "), b.rejections.map((r) => r.message).join("; "))
    );
}

/**
 * Ranks offers for a selector. Deterministic: the same offers in any order give the same result.
 * An offer listed twice (same cluster, product and billing mode) counts once: its best listing.
 *
 * @param selector a selector input or an already normalised selector (it is validated either way).
 * @throws SelectionError when the selector is invalid.
 */
export function rankOffers(selector: SelectorInput | Selector, offers: readonly Offer[], options: RankOptions = {}): Ranking {
    const s = parseSelector(selector);
    const candidates: Candidate[] = [];
    const rejected: Rejected[] = [];
    // "Exact wins" is decided over every product offered, so the same name selects the same products in every region.
    const named = new Set(matchingProducts(s.productName, offers.map((o) => o.product)));
    for (const offer of offers) {
        if (!named.has(offer.product)) continue;
        const r = evaluateOffer(s, offer, options);
        if ("candidate" in r) candidates.push(r.candidate);
        else rejected.push(r);
    }

    const compare = compareCandidates(s);
    const eligibleKeys = new Set<string>();
    const ranked = candidates.sort(compare).filter((c) => {
        const k = offerKey(c);
        if (eligibleKeys.has(k)) return false;
        eligibleKeys.add(k);
        return true;
    });
    const rejectedKeys = new Set<string>();
    const rejectedOnce = rejected.sort(compareRejected).filter(({ summary }) => {
        const k = offerKey(summary);
        if (eligibleKeys.has(k) || rejectedKeys.has(k)) return false;
        rejectedKeys.add(k);
        return true;
    });

    const pick = ranked[0];
    const considered: Considered[] = ranked.map((c, i) =>
        i === 0 ? { ...c, status: "picked", position: 1 } : { ...c, status: "ranked", position: i + 1, reason: whyLower(s, pick!, c) },
    );
    for (const { summary, rejections } of rejectedOnce) {
        considered.push({ ...summary, status: "rejected", reason: rejections.map((r) => r.message).join("; "), rejections });
    }
    return { ranked, considered };
}
