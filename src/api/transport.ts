/**
 * HTTP transport: one axios instance per client with axios-retry applying the retry policy (./retry.ts): 429 for
 * every call within the operation's deadline (./deadline.ts), other failures for safe calls within the attempt
 * budget; the process-wide in-flight limit around every attempt, JSON parsing of whatever the API answers (empty body, `{}`,
 * objects), error mapping into ./errors, optional debug lines, and redaction of everything it prints.
 */
import axios, { AxiosError, type AxiosAdapter, type AxiosInstance, type AxiosRequestConfig, type InternalAxiosRequestConfig } from "axios";
import axiosRetry from "axios-retry";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { currentDeadline, type Deadline } from "./deadline";
import { isAuthFailure, NovitaApiError, NovitaError, NovitaNetworkError, NovitaResponseError, NovitaTimeoutError, type RequestContext } from "./errors";
import type { Limiter } from "./limiter";
import { scrub } from "./redact";
import { backoffDelayMs, classifyFailure, isRetryableFailure, parseRetryAfter, RetryClock, withinBudget, type RetryPolicy } from "./retry";
import { VERSION } from "../version";

export interface TransportOptions {
    apiKey: string;
    baseUrl: string;
    /** Which setting chose `baseUrl`, for network errors (see NovitaClientOptions.baseUrlSource). */
    baseUrlSource?: string;
    /** Which setting holds `apiKey`, and what to do when it is refused (401/403 errors). */
    apiKeySource?: string;
    authHelp?: string;
    timeoutMs: number;
    retry: RetryPolicy;
    limiter: Limiter;
    /** Multiplies every wait (backoff and Retry-After); < 1 only against a time-scaled simulator. */
    timeScale: number;
    log?: (line: string) => void;
}

export interface CallSpec<S extends z.ZodType> {
    method: "GET" | "POST";
    /** Path below the base URL, e.g. `/v1/gpu/instance`. */
    path: string;
    query?: Record<string, string | number | boolean | undefined>;
    body?: unknown;
    /**
     * Safe to repeat: retried on 5xx, network errors and timeouts too. Every call is retried on 429, which the
     * API answers without processing the request.
     */
    retry: boolean;
    schema: S;
    /** Values to scrub from anything printed about this call (passwords, env values). */
    secrets?: readonly string[];
    /** Id of the logical operation; one is generated when absent. */
    requestId?: string;
}

interface CallState {
    spec: CallSpec<z.ZodType>;
    ctx: RequestContext;
    clock: RetryClock;
    nextDelayMs?: number;
    /** The operation's deadline when the call was made. */
    deadline?: Deadline;
    /** Retries after a 429, and after any other failure (each counted against its own bound). */
    rateLimitedRetries: number;
    otherRetries: number;
    /** Why the last 429 was not retried, for the error. */
    gaveUp?: string;
}
/** axios copies configs between attempts, so the call's state is looked up by an id carried in the config. */
type Config = InternalAxiosRequestConfig & { novitaCallId?: string; "axios-retry"?: { retryCount?: number } };

export class Transport {
    private readonly http: AxiosInstance;
    private readonly calls = new Map<string, CallState>();
    /** Operations (request ids) whose last attempt was refused with 429: their next attempt goes first. */
    private readonly refused = new Set<string>();

    constructor(private readonly opts: TransportOptions) {
        const baseAdapter = axios.getAdapter(["http"]);
        this.http = axios.create({
            baseURL: opts.baseUrl.replace(/\/+$/, ""),
            timeout: opts.timeoutMs,
            responseType: "text",
            transformResponse: [(data: unknown) => data],
            validateStatus: (s) => s >= 200 && s < 300,
            transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
            headers: {
                "Content-Type": "application/json",
                Accept: "application/json",
                "User-Agent": `pulumi-novita/${VERSION}`,
            },
            adapter: this.limitedAdapter(baseAdapter),
        });
        axiosRetry(this.http, {
            // How many: decided per failure by shouldRetry (429s by time, others by attempts and time).
            retries: Number.MAX_SAFE_INTEGER,
            shouldResetTimeout: true,
            retryCondition: (err) => this.shouldRetry(err),
            retryDelay: (_n, err) => this.stateOf(err.config)?.nextDelayMs ?? 0,
        });
    }

    async request<S extends z.ZodType>(spec: CallSpec<S>): Promise<z.output<S>> {
        const ctx: RequestContext = { method: spec.method, path: spec.path, requestId: spec.requestId ?? randomUUID() };
        const state: CallState = { spec, ctx, clock: new RetryClock(this.opts.timeScale), deadline: currentDeadline(), rateLimitedRetries: 0, otherRetries: 0 };
        const callId = randomUUID();
        this.calls.set(callId, state);
        let raw: string;
        try {
            const res = await this.http.request<string>({
                method: spec.method,
                url: spec.path,
                params: spec.query ? Object.fromEntries(Object.entries(spec.query).filter(([, v]) => v !== undefined)) : undefined,
                data: spec.method === "POST" ? JSON.stringify(spec.body ?? {}) : undefined,
                headers: { Authorization: `Bearer ${this.opts.apiKey}`, "X-Request-Id": ctx.requestId },
                novitaCallId: callId,
            } as AxiosRequestConfig);
            raw = typeof res.data === "string" ? res.data : JSON.stringify(res.data ?? "");
        } catch (err) {
            const attempts = ((err as AxiosError)?.config as Config | undefined)?.["axios-retry"]?.retryCount;
            const failed: RequestContext = { ...ctx, attempts: (attempts ?? 0) + 1, elapsedMs: state.clock.consumedMs(), target: this.target() };
            throw this.toNovitaError(err, failed, spec.secrets, state.gaveUp);
        } finally {
            this.calls.delete(callId);
        }
        return this.parse(raw, spec, ctx);
    }

    private parse<S extends z.ZodType>(raw: string, spec: CallSpec<S>, ctx: RequestContext): z.output<S> {
        let body: unknown;
        if (raw.trim() === "") body = undefined;
        else {
            try {
                body = JSON.parse(raw);
            } catch {
                throw new NovitaResponseError("", "body is not JSON", ctx);
            }
        }
        const result = spec.schema.safeParse(body);
        if (!result.success) {
            const issue = result.error.issues[0]!;
            throw new NovitaResponseError(issue.path.map(String).join("."), scrub(issue.message, this.secrets(spec.secrets)), ctx);
        }
        return result.data;
    }

    /** The host and base URL (credentials removed) and the setting that chose them. */
    private target(): RequestContext["target"] {
        let host = this.opts.baseUrl;
        let shown = this.opts.baseUrl;
        try {
            const u = new URL(this.opts.baseUrl);
            host = u.host;
            u.username = "";
            u.password = "";
            shown = u.toString().replace(/\/+$/, "");
        } catch {
            // resolveClientConfig accepted it as an http(s) URL; keep it as written if URL still refuses it.
        }
        return { host, baseUrl: shown, source: this.opts.baseUrlSource ?? "set by the baseUrl option" };
    }

    /**
     * For a refused key (401 or 403, the same advice whichever status the gateway uses: 403 INVALID_API_KEY was
     * seen live, 401 UNAUTHORIZED is documented): which setting holds the key and how to fix it. Only the reason
     * FORBIDDEN (no permission) says the key was refused "for this call".
     */
    private authHint(status: number, reason: string | undefined): string | undefined {
        if (!isAuthFailure(status, reason)) return undefined;
        const what = reason === "FORBIDDEN" ? "was refused for this call" : "was refused";
        return `The API key from ${this.opts.apiKeySource ?? "the apiKey option"} ${what}: ${this.opts.authHelp ?? "check it"}`;
    }

    private stateOf(config: unknown): CallState | undefined {
        const id = (config as Config | undefined)?.novitaCallId;
        return id ? this.calls.get(id) : undefined;
    }

    private secrets(extra?: readonly string[]): string[] {
        return [this.opts.apiKey, ...(extra ?? [])];
    }

    /** Wraps the real adapter: every attempt waits for a slot in the shared limiter and is logged. */
    private limitedAdapter(inner: AxiosAdapter): AxiosAdapter {
        return (config) => {
            const state = this.stateOf(config);
            // Reconciled creates re-send under the same request id, so this also covers their repeats.
            const id = state?.ctx.requestId ?? "";
            return this.opts.limiter.run(async () => {
                const started = Date.now();
                const attempt = ((config as Config)["axios-retry"]?.retryCount ?? 0) + 1;
                try {
                    const res = await inner(config);
                    this.refused.delete(id);
                    this.debug(state, attempt, String(res.status), started);
                    return res;
                } catch (err) {
                    const e = err as AxiosError;
                    this.debug(state, attempt, e.response ? String(e.response.status) : e.code ?? "error", started);
                    if (e.response?.status === 429) {
                        if (this.refused.size > 10_000) this.refused.clear();
                        this.refused.add(id);
                        this.holdAfterRateLimit(e);
                    } else this.refused.delete(id);
                    throw err;
                }
            }, { first: this.refused.has(id) });
        };
    }

    /** A 429 speaks for the whole process: no request starts before Retry-After (or the first backoff step). */
    private holdAfterRateLimit(e: AxiosError): void {
        const apiMs = parseRetryAfter(e.response?.headers?.["retry-after"]) ?? this.opts.retry.baseDelayMs;
        this.opts.limiter.holdUntil(Date.now() + apiMs * this.opts.timeScale);
    }

    private debug(state: CallState | undefined, attempt: number, outcome: string, started: number): void {
        if (!this.opts.log || !state) return;
        const line = `[novita] ${state.ctx.requestId} ${state.ctx.method} ${state.ctx.path} attempt=${attempt} status=${outcome} ${Date.now() - started}ms`;
        this.opts.log(scrub(line, this.secrets(state.spec.secrets)));
    }

    private shouldRetry(err: AxiosError): boolean {
        const config = err.config as Config | undefined;
        const state = this.stateOf(config);
        if (!state) return false;
        const kind = classifyFailure(err.response?.status, err.response ? undefined : err.code);
        if (kind === "rateLimited") return this.retryRateLimited(err, state);
        if (!state.spec.retry || !isRetryableFailure(kind)) return false;
        // Backoff and Retry-After speak in API time; the clock maps waits to wall-clock time.
        const retry = state.otherRetries + 1;
        const delay = backoffDelayMs(this.opts.retry, retry, parseRetryAfter(err.response?.headers?.["retry-after"]));
        if (!withinBudget(this.opts.retry, retry, state.clock.consumedMs(), delay)) return false;
        state.otherRetries = retry;
        state.nextDelayMs = state.clock.wait(delay);
        return true;
    }

    /**
     * A 429 is a request the API refused without processing it, so it is repeated whatever the call (a create
     * too): for as long as the next attempt can start before the operation's deadline, or, without one, within
     * the policy's `maxElapsedMs`. Never by a count of attempts: under a rate limit shared by a hundred creates,
     * how many refusals one request meets says nothing about whether it will get through in time.
     */
    private retryRateLimited(err: AxiosError, state: CallState): boolean {
        const retry = state.rateLimitedRetries + 1;
        const made = ((err.config as Config | undefined)?.["axios-retry"]?.retryCount ?? 0) + 1;
        const retryAfter = parseRetryAfter(err.response?.headers?.["retry-after"]);
        const delay = backoffDelayMs(this.opts.retry, retry, retryAfter);
        const attempts = `still rate limited after ${made} attempt${made === 1 ? "" : "s"} over ${(state.clock.consumedMs() / 1000).toFixed(1)} s`;
        const wait = `${retryAfter !== undefined ? "Retry-After" : "the backoff"} asks to wait ${(delay / 1000).toFixed(1)} s`;
        const late = state.deadline
            ? Date.now() + delay * this.opts.timeScale > state.deadline.at && `the operation's deadline (${state.deadline.label})`
            : state.clock.consumedMs() + delay > this.opts.retry.maxElapsedMs && `the retry budget of ${(this.opts.retry.maxElapsedMs / 1000).toFixed(0)} s`;
        if (late) {
            state.gaveUp = `${attempts}; ${wait}, past ${late}`;
            return false;
        }
        state.rateLimitedRetries = retry;
        // The wait happens in the limiter, for the whole process, with this request at the head of the
        // queue: sleeping here instead would let queued requests take the reopened window first.
        this.opts.limiter.holdUntil(Date.now() + state.clock.wait(delay));
        state.nextDelayMs = 0;
        return true;
    }

    private toNovitaError(err: unknown, ctx: RequestContext, secrets?: readonly string[], gaveUp?: string): NovitaError {
        if (err instanceof NovitaError) return err;
        if (!(err instanceof AxiosError)) return new NovitaError(`Novita API ${ctx.method} ${ctx.path}: ${scrub(String(err), this.secrets(secrets))}`, ctx);
        const clean = (s: string) => scrub(s, this.secrets(secrets));
        if (err.response) {
            const { status, data, headers } = err.response;
            const body = parseErrorBody(typeof data === "string" ? data : JSON.stringify(data ?? ""));
            const retryAfterMs = parseRetryAfter(headers?.["retry-after"]);
            return new NovitaApiError(
                {
                    status,
                    reason: body.reason,
                    message: clean(body.message ?? (err.response.statusText || `HTTP ${status}`)),
                    metadata: body.metadata,
                    retryAfterSeconds: retryAfterMs === undefined ? undefined : retryAfterMs / 1000,
                    hint: this.authHint(status, body.reason) ?? (status === 429 ? gaveUp : undefined),
                },
                ctx,
            );
        }
        if (err.code === "ETIMEDOUT" || err.code === "ECONNABORTED") return new NovitaTimeoutError(this.opts.timeoutMs, ctx);
        return new NovitaNetworkError(err.code, ctx);
    }
}

/** Novita's error body is `{code, reason, message, metadata}`; parse it defensively (docs/novita-api-notes.md#errors). */
export function parseErrorBody(raw: string): { reason?: string; message?: string; metadata?: Record<string, unknown> } {
    let body: unknown;
    try {
        body = raw.trim() === "" ? undefined : JSON.parse(raw);
    } catch {
        return { message: raw.slice(0, 500) };
    }
    if (!body || typeof body !== "object") return { message: typeof body === "string" ? body : undefined };
    const b = body as Record<string, unknown>;
    const reason = typeof b.reason === "string" && b.reason ? b.reason : typeof b.code === "string" && b.code ? b.code : undefined;
    const message = typeof b.message === "string" ? b.message : typeof b.error === "string" ? b.error : undefined;
    const metadata = b.metadata && typeof b.metadata === "object" ? (b.metadata as Record<string, unknown>) : undefined;
    return { reason, message, metadata };
}
