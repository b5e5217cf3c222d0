/**
 * How responses are read: strict on what we send (./requests.ts), tolerant on what we read. The tolerance
 * rules, written once here and used by every response schema (sources of each shape:
 * docs/novita-api-notes.md#typing-quirks):
 *
 *   1. Numbers arrive as JSON numbers or numeric strings (`"35000"`); `""`, `null` and absence mean "not set".
 *   2. Enums are open: a string is kept as it came, known or not (a status, port type, billing mode, spot
 *      status or kind this package does not know is not an error); a number becomes its string; `""` and
 *      `null` mean "not set".
 *   3. Ids are strings; a numeric id becomes its string; `null` and `""` mean "none".
 *   4. `Id` and `id` are one key: the API spells it both ways (`withId`).
 *   5. Lists may be absent or `null` (= empty). Each item of a top-level list is read on its own (`itemList`):
 *      an item that cannot be understood is skipped and reported (`skipped`, with its id and name when those
 *      parse), never the whole list failed. Items of nested lists (ports, envs, mounts) that cannot be read
 *      are dropped (`looseList`).
 *   6. In an item, a field that does not parse is dropped (`lenient`: `undefined` or a neutral default),
 *      unless the item cannot be used without it (its id; a product's price) — then rule 5 skips the item.
 *   7. Unknown fields are ignored.
 *   8. Timestamps are Unix seconds, string or number; `"0"`, `"-1"`, `""` mean "not set".
 *   9. Booleans are JSON booleans or `"true"`/`"false"` in any case.
 */
import { z } from "zod";
import type { OpenEnum } from "../wire-types";

const NUMERIC = /^-?\d+(\.\d+)?$/;
const unset = (v: unknown): v is "" | null | undefined => v === "" || v === null || v === undefined;

/** Rule 1: a number that the API may send as a JSON number or as a numeric string (`"35000"`). */
export const numeric = z.union([
    z.number(),
    z.string().trim().regex(NUMERIC, { message: "expected a number or numeric string" }).transform(Number),
]);

/** Rule 1: like {@link numeric}, but `""`, `null` and absence become `undefined`. Anything else fails. */
export const optionalNumeric = z
    .union([numeric, z.literal(""), z.null()])
    .optional()
    .transform((v) => (v === "" || v === null ? undefined : v));

/** A string that may be absent, `null` or `""`; all three normalise to `undefined`. */
export const optionalString = z
    .string()
    .nullish()
    .transform((v) => (v === "" || v === null ? undefined : v));

/** Rule 3: an id; numbers become strings, `null`/`""`/absence `undefined`. */
export const optionalId = z
    .union([z.string(), z.number().transform(String)])
    .nullish()
    .transform((v) => (unset(v) ? undefined : v));

/** Rule 3: an id the item cannot be used without (fails on `null`, `""` or absence). */
export const requiredId = z.union([z.string().trim().min(1, { message: "is empty" }), z.number().transform(String)]);

/** Rule 2: an open enum; unknown values are kept as strings. `values` documents the known ones (and types them). */
export function openEnum<const T extends readonly [string, ...string[]]>(_values: T) {
    return z
        .union([z.string(), z.number().transform(String)])
        .nullish()
        .transform((v): OpenEnum<T[number]> | undefined => (unset(v) ? undefined : v))
        .catch(undefined);
}

/**
 * Rule 8: Unix seconds (string or number) → Date. `"0"`, `"-1"`, `""` and absence mean "not set" → `undefined`
 * (`endTime: "-1"` is pay-as-you-go, `spotReclaimTime: "0"` is "not started").
 */
export const unixSeconds = z
    .union([numeric, z.literal(""), z.null()])
    .optional()
    .transform((v) => (typeof v === "number" && v > 0 ? new Date(v * 1000) : undefined))
    .catch(undefined);

/** Rule 9: a boolean, or `"true"`/`"false"` in any case. */
export const bool = z.union([
    z.boolean(),
    z
        .string()
        .trim()
        .regex(/^(true|false)$/i, { message: "expected a boolean" })
        .transform((s) => s.toLowerCase() === "true"),
]);

/** Rule 9: a boolean that may be absent; absent (or unreadable) → `undefined`. */
export const optionalBoolean = bool.nullish().transform((v) => v ?? undefined).catch(undefined);

/** Rule 6: a field whose unreadable value is dropped (`undefined`) instead of failing its item. */
export function lenient<T extends z.ZodType>(schema: T) {
    return schema.optional().catch(undefined);
}

/** Rule 6: a field whose unreadable or absent value reads as `fallback`. */
export function withDefault<T extends z.ZodType>(schema: T, fallback: z.output<T>) {
    return schema.catch(fallback);
}

/** A string field that is never absent: numbers become strings, anything unreadable `""`. */
export const text = z
    .union([z.string(), z.number().transform(String)])
    .nullish()
    .transform((v) => v ?? "")
    .catch("");

/** Rule 5 (nested lists): absent, `null` or not an array → `[]`; elements that cannot be read are dropped. */
export function looseList<T extends z.ZodType>(item: T) {
    return z
        .unknown()
        .optional()
        .transform((v): z.output<T>[] => {
            if (!Array.isArray(v)) return [];
            const out: z.output<T>[] = [];
            for (const x of v) {
                const r = item.safeParse(x);
                if (r.success) out.push(r.data);
            }
            return out;
        });
}

/** An array that the API may omit or send as `null`; normalised to `[]`. Every element must parse. */
export function list<T extends z.ZodType>(item: T) {
    return z
        .array(item)
        .nullish()
        .transform((v) => v ?? []);
}

/** Rule 4: an object whose id the API spells `Id` or `id`: both keys are filled from whichever came. */
export function withId<T extends z.ZodType>(schema: T) {
    return z.preprocess((v) => {
        if (!v || typeof v !== "object" || Array.isArray(v)) return v;
        const o = v as Record<string, unknown>;
        if (unset(o.id) && !unset(o.Id)) return { ...o, id: o.Id };
        if (unset(o.Id) && !unset(o.id)) return { ...o, Id: o.id };
        return o;
    }, schema);
}

/** One item of a top-level list that could not be understood (rule 5). */
export interface SkippedItem {
    /** Position in the list as received. */
    index: number;
    /** Its id and name, when those parse (a skipped item may still be the one looked for). */
    id?: string;
    name?: string;
    /** Dotted path of the first field that did not parse inside the item (`""`: the item itself). */
    field: string;
    message: string;
}

export interface ItemList<T> {
    items: T[];
    skipped: SkippedItem[];
}

const idOf = (o: Record<string, unknown>) => {
    const v = unset(o.id) ? o.Id : o.id;
    return typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined;
};

/**
 * Rule 5 (top-level lists): absent or `null` → no items; each element parsed on its own; the ones that fail are
 * reported in `skipped` with the field that failed. A value that is not a list at all fails the response.
 */
export function itemList<T extends z.ZodType>(item: T) {
    return z.unknown().optional().transform((v, ctx): ItemList<z.output<T>> => {
        if (v === undefined || v === null) return { items: [], skipped: [] };
        if (!Array.isArray(v)) {
            ctx.addIssue({ code: "custom", message: "expected a list" });
            return z.NEVER;
        }
        const items: z.output<T>[] = [];
        const skipped: SkippedItem[] = [];
        v.forEach((x, index) => {
            const r = item.safeParse(x);
            if (r.success) return void items.push(r.data);
            const o = x && typeof x === "object" && !Array.isArray(x) ? (x as Record<string, unknown>) : {};
            const issue = r.error.issues[0];
            skipped.push({
                index,
                id: idOf(o),
                name: typeof o.name === "string" ? o.name : undefined,
                field: issue?.path.map(String).join(".") ?? "",
                message: issue?.message ?? "unreadable",
            });
        });
        return { items, skipped };
    });
}
