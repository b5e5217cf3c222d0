/**
 * The one retry policy, applied by ./transport.ts.
 * - 429: every call, creates included (the API refused the request without processing it, so repeating it
 *   cannot do anything twice), for as long as the next attempt can start before the deadline of the operation
 *   the call belongs to (./deadline.ts: a provider's `timeouts.create` etc.), or within `maxElapsedMs` when
 *   the caller set none. Not bounded by `maxAttempts`.
 * - 5xx, network errors and timeouts: only calls marked safe to repeat (GETs; start/stop/delete, which are
 *   idempotent by state), bounded by `maxAttempts` and `maxElapsedMs`. A create
 *   that fails so is reconciled instead (./reconcile.ts).
 * How long between attempts: exponential backoff with jitter; `Retry-After` wins.
 */
export interface RetryPolicy {
    /** Total attempts including the first, for failures other than 429. */
    maxAttempts: number;
    /** No retry starts once this much time has passed since the first attempt (429s: unless the operation has a deadline). */
    maxElapsedMs: number;
    /** First backoff; doubles per retry. */
    baseDelayMs: number;
    /** Ceiling of the computed backoff (not of Retry-After, which is bounded by maxElapsedMs). */
    maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
    maxAttempts: 6,
    maxElapsedMs: 120_000,
    baseDelayMs: 500,
    maxDelayMs: 20_000,
});

/** What went wrong, in the terms the policy decides on. */
export type FailureKind = "rateLimited" | "serverError" | "network" | "timeout" | "other";

export function classifyFailure(status: number | undefined, networkCode: string | undefined): FailureKind {
    if (status === 429) return "rateLimited";
    if (status !== undefined && status >= 500 && status <= 599) return "serverError";
    if (status !== undefined) return "other";
    if (networkCode === "ETIMEDOUT" || networkCode === "ECONNABORTED") return "timeout";
    return networkCode ? "network" : "other";
}

export function isRetryableFailure(kind: FailureKind): boolean {
    return kind !== "other";
}

/** `Retry-After` in seconds or as an HTTP date → milliseconds from `now`; `undefined` when absent or unparsable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
    if (typeof value !== "string" && typeof value !== "number") return undefined;
    const text = String(value).trim();
    if (text === "") return undefined;
    if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
    const at = Date.parse(text);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Delay before retry number `retry` (1-based). Retry-After wins; otherwise "equal jitter":
 * half the exponential step fixed, half random, so a storm of clients spreads out but never
 * retries sooner than half the step.
 */
export function backoffDelayMs(policy: RetryPolicy, retry: number, retryAfterMs?: number, random = Math.random): number {
    if (retryAfterMs !== undefined) return retryAfterMs;
    const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
    return step / 2 + random() * (step / 2);
}

/** Whether retry number `retry` may start after `elapsedMs`, given its delay. */
export function withinBudget(policy: RetryPolicy, retry: number, elapsedMs: number, delayMs: number): boolean {
    return retry < policy.maxAttempts && elapsedMs + delayMs <= policy.maxElapsedMs;
}

export function resolveRetryPolicy(overrides?: Partial<RetryPolicy>): RetryPolicy {
    const p = { ...DEFAULT_RETRY_POLICY, ...overrides };
    for (const [k, v] of Object.entries(p)) {
        if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new RangeError(`retry.${k} must be a finite number ≥ 0`);
    }
    if (p.maxAttempts < 1) throw new RangeError("retry.maxAttempts must be ≥ 1");
    return p;
}

/**
 * Time spent by one logical operation, as the retry budget counts it: real time on the wire plus
 * backoff waits in API time. With timeScale 1 that is plain elapsed time; against a time-scaled
 * simulator the (scaled) waits count at their API value while network time counts as it is.
 */
export class RetryClock {
    private readonly started = Date.now();
    private waitedApiMs = 0;

    constructor(private readonly timeScale: number) {}

    consumedMs(): number {
        const real = Date.now() - this.started;
        return real - this.waitedApiMs * this.timeScale + this.waitedApiMs;
    }

    /** Records a wait of `apiMs` (API time) and returns how long to sleep in real time. */
    wait(apiMs: number): number {
        this.waitedApiMs += apiMs;
        return apiMs * this.timeScale;
    }
}
