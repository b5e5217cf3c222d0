/**
 * Small pure text helpers shared by the selection modules: region spellings and price formatting for
 * human messages (product names: ./names.ts).
 */

/** "AS-SGP-02 (Singapore)" → "AS-SGP-02": the display form products use in `regions` (docs/novita-api-notes.md#products). */
export function stripRegionDisplay(region: string): string {
    return region.replace(/\s*\([^)]*\)\s*$/, "").trim();
}

/** Case-insensitive comparison token of a region id or name, display suffix removed. */
export function regionToken(region: string): string {
    return stripRegionDisplay(region).toLowerCase();
}

/** Rounds USD to the API's own precision (1e-5) so sums and products carry no float dust. */
export function roundUsd(usd: number): number {
    return Math.round(usd * 100_000) / 100_000;
}

/** "$0.35", "$0.345", "$1.00": two decimals, more only when the price has them (up to 5). */
export function formatUsd(usd: number): string {
    const fixed = roundUsd(usd).toFixed(5).replace(/0{1,3}$/, "");
    return `$${fixed}`;
}

/** "$0.78/h", the price of a whole instance per hour. */
export function formatPerHour(usd: number): string {
    return `${formatUsd(usd)}/h`;
}

/** Human name of a billing mode. */
export function billingLabel(mode: string): string {
    return mode === "onDemand" ? "on-demand" : mode;
}

/** "a, b, c and 2 more". */
export function shortList(items: readonly string[], max = 3): string {
    if (items.length <= max) return items.join(", ");
    return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}
