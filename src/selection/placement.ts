/**
 * `placementSatisfies`: does an existing instance's placement still satisfy a (possibly changed)
 * selector? The provider's `diff` asks this to decide between "no replace" and "replace".
 *
 * Only the static properties are judged: the product name, the region list, the billing mode, and —
 * when the caller supplies the product's data — CPU, memory and root-FS limits. Price and stock are NOT
 * re-judged: a running instance is never replaced because its offer's price or stock moved, nor because
 * `maxPricePerHour` changed. Ordering-only fields (`strategy`, `preferredRegion`, the order of `regions`)
 * never matter. `gpuNum` is the caller's to compare (it is an instance property, not a placement one),
 * and `minCudaVersion` cannot be judged here (products carry no CUDA data).
 */
import type { OfferProduct } from "./offers";
import { regionListed } from "./regions";
import { allowsBillingMode, parseSelector, type Selector, type SelectorInput } from "./selector";
import { productNameMatches } from "./names";
import { billingLabel } from "./text";

export interface Placement {
    productId: string;
    productName: string;
    clusterId: string;
    /** The cluster name, e.g. "AS-SGP-02". */
    region: string;
    billingMode: string;
    /** Accepted for convenience and ignored: price is never re-judged. */
    pricePerGpuHour?: number;
    /** The product's current data, when the caller has it: enables the CPU / memory / root-FS checks. */
    product?: Pick<OfferProduct, "cpuPerGpu" | "memoryPerGpu" | "maxRootFS">;
}

export type PlacementVerdict = { ok: true } | { ok: false; /** The selector field that no longer holds. */ field: string; reason: string };

/** Whether `placement` still satisfies `selector` on its static properties (see the module comment). */
export function placementSatisfies(selector: SelectorInput | Selector, placement: Placement): PlacementVerdict {
    const s = parseSelector(selector);
    const where = `${placement.productName} (${placement.productId}) in ${placement.region || placement.clusterId}`;
    const fail = (field: string, reason: string): PlacementVerdict => ({ ok: false, field, reason: `${where}: ${reason}` });

    if (!productNameMatches(s.productName, { id: placement.productId, name: placement.productName })) {
        return fail("productName", `product name does not match productName ${JSON.stringify(s.productName)}`);
    }
    if (!regionListed(s.regions, placement)) {
        return fail("regions", `region ${placement.region || placement.clusterId} is not in regions [${s.regions.join(", ")}]`);
    }
    if (!allowsBillingMode(s.billingMode, placement.billingMode)) {
        return fail("billingMode", `${billingLabel(placement.billingMode)} billing is not allowed by billingMode ${s.billingMode}`);
    }
    const p = placement.product;
    if (p) {
        if (s.minCpuPerGpu !== undefined && p.cpuPerGpu < s.minCpuPerGpu) {
            return fail("minCpuPerGpu", `${p.cpuPerGpu} CPU cores per GPU, fewer than minCpuPerGpu ${s.minCpuPerGpu}`);
        }
        if (s.minMemoryPerGpu !== undefined && p.memoryPerGpu < s.minMemoryPerGpu) {
            return fail("minMemoryPerGpu", `${p.memoryPerGpu} GB memory per GPU, less than minMemoryPerGpu ${s.minMemoryPerGpu} GB`);
        }
        if (s.minRootfsSize !== undefined && p.maxRootFS !== undefined && p.maxRootFS < s.minRootfsSize) {
            return fail("minRootfsSize", `max root FS ${p.maxRootFS} GB is below minRootfsSize ${s.minRootfsSize} GB`);
        }
    }
    return { ok: true };
}
