/**
 * How Pulumi writes values it cannot or must not show, in `pulumi preview --json` and `pulumi stack export`:
 *   - unknown (computed) values: the string "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
 *     (pkg/resource/stack/deployment.go, computedValuePlaceholder);
 *   - secrets in a preview: the string "[secret]" (pkg/backend/display/json.go, massagePropertyValue);
 *   - secrets in a state export: {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
 *     "ciphertext": …} — or "plaintext" with --show-secrets (sdk/go/common/apitype/core.go, SecretV1).
 * Anything hidden is reported as such, never read: a secret's plaintext is never looked at.
 */
export const UNKNOWN_PLACEHOLDER = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const SECRET_MARKER = "[secret]";
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type Hidden = { hidden: "unknown" | "secret" };
export const UNKNOWN: Hidden = Object.freeze({ hidden: "unknown" as const });
export const SECRET: Hidden = Object.freeze({ hidden: "secret" as const });

export function isHidden(v: unknown): v is Hidden {
    return v === UNKNOWN || v === SECRET;
}

function isSecretObject(v: unknown): boolean {
    return !!v && typeof v === "object" && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** `UNKNOWN`/`SECRET` for a hidden value, else the value itself. */
export function reveal(v: unknown): unknown {
    if (v === UNKNOWN_PLACEHOLDER) return UNKNOWN;
    if (v === SECRET_MARKER || isSecretObject(v)) return SECRET;
    return v;
}

/** The first hidden value anywhere inside `v` (secrets win over unknowns), or undefined. */
export function hiddenInside(v: unknown): Hidden | undefined {
    const top = reveal(v);
    if (isHidden(top)) return top;
    if (!v || typeof v !== "object") return undefined;
    let found: Hidden | undefined;
    for (const x of Object.values(v)) {
        const h = hiddenInside(x);
        if (h === SECRET) return SECRET;
        found ??= h;
    }
    return found;
}

/** A string field: the string, `UNKNOWN`/`SECRET`, or undefined when absent or not a string. */
export function stringField(o: Record<string, unknown> | undefined, key: string): string | Hidden | undefined {
    const v = reveal(o?.[key]);
    return isHidden(v) || typeof v === "string" ? v : undefined;
}

/** A number field (numeric strings accepted): the number, `UNKNOWN`/`SECRET`, or undefined. */
export function numberField(o: Record<string, unknown> | undefined, key: string): number | Hidden | undefined {
    const v = reveal(o?.[key]);
    if (isHidden(v)) return v;
    const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/** Text for a possibly hidden value: "(unknown until apply)", "[secret]", or the value. */
export function show(v: string | number | Hidden | undefined, absent = "—"): string {
    if (v === UNKNOWN) return "(unknown until apply)";
    if (v === SECRET) return SECRET_MARKER;
    return v === undefined ? absent : String(v);
}
