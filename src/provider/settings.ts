/**
 * The one resolver of Novita settings for code that runs under Pulumi: the provider process (stack config handed
 * to `configure()`, src/provider/config.ts) and the functions that run in the program process (stack config read
 * with `pulumi.runtime.getConfig`, src/functions/get-optimal-product.ts). Both read the same keys — `novita:apiKey`,
 * `novita:baseUrl`, `novita:timeScale`, `novita:requestTimeout`, `novita:debug` — with the same fallbacks
 * (`NOVITA_API_KEY`, `NOVITA_BASE_URL`, `NOVITA_TIME_SCALE`, `NOVITA_REQUEST_TIMEOUT`, `NOVITA_DEBUG`, read at call
 * time), the same validation (errors name the `novita:` key) and the same defaults. The command-line tool has its
 * own flags and messages (src/command/settings.ts).
 */
import type { NovitaClientOptions } from "../api/config";
import { NovitaValidationError } from "../api/errors";
import { isDuration, parseDuration } from "./duration";
import { clientLabels, originOf } from "./labels";

/** The raw `novita:*` values from stack config (empty strings count as unset). */
export interface NovitaSettings {
    apiKey?: string;
    baseUrl?: string;
    timeScale?: string;
    requestTimeout?: string;
    debug?: string;
}

/** Reads the `novita:*` keys through `get` (a dynamic provider's `Config.get`, or `pulumi.runtime.getConfig`). */
export function readSettings(get: (key: string) => string | undefined): NovitaSettings {
    return {
        apiKey: get("novita:apiKey") || undefined,
        baseUrl: get("novita:baseUrl") || undefined,
        timeScale: get("novita:timeScale") || undefined,
        requestTimeout: get("novita:requestTimeout") || undefined,
        debug: get("novita:debug") || undefined,
    };
}

/** Who is being configured, as validation errors name it. */
export type SettingsUser = "novita provider" | "getOptimalProduct";

/** Real seconds per API second: 1 against Novita, e.g. 0.001 against a time-scaled simulator. */
export function resolveTimeScale(s: NovitaSettings, who: SettingsUser = "novita provider", env: NodeJS.ProcessEnv = process.env): number {
    const raw = s.timeScale ?? env.NOVITA_TIME_SCALE;
    const n = raw === undefined ? 1 : Number(raw);
    if (!Number.isFinite(n) || n <= 0) {
        throw new NovitaValidationError(who, [{ field: "novita:timeScale", message: "must be a positive number" }]);
    }
    return n;
}

/**
 * Per-attempt HTTP timeout in real milliseconds (a duration like "30s"; default: the client's 30 s).
 * Not time-scaled: it bounds network time, which a time-scaled simulator does not shorten.
 */
export function resolveRequestTimeoutMs(s: NovitaSettings, who: SettingsUser = "novita provider", env: NodeJS.ProcessEnv = process.env): number | undefined {
    const raw = s.requestTimeout ?? env.NOVITA_REQUEST_TIMEOUT;
    if (raw === undefined || raw === "") return undefined;
    if (!isDuration(raw) || parseDuration(raw) <= 0) {
        throw new NovitaValidationError(who, [{ field: "novita:requestTimeout", message: 'must be a duration like "30s" or "500ms"' }]);
    }
    return parseDuration(raw);
}

/**
 * The NovitaClient options for these settings; every error is raised here, before any request. `inProvider`: the
 * provider process, whose key `pulumi refresh`/`destroy` take from the config saved in state (its 401/403 help says so).
 */
export function clientOptions(
    s: NovitaSettings,
    who: SettingsUser,
    env: NodeJS.ProcessEnv = process.env,
): NovitaClientOptions & { apiKey: string; timeScale: number } {
    const apiKey = s.apiKey ?? env.NOVITA_API_KEY;
    if (!apiKey) {
        throw new NovitaValidationError(who, [
            { field: "novita:apiKey", message: "is not set: run `pulumi config set --secret novita:apiKey <key>` or export NOVITA_API_KEY" },
        ]);
    }
    const timeScale = resolveTimeScale(s, who, env);
    const timeoutMs = resolveRequestTimeoutMs(s, who, env);
    const debug = s.debug ?? env.NOVITA_DEBUG;
    // Errors name the setting that chose the host and the one that holds the key (./labels.ts).
    const labels = clientLabels({ apiKey: s.apiKey !== undefined ? "config" : "env", baseUrl: originOf(s.baseUrl, env.NOVITA_BASE_URL), inProvider: who === "novita provider" });
    return {
        apiKey,
        baseUrl: s.baseUrl ?? env.NOVITA_BASE_URL,
        timeScale,
        timeoutMs,
        debug: debug !== undefined ? /^(1|true|yes|on)$/i.test(debug) : undefined,
        ...labels,
    };
}
