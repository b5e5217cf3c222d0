/**
 * Zod building blocks for the quirks of the Novita v1 wire format (novita-api.md §1.7):
 * numbers that arrive as numeric strings, `""` where an enum or object is absent, and
 * timestamps as Unix seconds in a string. Each helper accepts every observed spelling and
 * yields one normalised type.
 */
import { z } from "zod";

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** A number that the API may send as a JSON number or as a numeric string (`"35000"`). */
export const numeric = z.union([
    z.number(),
    z.string().trim().regex(NUMERIC, { message: "expected a number or numeric string" }).transform(Number),
]);

/** Like {@link numeric}, but `""`, `null` and absence become `undefined`. */
export const optionalNumeric = z
    .union([numeric, z.literal(""), z.null()])
    .optional()
    .transform((v) => (v === "" || v === null ? undefined : v));

/** A string that may be absent, `null` or `""`; all three normalise to `undefined`. */
export const optionalString = z
    .string()
    .nullish()
    .transform((v) => (v === "" || v === null ? undefined : v));

/** An enum the API sometimes sends as `""` (e.g. `billingMode: ""`, `spotStatus: ""`). Unknown values are kept as strings. */
export function lenientEnum<const T extends readonly [string, ...string[]]>(values: T) {
    return z
        .string()
        .nullish()
        .transform((v): T[number] | (string & {}) | undefined => (v === "" || v === null ? undefined : v));
}

/**
 * Unix seconds (string or number) → Date. `"0"`, `"-1"`, `""` and absence mean "not set" → `undefined`
 * (`endTime: "-1"` is pay-as-you-go, `spotReclaimTime: "0"` is "not started").
 */
export const unixSeconds = z
    .union([numeric, z.literal(""), z.null()])
    .optional()
    .transform((v) => (typeof v === "number" && v > 0 ? new Date(v * 1000) : undefined));

/** An array that the API may omit or send as `null`; normalised to `[]`. */
export function list<T extends z.ZodType>(item: T) {
    return z
        .array(item)
        .nullish()
        .transform((v) => v ?? []);
}

/** A boolean that may be absent; absent → `undefined`. */
export const optionalBoolean = z.boolean().nullish().transform((v) => v ?? undefined);
