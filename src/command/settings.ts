/**
 * The Novita settings of a `pulumi-novita` run, chosen as the provider chooses them: the API key from
 * NOVITA_API_KEY (or the variable `--api-key-env` names: a key is never taken on the command line, where process
 * lists and CI logs would show it); the base URL from `--base-url`, else the stack config `novita:baseUrl` carried by
 * the input (a preview's `config` block), else NOVITA_BASE_URL, else Novita's. NOVITA_TIME_SCALE (simulators only)
 * scales waits, as for the provider. Errors name the setting that chose the host or held the key.
 */
import { NovitaClient } from "../api/client";
import { DEFAULT_BASE_URL } from "../api/config";
import { UsageError } from "./errors";

export interface ApiOptions {
    /** `--api-key-env`: the environment variable that holds the key. Default NOVITA_API_KEY. */
    apiKeyEnv?: string;
    /** `--base-url`. */
    baseUrl?: string;
}

export interface Settings {
    baseUrl: string;
    baseUrlSource: string;
    apiKey?: string;
    apiKeyEnv: string;
    timeScale: number;
}

export function resolveSettings(o: ApiOptions, env: NodeJS.ProcessEnv, configBaseUrl?: string): Settings {
    const apiKeyEnv = o.apiKeyEnv ?? "NOVITA_API_KEY";
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(apiKeyEnv)) throw new UsageError(`--api-key-env: "${apiKeyEnv}" is not an environment variable name`);
    const [baseUrl, baseUrlSource] =
        o.baseUrl !== undefined
            ? [o.baseUrl, "set by --base-url"]
            : configBaseUrl
              ? [configBaseUrl, "set by the stack config novita:baseUrl in the preview"]
              : env.NOVITA_BASE_URL
                ? [env.NOVITA_BASE_URL, "set by NOVITA_BASE_URL"]
                : [DEFAULT_BASE_URL, "the default; set --base-url or NOVITA_BASE_URL to change it"];
    if (!/^https?:\/\/[^\s/]+/i.test(baseUrl)) throw new UsageError(`base URL "${baseUrl}" (${baseUrlSource}) is not an http(s) URL`);
    const rawScale = env.NOVITA_TIME_SCALE;
    const timeScale = rawScale === undefined || rawScale === "" ? 1 : Number(rawScale);
    if (!Number.isFinite(timeScale) || timeScale <= 0) throw new UsageError("NOVITA_TIME_SCALE must be a positive number");
    return { baseUrl, baseUrlSource, apiKey: env[apiKeyEnv] || undefined, apiKeyEnv, timeScale };
}

/** A client for these settings; a missing key is a usage error naming the variable, raised before any request. */
export function clientFor(s: Settings, why: string): NovitaClient {
    if (!s.apiKey) {
        throw new UsageError(
            `${s.apiKeyEnv} is not set: it is needed ${why}. Export the Novita API key as ${s.apiKeyEnv}` +
                (s.apiKeyEnv === "NOVITA_API_KEY" ? " (or name another variable with --api-key-env)" : ""),
        );
    }
    return new NovitaClient({
        apiKey: s.apiKey,
        baseUrl: s.baseUrl,
        timeScale: s.timeScale,
        baseUrlSource: s.baseUrlSource,
        apiKeySource: s.apiKeyEnv,
        authHelp: `check ${s.apiKeyEnv}; a simulator makes a new key each time it starts`,
    });
}
