/**
 * Secrets and unknowns on the wire, and keeping secret values out of anything we print.
 *
 * The program side (the SDK) sends secrets as signature objects `{"4dabf18…": "1b47061…", value}` and, in previews,
 * unknowns as sentinel strings. The dynamic provider answers `acceptSecrets=false`, so the engine hands it
 * plaintext (`KeepSecrets: false`) but keeps the unknown sentinels; on the way back the engine re-marks outputs
 * whose top-level key was secret in the inputs (`annotateSecrets`) and honours `additionalSecretOutputs`.
 */
import { inspect } from "util";
import { RESOURCE_SIG, SECRET_SIG, SIG_KEY, UNKNOWN_SENTINEL } from "./sdk";

export type PropertyMap = Record<string, unknown>;

/** A secret value handed back to the caller (stack outputs). Prints as `[secret]`; `reveal()` gives the value. */
export class Secret<T = unknown> {
    readonly #value: T;
    constructor(value: T) {
        this.#value = value;
    }
    reveal(): T {
        return this.#value;
    }
    toString(): string {
        return "[secret]";
    }
    toJSON(): string {
        return "[secret]";
    }
    [inspect.custom](): string {
        return "[secret]";
    }
}

/** A value not known yet (previews). Prints as `[unknown]`. */
export class Unknown {
    toString(): string {
        return "[unknown]";
    }
    toJSON(): string {
        return "[unknown]";
    }
    [inspect.custom](): string {
        return "[unknown]";
    }
}
export const UNKNOWN: Unknown = Object.freeze(new Unknown());

export function isSecret(value: unknown): value is Secret {
    return value instanceof Secret;
}
/** The plaintext behind a `Secret` (or the value itself). */
export function reveal<T>(value: T | Secret<T>): T {
    return value instanceof Secret ? value.reveal() : value;
}

function isSigObject(value: unknown, sig: string): value is { value?: unknown } & PropertyMap {
    return !!value && typeof value === "object" && (value as PropertyMap)[SIG_KEY] === sig;
}

/**
 * Turns a raw property map from the program (as in a RegisterResourceRequest) into what the engine sends a provider
 * that accepts neither secrets nor resource references: secrets unwrapped to plaintext, resource references
 * downgraded to their id (custom resources) or URN, unknown sentinels kept. Returns the top-level keys that held
 * a secret anywhere inside.
 */
export function toProviderInputs(raw: PropertyMap): { values: PropertyMap; secretKeys: string[] } {
    return splitTopLevel(raw, true);
}

/**
 * Splits wire values (possibly holding secret signatures) into plaintext plus the top-level secret keys. Resource
 * references are kept: these are component and stack values, never sent to a provider.
 */
export function splitSecrets(raw: PropertyMap): { values: PropertyMap; secretKeys: string[] } {
    return splitTopLevel(raw, false);
}

function splitTopLevel(raw: PropertyMap, downgradeRefs: boolean): { values: PropertyMap; secretKeys: string[] } {
    const values: PropertyMap = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(raw)) {
        const found = { secret: false };
        values[key] = unwrap(value, found, downgradeRefs);
        if (found.secret) secretKeys.push(key);
    }
    return { values, secretKeys };
}

function unwrap(value: unknown, found: { secret: boolean }, downgradeRefs: boolean): unknown {
    if (Array.isArray(value)) return value.map((v) => unwrap(v, found, downgradeRefs));
    if (!value || typeof value !== "object") return value;
    if (isSigObject(value, SECRET_SIG)) {
        found.secret = true;
        return unwrap(value.value, found, downgradeRefs);
    }
    if (downgradeRefs && isSigObject(value, RESOURCE_SIG)) {
        if (typeof value.id === "string") return value.id === "" ? UNKNOWN_SENTINEL : value.id;
        return value.urn;
    }
    const out: PropertyMap = {};
    for (const [k, v] of Object.entries(value)) out[k] = unwrap(v, found, downgradeRefs);
    return out;
}

/** Wraps the given top-level keys as secrets for the program (the wire form the SDK understands). */
export function toProgramOutputs(values: PropertyMap, secretKeys: readonly string[]): PropertyMap {
    const out: PropertyMap = { ...values };
    for (const key of secretKeys) {
        if (key in out && out[key] !== undefined) out[key] = { [SIG_KEY]: SECRET_SIG, value: out[key] };
    }
    return out;
}

/**
 * Converts a wire value (stack outputs from RegisterResourceOutputs) into caller-facing values: secret signature
 * objects become `Secret`, unknown sentinels become `UNKNOWN`.
 */
export function toCallerValue(value: unknown): unknown {
    if (value === UNKNOWN_SENTINEL) return UNKNOWN;
    if (Array.isArray(value)) return value.map(toCallerValue);
    if (!value || typeof value !== "object") return value;
    if (isSigObject(value, SECRET_SIG)) return new Secret(toCallerValue(value.value));
    const out: PropertyMap = {};
    for (const [k, v] of Object.entries(value)) out[k] = toCallerValue(v);
    return out;
}

/** True if the value holds Pulumi's unknown sentinel anywhere. */
export function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN_SENTINEL) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}

/** Collects every string (and number) leaf of a value, for redaction. */
export function leafStrings(value: unknown, into: Set<string> = new Set()): Set<string> {
    if (typeof value === "string") into.add(value);
    else if (typeof value === "number" || typeof value === "bigint") into.add(String(value));
    else if (Array.isArray(value)) value.forEach((v) => leafStrings(v, into));
    else if (value && typeof value === "object") Object.values(value).forEach((v) => leafStrings(v, into));
    return into;
}

/**
 * Replaces known secret values in text with `[secret]`, as the Pulumi CLI masks secrets in its output. Values
 * shorter than `minLength` characters are not masked (masking "1" would mangle every message).
 */
export class Redactor {
    private readonly values = new Set<string>();
    constructor(private readonly minLength = 4) {}

    add(value: unknown): void {
        for (const s of leafStrings(value)) if (s.length >= this.minLength && s !== UNKNOWN_SENTINEL) this.values.add(s);
    }

    redact(text: string): string {
        let out = text;
        // Longest first, so a secret containing another secret is masked whole.
        for (const s of [...this.values].sort((a, b) => b.length - a.length)) out = out.split(s).join("[secret]");
        return out;
    }
}
