/**
 * Creates are not idempotent (no idempotency key exists, novita-api.md §1.9), so they are never
 * retried blindly. After an ambiguous failure (timeout, reset, 5xx: the request may have been
 * processed) we look the object up by name, excluding what existed before we sent it, and return
 * it if it is there. Only when repeated lookups agree it is absent is the create sent again.
 * 429 and other definite rejections are not ambiguous: nothing was created.
 */
import { NovitaApiError, NovitaNetworkError, NovitaTimeoutError, isRateLimited } from "./errors";
import { backoffDelayMs, RetryClock, withinBudget, type RetryPolicy } from "./retry";

export interface ReconcileSteps<T> {
    /** Sends the create once (no retries). */
    send(): Promise<T>;
    /** Finds the object this create produced, if any (something not in the pre-create snapshot). */
    find(): Promise<T | undefined>;
}

export interface ReconcileOptions {
    policy: RetryPolicy;
    timeScale: number;
    /** Lookups after an ambiguous failure before concluding "absent" (spaced by `settleMs`). */
    lookups?: number;
    /** API-time milliseconds between those lookups, so a request still being processed can land. */
    settleMs?: number;
    sleep?: (ms: number) => Promise<void>;
    onEvent?: (event: string) => void;
}

/** The request may or may not have been processed. */
export function isAmbiguous(err: unknown): boolean {
    if (err instanceof NovitaTimeoutError || err instanceof NovitaNetworkError) return true;
    return err instanceof NovitaApiError && err.status >= 500;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function reconciledCreate<T>(steps: ReconcileSteps<T>, opts: ReconcileOptions): Promise<T> {
    const sleep = opts.sleep ?? defaultSleep;
    const lookups = opts.lookups ?? 3;
    const settleMs = opts.settleMs ?? 1000;
    const clock = new RetryClock(opts.timeScale);
    for (let attempt = 1; ; attempt++) {
        let failure: unknown;
        try {
            return await steps.send();
        } catch (err) {
            failure = err;
        }
        if (isRateLimited(failure)) {
            const delay = backoffDelayMs(opts.policy, attempt, (failure as NovitaApiError).retryAfterSeconds !== undefined ? (failure as NovitaApiError).retryAfterSeconds! * 1000 : undefined);
            if (!withinBudget(opts.policy, attempt, clock.consumedMs(), delay)) throw failure;
            opts.onEvent?.(`rate limited; retrying create in ${Math.round(delay)}ms`);
            await sleep(clock.wait(delay));
            continue;
        }
        if (!isAmbiguous(failure)) throw failure;
        opts.onEvent?.(`ambiguous create failure (${(failure as Error).name}); looking the object up`);
        for (let i = 0; i < lookups; i++) {
            if (i > 0) await sleep(clock.wait(settleMs));
            const found = await steps.find();
            if (found !== undefined) {
                opts.onEvent?.("create had succeeded; using the object it made");
                return found;
            }
        }
        const delay = backoffDelayMs(opts.policy, attempt);
        if (!withinBudget(opts.policy, attempt, clock.consumedMs(), delay)) throw failure;
        opts.onEvent?.(`object certainly absent; retrying create in ${Math.round(delay)}ms`);
        await sleep(clock.wait(delay));
    }
}
