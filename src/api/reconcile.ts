/**
 * Creates are not idempotent (no idempotency key exists: docs/novita-api-notes.md#idempotency), so they are never
 * retried blindly. After an ambiguous failure (timeout, reset, 5xx: the request may have been
 * processed) we look the object up by name, excluding what existed before we sent it, and return
 * it if it is there. Only when repeated lookups agree it is absent is the create sent again.
 * 429 and other definite rejections are not ambiguous: nothing was created. (The transport repeats a 429 itself
 * within the operation's deadline, ./retry.ts; one that reaches this module is final.)
 * A lookup that itself fails transiently (network, timeout, 5xx, 429) proves nothing either way: it is
 * repeated with backoff within the retry budget, and when the budget runs out the error says that the
 * create may have succeeded, naming the object, instead of reporting only the failed lookup.
 */
import { NovitaApiError, NovitaError, NovitaNetworkError, NovitaTimeoutError, isRateLimited } from "./errors";
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
    /** The object in messages, e.g. `instance "trainer-1"`. */
    what?: string;
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
        if (!isAmbiguous(failure)) throw failure;
        opts.onEvent?.(`ambiguous create failure (${(failure as Error).name}); looking the object up`);
        let unanswered = 0;
        for (let i = 0; i < lookups; ) {
            let found: T | undefined;
            try {
                found = await steps.find();
            } catch (err) {
                if (!isAmbiguous(err) && !isRateLimited(err)) throw err;
                const delay = backoffDelayMs(opts.policy, ++unanswered);
                if (!withinBudget(opts.policy, unanswered, clock.consumedMs(), delay)) {
                    throw new NovitaError(
                        `the create of ${opts.what ?? "the object"} may have succeeded, but looking it up kept failing ` +
                            `(${(err as Error).message}); it may exist without being recorded: check for it and delete it, or retry`,
                        { method: (err as NovitaError).method, path: (err as NovitaError).path, requestId: (err as NovitaError).requestId },
                        { cause: err },
                    );
                }
                opts.onEvent?.(`lookup failed (${(err as Error).name}); looking again in ${Math.round(delay)}ms`);
                await sleep(clock.wait(delay));
                continue;
            }
            if (found !== undefined) {
                opts.onEvent?.("create had succeeded; using the object it made");
                return found;
            }
            if (++i < lookups) await sleep(clock.wait(settleMs));
        }
        const delay = backoffDelayMs(opts.policy, attempt);
        if (!withinBudget(opts.policy, attempt, clock.consumedMs(), delay)) throw failure;
        opts.onEvent?.(`object certainly absent; retrying create in ${Math.round(delay)}ms`);
        await sleep(clock.wait(delay));
    }
}
