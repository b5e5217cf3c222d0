/**
 * One error hierarchy for everything the client can fail with. Messages name the operation, the
 * field or the Novita `reason`; they never carry headers, the API key, passwords or env values.
 *
 *   NovitaError
 *   ├── NovitaValidationError   bad parameters, caught before any request (names the field)
 *   ├── NovitaApiError          the API answered with an error status (status, reason, method, path)
 *   ├── NovitaNetworkError      no HTTP answer: refused, reset, DNS
 *   ├── NovitaTimeoutError      no answer in time
 *   └── NovitaResponseError     a 2xx answer whose body does not match the schema (names the field)
 */
export interface RequestContext {
    method: string;
    path: string;
    requestId?: string;
    /** HTTP attempts made before this error (retries included). */
    attempts?: number;
    /** Time the call took, retries and backoff included, as the retry budget counts it (API time). */
    elapsedMs?: number;
    /** Where the request went and which setting chose it (for network and timeout errors). */
    target?: RequestTarget;
}

export interface RequestTarget {
    /** `host:port` of the base URL. */
    host: string;
    /** The base URL without credentials. */
    baseUrl: string;
    /** Which setting chose the base URL, e.g. "set by stack config novita:baseUrl" or "the default; …". */
    source: string;
}

/** "after 6 attempts over 13.6 s" — how long the bounded retry went on before giving up. */
export function retrySummary(ctx: Partial<RequestContext>): string {
    if (ctx.attempts === undefined) return "";
    const over = ctx.elapsedMs === undefined ? "" : ` over ${(ctx.elapsedMs / 1000).toFixed(1)} s`;
    return ` after ${ctx.attempts} attempt${ctx.attempts === 1 ? "" : "s"}${over}`;
}

function targetNote(ctx: Partial<RequestContext>): string {
    return ctx.target ? ` (base URL ${ctx.target.baseUrl}, ${ctx.target.source})` : "";
}

export class NovitaError extends Error {
    override readonly name: string = "NovitaError";
    readonly method?: string;
    readonly path?: string;
    /** Client-generated id of the logical operation (sent as `X-Request-Id`; shared by its retries). */
    readonly requestId?: string;
    /** HTTP attempts made for this call (1 = not retried); undefined when no request was sent. */
    readonly attempts?: number;
    constructor(message: string, ctx?: Partial<RequestContext>, options?: { cause?: unknown }) {
        super(message, options);
        this.method = ctx?.method;
        this.path = ctx?.path;
        this.requestId = ctx?.requestId;
        this.attempts = ctx?.attempts;
    }
}

export class NovitaValidationError extends NovitaError {
    override readonly name = "NovitaValidationError";
    /** Dotted path of the first offending field, e.g. `envs.3.value`. */
    readonly field: string;
    readonly issues: readonly { field: string; message: string }[];
    constructor(operation: string, issues: readonly { field: string; message: string }[]) {
        super(`${operation}: invalid ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`);
        this.field = issues[0]?.field ?? "";
        this.issues = issues;
    }
}

export class NovitaApiError extends NovitaError {
    override readonly name = "NovitaApiError";
    readonly status: number;
    /** Novita's error name, e.g. `INSUFFICIENT_RESOURCE`; `undefined` when the body carried none. */
    readonly reason?: string;
    readonly apiMessage: string;
    /**
     * The body's `metadata`. Not named `metadata`: RPC libraries read an error's `metadata` property as their own
     * (@grpc/grpc-js takes it for trailing metadata and calls `.clone()` on it), so a plain object there made every
     * server that hands this error on — Pulumi's dynamic-provider server does, for Delete and Read — crash instead
     * of answering, and the caller waited forever.
     */
    readonly apiMetadata?: Record<string, unknown>;
    /** Seconds the server asked us to wait (`Retry-After`), if any. */
    readonly retryAfterSeconds?: number;
    constructor(
        args: {
            status: number;
            reason?: string;
            message: string;
            metadata?: Record<string, unknown>;
            retryAfterSeconds?: number;
            /** What to do about it, appended to the message (e.g. which setting holds the refused API key). */
            hint?: string;
        },
        ctx: RequestContext,
    ) {
        const hint = args.hint ? `. ${args.hint}` : "";
        super(`Novita API ${ctx.method} ${ctx.path} failed: ${args.status}${args.reason ? ` ${args.reason}` : ""}: ${args.message}${hint}`, ctx);
        this.status = args.status;
        this.reason = args.reason;
        this.apiMessage = args.message;
        this.apiMetadata = args.metadata;
        this.retryAfterSeconds = args.retryAfterSeconds;
    }
}

export class NovitaNetworkError extends NovitaError {
    override readonly name = "NovitaNetworkError";
    /** Node's error code, e.g. `ECONNREFUSED`, `ECONNRESET`. */
    readonly code?: string;
    constructor(code: string | undefined, ctx: RequestContext, options?: { cause?: unknown }) {
        const where = ctx.target ? ` reaching ${ctx.target.host}` : "";
        super(`Novita API ${ctx.method} ${ctx.path}: network error${code ? ` (${code})` : ""}${where}${retrySummary(ctx)}${targetNote(ctx)}`, ctx, options);
        this.code = code;
    }
}

export class NovitaTimeoutError extends NovitaError {
    override readonly name = "NovitaTimeoutError";
    readonly timeoutMs: number;
    constructor(timeoutMs: number, ctx: RequestContext, options?: { cause?: unknown }) {
        const where = ctx.target ? ` from ${ctx.target.host}` : "";
        super(`Novita API ${ctx.method} ${ctx.path}: no response within ${timeoutMs} ms${where}${retrySummary(ctx)}${targetNote(ctx)}`, ctx, options);
        this.timeoutMs = timeoutMs;
    }
}

export class NovitaResponseError extends NovitaError {
    override readonly name = "NovitaResponseError";
    /** Dotted path of the field that did not match, e.g. `data.2.price`. */
    readonly field: string;
    constructor(field: string, detail: string, ctx: RequestContext) {
        super(`Novita API ${ctx.method} ${ctx.path}: unexpected response at ${field || "<body>"}: ${detail}`, ctx);
        this.field = field;
    }
}

const NOT_FOUND_REASONS = new Set(["RESOURCE_NOT_FOUND", "TEMPLATE_NOT_FOUND", "NOT_FOUND"]);

/** 400 `RESOURCE_NOT_FOUND` (what the docs say) or a plain 404 (what several clients expect): docs/novita-api-notes.md#not-found. */
export function isNotFound(err: unknown): err is NovitaApiError {
    return err instanceof NovitaApiError && (err.status === 404 || (err.reason !== undefined && NOT_FOUND_REASONS.has(err.reason)));
}

/** No stock for the product in that cluster / billing mode. */
export function isCapacityError(err: unknown): err is NovitaApiError {
    return err instanceof NovitaApiError && err.reason === "INSUFFICIENT_RESOURCE";
}

export function isRateLimited(err: unknown): err is NovitaApiError {
    return err instanceof NovitaApiError && (err.status === 429 || err.reason === "RATE_LIMIT_EXCEEDED");
}

/** 400 with message "invalid state change" (observed for start on a running instance: docs/novita-api-notes.md#errors). */
export function isInvalidStateChange(err: unknown): err is NovitaApiError {
    return err instanceof NovitaApiError && /invalid state change/i.test(err.apiMessage);
}

const AUTH_REASONS = new Set(["UNAUTHORIZED", "INVALID_API_KEY", "MISSING_API_KEY", "FORBIDDEN"]);

/**
 * A refused key, whichever way the gateway says it: 401 UNAUTHORIZED (the GPU error table), 403 INVALID_API_KEY
 * (seen live on Novita's gateway), or one of those reasons under another status (docs/novita-api-notes.md#authentication).
 */
export function isAuthFailure(status: number, reason: string | undefined): boolean {
    return status === 401 || status === 403 || (reason !== undefined && AUTH_REASONS.has(reason));
}

/** Authentication or authorisation failure: never retried, never mistaken for anything else. */
export function isAuthError(err: unknown): err is NovitaApiError {
    return err instanceof NovitaApiError && isAuthFailure(err.status, err.reason);
}
