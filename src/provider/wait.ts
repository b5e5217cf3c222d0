/**
 * Waiting for an instance to reach a status. Polls adaptively: the interval grows with the time
 * already waited (a fresh instance is checked often, a long image pull rarely), all in API time so a
 * time-scaled simulator waits proportionally less. Status transitions are reported as progress lines.
 */
import type { NovitaClient } from "../api/client";
import { isNotFound } from "../api/errors";
import type { Instance } from "../api/schemas/responses";
import { formatDuration } from "./duration";

/** What a poll result means for the wait. */
export type Verdict = { done: true } | { failed: string } | undefined;

export interface WaitOptions {
    /** Maximum API time to wait, in milliseconds. */
    timeoutMs: number;
    /** Real seconds per API second. */
    timeScale: number;
    /** Name shown in progress lines, e.g. `trainer-x1y2z3 (b8f3a0…)`. */
    label: string;
    /** What the wait is for, e.g. "running". */
    goal: string;
    /** A missing instance ends the wait successfully (deletes). */
    goneIsDone?: boolean;
    progress?: (line: string) => void;
    sleep?: (ms: number) => Promise<void>;
}

/** Interval before the next poll, from the API time already waited: 10 % of it, between 1 s and 20 s. */
export function pollDelayMs(elapsedMs: number): number {
    return Math.min(20_000, Math.max(1_000, elapsedMs * 0.1));
}

export class WaitTimeoutError extends Error {
    override readonly name = "WaitTimeoutError";
    constructor(message: string, readonly last: Instance | undefined) {
        super(message);
    }
}

export class WaitFailedError extends Error {
    override readonly name = "WaitFailedError";
    constructor(message: string, readonly last: Instance) {
        super(message);
    }
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function waitForInstance(
    client: NovitaClient,
    id: string,
    verdict: (i: Instance) => Verdict,
    opts: WaitOptions,
): Promise<Instance | undefined> {
    const sleep = opts.sleep ?? realSleep;
    const started = Date.now();
    const elapsed = () => (Date.now() - started) / opts.timeScale;
    let last: Instance | undefined;
    for (;;) {
        let current: Instance;
        try {
            current = await client.getInstance(id);
        } catch (e) {
            if (opts.goneIsDone && isNotFound(e)) return undefined;
            throw e;
        }
        if (!last || last.status !== current.status) {
            opts.progress?.(`${opts.label}: ${current.status} (${formatDuration(elapsed())})`);
        }
        last = current;
        const v = verdict(current);
        if (v && "done" in v) return current;
        if (v && "failed" in v) throw new WaitFailedError(v.failed, current);
        const wait = pollDelayMs(elapsed());
        if (elapsed() + wait > opts.timeoutMs) {
            throw new WaitTimeoutError(
                `${opts.label}: still ${current.status} after ${formatDuration(elapsed())}, waiting for ${opts.goal} (timeout ${formatDuration(opts.timeoutMs)})`,
                current,
            );
        }
        await sleep(wait * opts.timeScale);
    }
}

/** Progress lines go to stderr, which the Pulumi CLI shows as the resource's diagnostics. */
export function progressToStderr(line: string): void {
    process.stderr.write(`[novita] ${line}\n`);
}
