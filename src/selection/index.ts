/**
 * Product selection: pure ranking of GPU products × regions × billing modes. No I/O — the caller
 * fetches clusters and products and passes them in.
 */
export { SelectionError, UnknownRegionError, NoEligibleProductError, type FieldIssue, type Suggestion } from "./errors";
export { DEFAULT_REGIONS, orderRegions, resolveRegions, regionListed, type ResolvedRegion } from "./regions";
export {
    SELECTION_BILLING_MODES,
    STRATEGIES,
    selectorSchema,
    parseSelector,
    allowsBillingMode,
    type Selector,
    type SelectorInput,
    type SelectionBillingMode,
    type OfferBillingMode,
    type Strategy,
} from "./selector";
export {
    evaluateOffer,
    type Offer,
    type OfferProduct,
    type Candidate,
    type Considered,
    type OfferSummary,
    type Rejection,
    type RejectionKind,
} from "./offers";
export { ORDER, billingTier, compareCandidates, whyLower, type OrderKeyName } from "./order";
export { rankOffers, type Ranking, type RankOptions } from "./rank";
export { explainNoMatch } from "./explain";
export { placementSatisfies, type Placement, type PlacementVerdict } from "./placement";
export { narrowToCluster, narrowedNoMatch, type ClusterPin } from "./narrow";
export { selectorKey } from "./key";
export { closestKeys, unknownPropertyMessage } from "./unknown-keys";
export {
    normaliseProductName,
    productNameMatch,
    productNameMatches,
    matchingProducts,
    productModel,
    suggestProductNames,
    NAME_RULE,
    type NameMatchKind,
} from "./names";
