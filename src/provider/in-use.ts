/**
 * Deleting something Novita refuses to delete while an instance uses it (a registry auth: IMAGE_AUTH_IN_USE; a
 * network volume: NETWORK_STORAGE_IN_USE). The delete is retried with backoff (2 s, doubling, at most 30 s, in API
 * time) within the resource's `timeouts.delete`; when that budget is spent the error names the instances that
 * still use it and what to do. Already gone counts as deleted.
 */
import { RetryClock } from "../api/retry";
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

export async function deleteWhenUnused(d: InUseDelete): Promise<void> {
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
        const delay = Math.min(30_000, 2_000 * 2 ** (attempt - 1));
        if (elapsed + delay > d.budgetMs) {
            const users = await d.users();
            const who = users.length ? users.join(", ") : "an instance";
            throw new Error(`${d.what} is still used by ${who} after ${formatDuration(elapsed)}: ${d.advice} and run the command again`);
        }
        process.stderr.write(`[novita] ${d.short} is in use; retrying delete in ${formatDuration(delay)}\n`);
        await new Promise((r) => setTimeout(r, clock.wait(delay)));
    }
}
