/**
 * `selectorKey`: a canonical string for memoising selection results. Selectors that select the same
 * way give the same key: defaults applied, keys sorted, product names compared the way matching
 * compares them, regions in effective order (preferredRegion applied, case and display form ignored).
 */
import { parseSelector, type Selector, type SelectorInput } from "./selector";
import { normaliseProductName } from "./names";
import { regionToken } from "./text";

function canonical(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
    }
    return JSON.stringify(value);
}

/** Canonical key of a selector (validated first; throws SelectionError when invalid). */
export function selectorKey(selector: SelectorInput | Selector): string {
    const s = parseSelector(selector);
    const { preferredRegion: _applied, ...rest } = s; // already folded into `regions`
    return `selector/v1:${canonical({
        ...rest,
        productName: normaliseProductName(s.productName),
        regions: s.regions.map(regionToken),
        minCudaVersion: s.minCudaVersion?.trim(),
    })}`;
}
