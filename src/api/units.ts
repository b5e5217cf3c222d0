/**
 * The one place that converts Novita's price units. Product prices arrive as integers (or numeric
 * strings) in 1/100 000 USD per GPU-hour: "35000" is $0.35/h (docs/novita-api-notes.md#price-units).
 */
export const PRICE_UNITS_PER_USD = 100_000;

/** API price units → USD per GPU-hour, rounded to the unit's own precision (no float dust). */
export function unitsToUsd(units: number): number {
    return Math.round(units) / PRICE_UNITS_PER_USD;
}

/** USD per GPU-hour → API price units (used by the simulator to encode its catalogue). */
export function usdToUnits(usd: number): number {
    return Math.round(usd * PRICE_UNITS_PER_USD);
}
