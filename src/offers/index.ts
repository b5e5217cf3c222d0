/** The offer service (DESIGN.md, src/offers): catalogue reads and caches, sold-out memory, candidate finding. */
export { ApiTimeCache, type ApiTimeCacheOptions } from "./cache";
export { billingMethodsFor, fetchOffers, type OfferSet, type ProductLister } from "./fetch";
export { findOffers, type Catalogue, type FindOptions, type Found } from "./find";
export { clientKey, CLUSTERS_TTL_MS, NEGATIVE_CACHE_MS, OfferService, offerService, PRICE_TTL_MS, type OfferRef } from "./service";
