/**
 * Client settings and where they come from: explicit options first, then the environment
 * (`NOVITA_API_KEY`, `NOVITA_BASE_URL`, `NOVITA_DEBUG`), read when the client is built, never earlier.
 */
import { NovitaValidationError } from "./errors";
import { sharedLimiter, type Limiter } from "./limiter";
import { resolveRetryPolicy, type RetryPolicy } from "./retry";

export const DEFAULT_BASE_URL = "https://api.novita.ai/gpu-instance/openapi";
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface NovitaClientOptions {
    /** API key (`sk_…`). Default: `NOVITA_API_KEY`. */
    apiKey?: string;
    /** Base URL including `/gpu-instance/openapi`. Default: `NOVITA_BASE_URL`, else the public API. */
    baseUrl?: string;
    /** Per-attempt timeout in milliseconds. Default 30 000. */
    timeoutMs?: number;
    /** Overrides of the retry policy (attempts, total time, backoff). */
    retry?: Partial<RetryPolicy>;
    /** In-flight limiter. Default: the process-wide one (size `NOVITA_MAX_CONCURRENCY`, default 8). */
    limiter?: Limiter;
    /** `true` logs one line per HTTP attempt to stderr; a function receives the lines. Default: `NOVITA_DEBUG=1`. */
    debug?: boolean | ((line: string) => void);
    /** Multiplies every wait; set it to a simulator's time scale (e.g. 0.001). Default 1. */
    timeScale?: number;
    /**
     * Where `baseUrl` came from, as errors should say it, e.g. "set by stack config novita:baseUrl". Default:
     * "set by the baseUrl option", "set by NOVITA_BASE_URL", or "the default; …" — whichever chose it.
     */
    baseUrlSource?: string;
    /** Where `apiKey` came from, e.g. "stack config novita:apiKey". Default: "the apiKey option" or "NOVITA_API_KEY". */
    apiKeySource?: string;
    /** What to do about a refused key (401/403), appended to those errors. Default: names NOVITA_API_KEY and `apiKey`. */
    authHelp?: string;
}

export interface ResolvedClientConfig {
    apiKey: string;
    baseUrl: string;
    timeoutMs: number;
    retry: RetryPolicy;
    limiter: Limiter;
    log?: (line: string) => void;
    timeScale: number;
    baseUrlSource: string;
    apiKeySource: string;
    authHelp: string;
}

export const DEFAULT_AUTH_HELP = "pass a valid key as apiKey or set NOVITA_API_KEY (a simulator makes a new key each time it starts)";

const isTruthyEnv = (v: string | undefined) => v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());

export function resolveClientConfig(options: NovitaClientOptions = {}, env: NodeJS.ProcessEnv = process.env): ResolvedClientConfig {
    const issues: { field: string; message: string }[] = [];
    const apiKey = options.apiKey ?? env.NOVITA_API_KEY;
    if (!apiKey) issues.push({ field: "apiKey", message: "is required (set novita:apiKey or NOVITA_API_KEY)" });
    const baseUrl = options.baseUrl ?? env.NOVITA_BASE_URL ?? DEFAULT_BASE_URL;
    if (!/^https?:\/\/[^\s/]+/i.test(baseUrl)) issues.push({ field: "baseUrl", message: "must be an http(s) URL" });
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) issues.push({ field: "timeoutMs", message: "must be a positive number" });
    const timeScale = options.timeScale ?? 1;
    if (!Number.isFinite(timeScale) || timeScale <= 0) issues.push({ field: "timeScale", message: "must be a positive number" });
    let retry: RetryPolicy | undefined;
    try {
        retry = resolveRetryPolicy(options.retry);
    } catch (e) {
        issues.push({ field: "retry", message: (e as Error).message });
    }
    if (issues.length > 0) throw new NovitaValidationError("NovitaClient", issues);
    const debug = options.debug ?? isTruthyEnv(env.NOVITA_DEBUG);
    const log = typeof debug === "function" ? debug : debug ? (line: string) => process.stderr.write(line + "\n") : undefined;
    const baseUrlSource =
        options.baseUrlSource ??
        (options.baseUrl !== undefined
            ? "set by the baseUrl option"
            : env.NOVITA_BASE_URL !== undefined
              ? "set by NOVITA_BASE_URL"
              : "the default; set NOVITA_BASE_URL or the baseUrl option to change it");
    return {
        apiKey: apiKey!,
        baseUrl: baseUrl.replace(/\/+$/, ""),
        timeoutMs,
        retry: retry!,
        limiter: options.limiter ?? sharedLimiter(),
        log,
        timeScale,
        baseUrlSource,
        apiKeySource: options.apiKeySource ?? (options.apiKey !== undefined ? "the apiKey option" : "NOVITA_API_KEY"),
        authHelp: options.authHelp ?? DEFAULT_AUTH_HELP,
    };
}
