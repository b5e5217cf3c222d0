/**
 * Deleting something Novita refuses to delete while an instance uses it (a registry auth: IMAGE_AUTH_IN_USE; a
 * network volume: NETWORK_STORAGE_IN_USE). The delete is retried with backoff (2 s, doubling, at most 30 s, in API
 * time) within the resource's `timeouts.delete`; when that budget is spent the error names the instances that
 * still use it and what to do. Already gone counts as deleted.
 */
import { backoffDelayMs, resolveRetryPolicy, RetryClock, withinBudget, type RetryPolicy } from "../api/retry";
import { timeScale } from "./config";
import { formatDuration } from "./duration";

export interface InUseDelete {
    /** Sends the delete once. */
    attempt(): Promise<void>;
    isGone(e: unknown): boolean;
    isInUse(e: unknown): boolean;
    /** API-time milliseconds the delete may keep retrying. */
    budgetMs: number;
    /** Who holds it now, e.g. `["trainer (3f2a…)"]` (asked once, when the budget is spent). */
    users(): Promise<string[]>;
    /** The object in messages, e.g. `registry auth ghcr-1a2b3c4 (<id>)`. */
    what: string;
    /** Its short name in progress lines. */
    short: string;
    /** What to do about the users, e.g. "point those instances at another registry auth (or delete them)". */
    advice: string;
}

/**
 * The in-use wait as a retry policy (src/api/retry.ts): 2 s doubling to at most 30 s, for as long as the budget
 * (`maxElapsedMs`, set per delete to its `timeouts.delete`) allows; attempts are not counted.
 */
export const IN_USE_RETRY_POLICY: Readonly<Omit<RetryPolicy, "maxElapsedMs">> = Object.freeze({
    maxAttempts: Number.MAX_SAFE_INTEGER,
    baseDelayMs: 2_000,
    maxDelayMs: 30_000,
});

/** The full exponential step, no jitter: one deleter waiting for an instance to let go is no herd to spread out. */
const fullStep = () => 1;

export async function deleteWhenUnused(d: InUseDelete): Promise<void> {
    const policy = resolveRetryPolicy({ ...IN_USE_RETRY_POLICY, maxElapsedMs: Math.min(d.budgetMs, Number.MAX_SAFE_INTEGER) });  // a duration of absurd length parses to Infinity
    const clock = new RetryClock(timeScale());
    for (let attempt = 1; ; attempt++) {
        try {
            await d.attempt();
            return;
        } catch (e) {
            if (d.isGone(e)) return;
            if (!d.isInUse(e)) throw e;
        }
        const elapsed = clock.consumedMs();
        const delay = backoffDelayMs(policy, attempt, undefined, fullStep);
        if (!withinBudget(policy, attempt, elapsed, delay)) {
            const users = await d.users();
            const who = users.length ? users.join(", ") : "an instance";
            throw new Error(`${d.what} is still used by ${who} after ${formatDuration(elapsed)}: ${d.advice} and run the command again`);
        }
        process.stderr.write(`[novita] ${d.short} is in use; retrying delete in ${formatDuration(delay)}\n`);
        await new Promise((r) => setTimeout(r, clock.wait(delay)));
    }
}
