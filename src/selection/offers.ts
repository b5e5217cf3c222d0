/**
 * Offers and their evaluation against a selector: one product, as listed in one cluster under one
 * billing mode, either becomes a {@link Candidate} or is rejected with human reasons.
 */
import type { Product } from "../api/schemas/responses";
import { allowsBillingMode } from "./selector";
import type { Candidate, Considered, OfferBillingMode, OfferSummary, Rejection, RejectionKind, Selector } from "./types";

export type { Candidate, Considered, OfferSummary, Rejection, RejectionKind };
import { billingLabel, formatPerHour, formatUsd, roundUsd } from "./text";

/** The product fields the ranking reads; a full `Product` from the client fits. */
export type OfferProduct = Pick<
    Product,
    "id" | "name" | "pricePerHour" | "spotPricePerHour" | "availableDeploy" | "inventoryState" | "billingMethods" | "cpuPerGpu" | "memoryPerGpu" | "maxRootFS"
>;

/** One product as seen in one cluster under one billing mode (the `billingMethod` it was listed with). */
export interface Offer {
    product: OfferProduct;
    clusterId: string;
    /** The cluster name, e.g. "AS-SGP-02". */
    region: string;
    /** The region's rank from `resolveRegions` (0 = most preferred). */
    regionRank: number;
    billingMode: OfferBillingMode;
}

/** Sold out when the API says it cannot deploy, or reports no inventory. */
function soldOut(p: OfferProduct): string | undefined {
    if (!p.availableDeploy) return "sold out (availableDeploy: false)";
    if (p.inventoryState === "none") return "sold out (inventory: none)";
    return undefined;
}

/** The per-GPU price of the offer in its billing mode, or why the mode is not offered. */
function priceInMode(offer: Offer): { price: number } | { missing: string } {
    const p = offer.product;
    const listed = p.billingMethods.length === 0 || p.billingMethods.includes(offer.billingMode);
    if (offer.billingMode === "spot") {
        if (p.spotPricePerHour === undefined) return { missing: "spot not offered (no spot price)" };
        if (!listed) return { missing: `spot not offered (billingMethods: ${p.billingMethods.join(", ")})` };
        return { price: p.spotPricePerHour };
    }
    if (!listed) return { missing: `on-demand not offered (billingMethods: ${p.billingMethods.join(", ")})` };
    return { price: p.pricePerHour };
}

/** Evaluates one offer whose product name already matched: a candidate, or every reason it is not. */
export function evaluateOffer(
    selector: Selector,
    offer: Offer,
    options: { ignoreAvailability?: boolean } = {},
): { candidate: Candidate } | { summary: OfferSummary; rejections: Rejection[] } {
    const p = offer.product;
    const rejections: Rejection[] = [];
    const summary: OfferSummary = {
        productId: p.id,
        productName: p.name,
        clusterId: offer.clusterId,
        region: offer.region,
        billingMode: offer.billingMode,
        regionRank: offer.regionRank,
    };
    if (p.inventoryState !== undefined) summary.inventoryState = p.inventoryState;

    if (!allowsBillingMode(selector.billingMode, offer.billingMode)) {
        rejections.push({ kind: "billingModeNotAllowed", message: `${billingLabel(offer.billingMode)} offer, but billingMode is ${selector.billingMode}` });
    }
    const priced = priceInMode(offer);
    if ("missing" in priced) {
        rejections.push({ kind: "billingModeNotOffered", message: priced.missing });
    } else {
        summary.pricePerGpuHour = roundUsd(priced.price);
        summary.pricePerHour = roundUsd(priced.price * selector.gpuNum);
    }
    const sold = options.ignoreAvailability ? undefined : soldOut(p);
    if (sold) rejections.push({ kind: "soldOut", message: sold });

    const max = selector.maxPricePerHour;
    if (max !== undefined && summary.pricePerHour !== undefined && summary.pricePerHour > max) {
        const detail = selector.gpuNum > 1 ? ` (${selector.gpuNum} × ${formatUsd(summary.pricePerGpuHour!)}/GPU-h)` : "";
        rejections.push({
            kind: "overMaxPrice",
            message: `${formatPerHour(summary.pricePerHour)}${detail} is over maxPricePerHour ${formatPerHour(max)}`,
            actual: summary.pricePerHour,
            limit: max,
        });
    }
    if (selector.minCpuPerGpu !== undefined && p.cpuPerGpu < selector.minCpuPerGpu) {
        rejections.push({
            kind: "tooFewCpus",
            message: `${p.cpuPerGpu} CPU cores per GPU, fewer than minCpuPerGpu ${selector.minCpuPerGpu}`,
            actual: p.cpuPerGpu,
            limit: selector.minCpuPerGpu,
        });
    }
    if (selector.minMemoryPerGpu !== undefined && p.memoryPerGpu < selector.minMemoryPerGpu) {
        rejections.push({
            kind: "tooLittleMemory",
            message: `${p.memoryPerGpu} GB memory per GPU, less than minMemoryPerGpu ${selector.minMemoryPerGpu} GB`,
            actual: p.memoryPerGpu,
            limit: selector.minMemoryPerGpu,
        });
    }
    if (selector.minRootfsSize !== undefined && p.maxRootFS !== undefined && p.maxRootFS < selector.minRootfsSize) {
        rejections.push({
            kind: "rootfsTooSmall",
            message: `max root FS ${p.maxRootFS} GB is below minRootfsSize ${selector.minRootfsSize} GB`,
            actual: p.maxRootFS,
            limit: selector.minRootfsSize,
        });
    }
    if (rejections.length > 0) return { summary, rejections };
    return { candidate: { ...summary, pricePerGpuHour: summary.pricePerGpuHour!, pricePerHour: summary.pricePerHour! } };
}
