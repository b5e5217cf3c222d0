/**
 * Redaction: debug lines and error messages may quote what the API said, and the API may quote what
 * we sent. Every value in `secrets` (API key, registry passwords, `imageAuth`, env values) is replaced
 * by `[REDACTED]` before text leaves the client.
 */
export const REDACTED = "[REDACTED]";

/** Values shorter than this are not scrubbed: redacting "1" or "a" would mangle every message. */
const MIN_SECRET_LENGTH = 4;

export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
    let out = text;
    const values = secrets
        .filter((s): s is string => typeof s === "string" && s.length >= MIN_SECRET_LENGTH)
        .sort((a, b) => b.length - a.length);
    for (const s of values) out = out.split(s).join(REDACTED);
    return out;
}

/** Header names whose values are never shown. */
const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"]);
/** Body keys whose values are never shown, at any depth. `envs[].value` is handled by `redactObject`. */
const SECRET_KEYS = new Set(["password", "imageauth", "apikey", "token", "secret"]);

export function redactHeaders(headers: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, SECRET_HEADERS.has(k.toLowerCase()) ? REDACTED : v]));
}

/** A deep copy with passwords, `imageAuth` and every env `value` replaced (for debug dumps of bodies). */
export function redactObject(value: unknown, parentKey = ""): unknown {
    if (Array.isArray(value)) return value.map((v) => redactObject(v, parentKey));
    if (value && typeof value === "object") {
        const inEnvs = parentKey === "envs";
        return Object.fromEntries(
            Object.entries(value as Record<string, unknown>).map(([k, v]) => [
                k,
                SECRET_KEYS.has(k.toLowerCase()) || (inEnvs && k === "value") ? REDACTED : redactObject(v, k),
            ]),
        );
    }
    return value;
}

/** Secret values inside a request body: what `scrub` must remove from anything derived from that request. */
export function secretsOf(body: unknown): string[] {
    const found: string[] = [];
    const walk = (v: unknown, parentKey: string): void => {
        if (Array.isArray(v)) return v.forEach((x) => walk(x, parentKey));
        if (!v || typeof v !== "object") return;
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
            if (typeof x === "string" && (SECRET_KEYS.has(k.toLowerCase()) || (parentKey === "envs" && k === "value"))) {
                found.push(x);
                // imageAuth is "username:password": the password alone must not leak either.
                if (k.toLowerCase() === "imageauth" && x.includes(":")) found.push(x.slice(x.indexOf(":") + 1));
            } else walk(x, k);
        }
    };
    walk(body, "");
    return found;
}
