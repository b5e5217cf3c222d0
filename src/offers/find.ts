/**
 * Candidate finding: the offers a selector can use, ranked, or one error that explains why none qualifies. Shared by
 * the provider's placement (create time, and preview with stock ignored), getOptimalProduct and the `cost` command,
 * so that all of them pick and explain alike.
 */
import type { NovitaClient } from "../api/client";
import type { Cluster } from "../api/schemas/responses";
import { explainNoMatch, narrowedNoMatch, rankOffers, type ClusterPin, type Ranking, type Selector } from "../selection";
import { fetchOffers, type OfferSet, type ProductLister } from "./fetch";

export interface Catalogue {
    /** The cluster list (a cache's promise). */
    clusters: Promise<Cluster[]>;
    /** Products per region × billing method; default: a fresh request each (stock changes by the minute). */
    listProducts?: ProductLister;
}

export interface FindOptions {
    /** Rank on static properties only (the preview's check: stock is a create-time matter). */
    ignoreAvailability?: boolean;
    /** The selector was narrowed to this cluster (an instance's volumes live there): the error says so, and names no other region. */
    pin?: ClusterPin;
}

export type Found = Ranking & { set: OfferSet };

/** The ranked offers (at least one), or a thrown NoEligibleProductError / SelectionError explaining why none. */
export async function findOffers(client: NovitaClient, selector: Selector, catalogue: Catalogue, options: FindOptions = {}): Promise<Found> {
    const set = await fetchOffers(client, selector, catalogue.clusters, catalogue.listProducts);
    const ignoreAvailability = options.ignoreAvailability === true;
    const ranking = rankOffers(selector, set.offers, { ignoreAvailability });
    if (ranking.ranked.length > 0) return { ...ranking, set };
    const { pin } = options;
    // Narrowed, no other region would do: "add a region" must not be suggested.
    const availableRegions = pin ? set.regions.map((r) => r.region) : set.availableRegions;
    const err = explainNoMatch(selector, ranking.considered, set.regions, { offers: set.offers, availableRegions, ignoreAvailability });
    throw pin ? narrowedNoMatch(err, pin) : err;
}
