/**
 * During `pulumi preview`, inputs that depend on resources not yet created reach check and diff as
 * sentinel strings (@pulumi/pulumi dynamic/index.ts, which passes unknown inputs to check and diff as these sentinels). Validation must let them through and diff must treat them
 * as "may change".
 */
export const UNKNOWN_SENTINELS: readonly string[] = [
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string / any
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // bool
];

export function isUnknown(v: unknown): boolean {
    return typeof v === "string" && UNKNOWN_SENTINELS.includes(v);
}

/** True if the value is, or contains, an unknown. */
export function containsUnknown(v: unknown): boolean {
    if (isUnknown(v)) return true;
    if (Array.isArray(v)) return v.some(containsUnknown);
    if (v && typeof v === "object") return Object.values(v).some(containsUnknown);
    return false;
}

declare const pendingBrand: unique symbol;
/** A value that is, or contains, an unknown: its shape is not known until apply (check passes it through as given). */
export interface Pending {
    readonly [pendingBrand]: true;
}

/** {@link containsUnknown}, as a type guard: a value that is not pending has its checked type. */
export function isPending(v: unknown): v is Pending {
    return containsUnknown(v);
}

/** Checked inputs as preview hands them to check's result and to diff: any field may still be unknown. */
export type Planned<T> = { [K in keyof T]: T[K] | Pending };
