/**
 * Waiting for an instance to reach a status. Every wait of the provider process goes through one shared
 * watcher per client (./watcher.ts): one or two waits poll by id, more share one paged list request per
 * round. Waits are in API time, so a time-scaled simulator waits proportionally less. Status transitions
 * are reported as progress lines.
 */
import type { NovitaClient } from "../api/client";
import type { Instance } from "../api/schemas/responses";
import { watcherFor, type Verdict, type WatchOptions } from "./watcher";

export { WaitFailedError, WaitTimeoutError, type Verdict } from "./watcher";
export type WaitOptions = WatchOptions;

/**
 * Interval before the next poll, from the API time already waited: 9 % of it, between 0.9 s and 20 s.
 *
 * Why: the boot time B of an instance is unknown (seconds for a cached image, many minutes for a large
 * pull). If the instance becomes ready just after a poll at t_k, it is seen at t_{k+1}, a lag of almost
 * t_{k+1} − t_k. Keeping that lag within max(1 s, 10 % of B) for EVERY B forces t_{k+1} ≤ max(t_k + 1 s,
 * 1.1·t_k): one-second polls up to 10 s, then a growth factor of 1.1, about 11 + ln(B/10 s)/ln 1.1 polls.
 * We poll 10 % tighter than that (0.9 s, 9 %) so that the promise still holds once a request's round trip
 * and timer jitter are added to the lag the provider actually sees: worst-case lag 0.9 s for boots up to
 * 10 s, 9 % of the boot beyond. Cost: 13, 33 and 52 polls for boots of 10, 60 and 300 s. Fewer polls for long
 * boots are only possible by giving up the lag bound (e.g. ≤ 15 polls at 300 s needs growth ×1.52 per poll
 * and lets the lag reach 35–49 % of the boot). We keep the lag bound and make polls cheap instead: waits
 * share list requests (./watcher.ts), so a large stack pays about one request per round, not one per
 * instance. The 20 s ceiling bounds the absolute lag of very long waits (beyond 222 s).
 */
export function pollDelayMs(elapsedMs: number): number {
    return Math.min(20_000, Math.max(900, elapsedMs * 0.09));
}

export function waitForInstance(
    client: NovitaClient,
    id: string,
    verdict: (i: Instance) => Verdict,
    opts: WaitOptions,
): Promise<Instance | undefined> {
    return watcherFor(client, pollDelayMs).wait(id, verdict, opts);
}

/** Progress lines go to stderr, which the Pulumi CLI shows as the resource's diagnostics. */
export function progressToStderr(line: string): void {
    process.stderr.write(`[novita] ${line}\n`);
}
