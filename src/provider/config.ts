/**
 * Provider configuration, held per provider process. `configure()` receives the stack config from the
 * engine (`novita:apiKey` — a secret, delivered decrypted —, `novita:baseUrl`, `novita:timeScale`,
 * `novita:requestTimeout`); anything missing falls back to `NOVITA_API_KEY` / `NOVITA_BASE_URL` /
 * `NOVITA_TIME_SCALE` / `NOVITA_REQUEST_TIMEOUT`, read at call time. Nothing here is ever captured into
 * the serialized provider.
 */
import { NovitaClient } from "../api/client";
import { NovitaValidationError } from "../api/errors";
import { isDuration, parseDuration } from "./duration";
import { clientLabels, originOf } from "./labels";

/** The part of Pulumi's dynamic-provider `Config` we use (keys with a `:` are taken as they are). */
export interface ConfigSource {
    get(key: string): string | undefined;
}

interface Settings {
    apiKey?: string;
    baseUrl?: string;
    timeScale?: string;
    requestTimeout?: string;
    debug?: string;
}

const KEY = Symbol.for("pulumi-novita.providerSettings");
type Holder = { [KEY]?: Settings };

/** Called by the shim's `configure` (once per serialized provider text per process). */
export async function configure(req: { config: ConfigSource }): Promise<void> {
    const c = req.config;
    (globalThis as Holder)[KEY] = {
        apiKey: c.get("novita:apiKey") || undefined,
        baseUrl: c.get("novita:baseUrl") || undefined,
        timeScale: c.get("novita:timeScale") || undefined,
        requestTimeout: c.get("novita:requestTimeout") || undefined,
        debug: c.get("novita:debug") || undefined,
    };
    clientCache = undefined;
}

function settings(): Settings {
    return (globalThis as Holder)[KEY] ?? {};
}

/** Real seconds per API second: 1 against Novita, e.g. 0.001 against a time-scaled simulator. */
export function timeScale(): number {
    const raw = settings().timeScale ?? process.env.NOVITA_TIME_SCALE;
    const n = raw === undefined ? 1 : Number(raw);
    if (!Number.isFinite(n) || n <= 0) {
        throw new NovitaValidationError("novita provider", [{ field: "novita:timeScale", message: "must be a positive number" }]);
    }
    return n;
}

/**
 * Per-attempt HTTP timeout in real milliseconds (a duration like "30s"; default: the client's 30 s).
 * Not time-scaled: it bounds network time, which a time-scaled simulator does not shorten.
 */
export function requestTimeoutMs(): number | undefined {
    const raw = settings().requestTimeout ?? process.env.NOVITA_REQUEST_TIMEOUT;
    if (raw === undefined || raw === "") return undefined;
    if (!isDuration(raw) || parseDuration(raw) <= 0) {
        throw new NovitaValidationError("novita provider", [{ field: "novita:requestTimeout", message: 'must be a duration like "30s" or "500ms"' }]);
    }
    return parseDuration(raw);
}

let clientCache: { key: string; client: NovitaClient } | undefined;

/** A client for the current settings (built lazily, reused while the settings stay the same). */
export function getClient(): NovitaClient {
    const s = settings();
    const apiKey = s.apiKey ?? process.env.NOVITA_API_KEY;
    const baseUrl = s.baseUrl ?? process.env.NOVITA_BASE_URL;
    if (!apiKey) {
        throw new NovitaValidationError("novita provider", [
            { field: "novita:apiKey", message: "is not set: run `pulumi config set --secret novita:apiKey <key>` or export NOVITA_API_KEY" },
        ]);
    }
    const scale = timeScale();
    const debug = s.debug ?? process.env.NOVITA_DEBUG;
    const timeoutMs = requestTimeoutMs();
    // Errors name the setting that chose the host and the one that holds the key (src/provider/labels.ts).
    const labels = clientLabels({ apiKey: s.apiKey !== undefined ? "config" : "env", baseUrl: originOf(s.baseUrl, baseUrl), inProvider: true });
    const key = JSON.stringify([apiKey.length, apiKey.slice(-4), baseUrl, scale, debug, timeoutMs, labels]);
    if (!clientCache || clientCache.key !== key || clientCache.client.config.apiKey !== apiKey) {
        clientCache = {
            key,
            client: new NovitaClient({
                apiKey, baseUrl, timeScale: scale, timeoutMs, debug: debug !== undefined ? /^(1|true|yes|on)$/i.test(debug) : undefined, ...labels,
            }),
        };
    }
    return clientCache.client;
}
