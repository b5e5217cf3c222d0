/**
 * What every resource model (./gpu-instance/model.ts, ./network-storage/model.ts, ./registry-auth-model.ts) is made
 * of: a guard per field, and the parse that turns a property map the engine hands the provider (check's result as
 * diff, create and update get it; the stored outputs as diff, update, read and delete get them) into the model's
 * type once, at the provider's entry point, or fails naming the fields that do not fit.
 */
import { isPending, type Planned } from "./unknowns";

/** Keys the engine keeps in every property map of a dynamic resource (the provider text). */
export type EngineKeys = { __provider?: unknown };

/** One guard per field of `T`; an optional field's guard accepts `undefined`. */
export type Guards<T> = { [K in keyof T]-?: (v: unknown) => v is T[K] };

/** True when A and B are the same type (for compile-time checks that a model and its key table agree). */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const isString = (v: unknown): v is string => typeof v === "string";
export const isNumber = (v: unknown): v is number => typeof v === "number";
export const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
export const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
export const isArray = (v: unknown): v is unknown[] => Array.isArray(v);

export function optional<T>(guard: (v: unknown) => v is T): (v: unknown) => v is T | undefined {
    return (v): v is T | undefined => v === undefined || guard(v);
}

export function oneOf<const T extends readonly string[]>(values: T): (v: unknown) => v is T[number] {
    return (v): v is T[number] => typeof v === "string" && values.includes(v);
}

export function arrayOf<T>(guard: (v: unknown) => v is T): (v: unknown) => v is T[] {
    return (v): v is T[] => Array.isArray(v) && v.every(guard);
}

/** An object with (at least) these fields. */
export function shaped<T>(guards: Guards<T>): (v: unknown) => v is T {
    return (v): v is T => isRecord(v) && Object.entries(guards).every(([k, guard]) => (guard as (x: unknown) => boolean)(v[k]));
}

/** The fields that do not fit: a pending value fits only where it is allowed (it would pass a string's guard). */
function misfits<T>(raw: Record<string, unknown>, guards: Guards<T>, pendingAllowed: boolean): string[] {
    const fits = (k: string, guard: unknown) => (isPending(raw[k]) ? pendingAllowed : (guard as (x: unknown) => boolean)(raw[k]));
    return Object.entries(guards)
        .filter(([k, guard]) => !fits(k, guard))
        .map(([k]) => k);
}

function conforms<T>(raw: Record<string, unknown>, guards: Guards<T>): raw is Record<string, unknown> & T {
    return misfits(raw, guards, false).length === 0;
}

function conformsPlanned<T>(raw: Record<string, unknown>, guards: Guards<T>): raw is Record<string, unknown> & Planned<T> {
    return misfits(raw, guards, true).length === 0;
}

function refuse(raw: Record<string, unknown>, misfit: string[], what: string): never {
    const kind = (v: unknown) => (v === undefined ? "missing" : isPending(v) ? "unknown until apply" : Array.isArray(v) ? "a list" : typeof v);
    const shown = misfit.map((k) => `${k} (${kind(raw[k])})`);
    // Keys and kinds only: values may be secret.
    throw new Error(`${what} do not have the form this provider writes: ${shown.join(", ")}`);
}

/** `raw` as `T`, or an error naming each field that does not fit. Preview's unknowns do not fit: use {@link parsePlanned}. */
function parse<T>(raw: Record<string, unknown> | undefined, guards: Guards<T>, what: string): T & EngineKeys {
    const props = raw ?? {};
    return conforms(props, guards) ? props : refuse(props, misfits(props, guards, false), what);
}

/** `raw` as `T` where any field may still be unknown (check's result and diff's new inputs in a preview). */
function parsePlanned<T>(raw: Record<string, unknown>, guards: Guards<T>, what: string): Planned<T> & EngineKeys {
    return conformsPlanned(raw, guards) ? raw : refuse(raw, misfits(raw, guards, true), what);
}

/** A resource model's parses, from its guards for the checked inputs (`I`) and for the stored outputs (`S`). */
export function modelParsers<I, S>(resource: string, checked: Guards<I>, stored: Guards<S>) {
    return {
        /** check()'s result as check's own follow-up and diff get it: a preview's unknowns pass as they are. */
        parsePlannedInputs: (raw: Record<string, unknown>): Planned<I> & EngineKeys => parsePlanned(raw, checked, `${resource} checked inputs`),
        /** check()'s result as create and update get it: every value known. */
        parseInputs: (raw: Record<string, unknown>): I & EngineKeys => parse(raw, checked, `${resource} checked inputs`),
        /**
         * The stored outputs (diff's and update's olds, read's and delete's props). A top-level `null` reads as absent:
         * outputs cannot carry `undefined`, so `null` is how a state (ours or one edited by hand) says "no value", and a
         * `pulumi destroy` must not fail on it.
         */
        parseStored: (raw: Record<string, unknown> | undefined): S & EngineKeys => parse(withoutNulls(raw), stored, `${resource} stored outputs`),
        /**
         * The stored outputs as delete gets them: a field that does not fit is left out (and named on stderr), never a
         * reason to fail, so that a `pulumi destroy` never stops on the shape of a state — delete needs little of it.
         */
        parseStoredForDelete: (raw: Record<string, unknown> | undefined): S & EngineKeys => {
            const props = withoutNulls(raw) ?? {};
            const misfit = misfits(props, stored, false);
            if (misfit.length === 0) return parse(props, stored, `${resource} stored outputs`);
            process.stderr.write(`[novita] ${resource} delete: ignoring stored outputs not of the form this provider writes: ${misfit.join(", ")}\n`);
            return parse(Object.fromEntries(Object.entries(props).filter(([k]) => !misfit.includes(k))), stored, `${resource} stored outputs`);
        },
    };
}

function withoutNulls(raw: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
    if (!raw || !Object.values(raw).includes(null)) return raw;
    return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null));
}

/** `o` without its `undefined` fields (a Struct cannot carry them), in place. */
export function compact<T extends object>(o: T): T {
    for (const [k, v] of Object.entries(o)) if (v === undefined) Reflect.deleteProperty(o, k);
    return o;
}
