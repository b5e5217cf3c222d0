/**
 * Provider configuration, held per provider process. `configure()` receives the stack config from the
 * engine (`novita:apiKey` — a secret, delivered decrypted —, `novita:baseUrl`, `novita:timeScale`,
 * `novita:requestTimeout`); anything missing falls back to `NOVITA_API_KEY` / `NOVITA_BASE_URL` /
 * `NOVITA_TIME_SCALE` / `NOVITA_REQUEST_TIMEOUT`, read at call time. Nothing here is ever captured into
 * the serialized provider. How the values are resolved: ./settings.ts, shared with the functions.
 */
import { NovitaClient } from "../api/client";
import { clientOptions, readSettings, resolveRequestTimeoutMs, resolveTimeScale, type NovitaSettings } from "./settings";

/** The part of Pulumi's dynamic-provider `Config` we use (keys with a `:` are taken as they are). */
export interface ConfigSource {
    get(key: string): string | undefined;
}

const KEY = Symbol.for("pulumi-novita.providerSettings");
type Holder = { [KEY]?: NovitaSettings };

/** Called by the shim's `configure` (once per serialized provider text per process). */
export async function configure(req: { config: ConfigSource }): Promise<void> {
    (globalThis as Holder)[KEY] = readSettings((k) => req.config.get(k));
    clientCache = undefined;
}

function settings(): NovitaSettings {
    return (globalThis as Holder)[KEY] ?? {};
}

/** Real seconds per API second: 1 against Novita, e.g. 0.001 against a time-scaled simulator. */
export function timeScale(): number {
    return resolveTimeScale(settings());
}

/** Per-attempt HTTP timeout in real milliseconds (./settings.ts `resolveRequestTimeoutMs`). */
export function requestTimeoutMs(): number | undefined {
    return resolveRequestTimeoutMs(settings());
}

let clientCache: { key: string; client: NovitaClient } | undefined;

/** A client for the current settings (built lazily, reused while the settings stay the same). */
export function getClient(): NovitaClient {
    const o = clientOptions(settings(), "novita provider");
    const { apiKey } = o;
    const key = JSON.stringify([apiKey.length, apiKey.slice(-4), o.baseUrl, o.timeScale, o.debug, o.timeoutMs, o.baseUrlSource, o.apiKeySource, o.authHelp]);
    if (!clientCache || clientCache.key !== key || clientCache.client.config.apiKey !== apiKey) {
        clientCache = { key, client: new NovitaClient(o) };
    }
    return clientCache.client;
}
