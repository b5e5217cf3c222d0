/**
 * Is the stored instance where its inputs ask it to be? diff() answers from the stored outputs alone, never from
 * the engine's init errors: `pulumi refresh` (and `up --refresh`) replaces a resource's init errors with what Read
 * returns (step.go RefreshStep.Apply), and a Node dynamic provider cannot return a partial Read, so after a refresh
 * they are gone. What survives a refresh is the outputs, so the provider keeps its own memory there:
 *
 *   - `status` (refreshed from Novita): an instance that is not `running` for `state: "running"`, or not `exited`
 *     for `"stopped"`, or that reports a `statusError`, is not settled: diff reports a change, update resumes.
 *   - `pendingCreate: true`: set while a create has not completed (a create that timed out, or whose failed
 *     instance could not be deleted), kept by refresh, dropped once the instance is seen settled. Only such an
 *     instance is replaced when it fails: it never ran, so nothing is lost. An instance that ran and later fails
 *     (e.g. a start after a stop) keeps its disk: it is never deleted automatically.
 *   - `ready` (with a `readiness` input): an instance meant to run whose app has not passed its readiness check
 *     (`ready` false or absent) is not settled either: the next `up` resumes waiting for it (./readiness.ts).
 */
import type { Instance } from "../../api/schemas/responses";
import { GONE_STATUSES, SETTLED_STATUSES } from "../../api/statuses";
import { containsUnknown } from "../unknowns";
import { PENDING_CREATE } from "./keys";

const isKnownObject = (v: unknown) => v !== null && typeof v === "object" && !containsUnknown(v);

export { GONE_STATUSES };


export type Health =
    | { kind: "settled" }
    /** In transition, or not in the state asked for: an update waits for it and starts/stops it. */
    | { kind: "unsettled"; why: string }
    /** A create that never completed and failed (or whose failed instance was already deleted): replace it. */
    | { kind: "failedCreate"; why: string }
    /** An instance that ran and reports a failure now: not replaced automatically (its disk would be lost). */
    | { kind: "failed"; why: string };

const WANTED: Record<string, string> = { running: "running", stopped: "exited" };

/**
 * Health of stored outputs against the `state` the inputs ask for (`undefined` or unknown: the stored one) and their
 * `readiness` (undefined or unknown: not judged).
 */
export function healthOf(olds: Record<string, unknown>, desiredState: unknown, readiness?: unknown): Health {
    const status = typeof olds.status === "string" ? olds.status : undefined;
    const error = olds.statusError as { state?: string; message?: string } | undefined;
    const pending = olds[PENDING_CREATE] === true;
    if (status === undefined) {
        // A create that failed before the instance was first seen; otherwise nothing is known: settled.
        return pending ? { kind: "unsettled", why: "its create has not been completed" } : { kind: "settled" };
    }
    if (error || GONE_STATUSES.has(status)) {
        const why = error ? `failed to start: ${error.message ?? error.state ?? "unknown error"}` : `was deleted (status ${status})`;
        return pending ? { kind: "failedCreate", why } : error ? { kind: "failed", why } : { kind: "unsettled", why };
    }
    const state = typeof desiredState === "string" && desiredState in WANTED ? desiredState : String(olds.state ?? "running");
    if (status !== WANTED[state]) return { kind: "unsettled", why: `status ${status}, wanted ${WANTED[state]}` };
    if (pending) return { kind: "unsettled", why: "its create has not been completed" };
    if (state === "running" && isKnownObject(readiness) && olds.ready !== true) return { kind: "unsettled", why: "its app has not passed its readiness check" };
    return { kind: "settled" };
}

/** The create is over once the instance is seen settled without an error: the marker goes. */
export function createCompleted(i: Instance): boolean {
    return !i.statusError && SETTLED_STATUSES.has(i.status);
}
