/**
 * Every create, update and delete of a provider runs under the deadline its resource's `timeouts` give
 * (../api/deadline.ts): the transport repeats a 429 until the next attempt could no longer start in time, so a
 * rate limit fails an operation only when the operation itself is out of time. read, check and diff have no
 * such setting; their requests keep the retry policy's bound.
 */
import { withDeadline, type Deadline } from "../api/deadline";
import { timeScale } from "./config";
import { isDuration, parseDuration } from "./duration";

export type TimedOperation = "create" | "update" | "delete";
type Defaults = Partial<Record<TimedOperation, string>>;

/** Where each timed method finds the resource's `timeouts`: create its inputs, update the new inputs, delete the outputs. */
const TIMEOUTS_ARG: Record<TimedOperation, number> = { create: 0, update: 2, delete: 1 };

/**
 * The deadline of an operation that starts now: `timeouts[op]` (else the resource's default) of API time, in real
 * time at the configured time scale. None when the resource has no such timeout or the settings are invalid
 * (the operation itself reports those).
 */
export function operationDeadline(op: TimedOperation, props: unknown, defaults: Defaults, now = Date.now()): Deadline | undefined {
    const given = (props as { timeouts?: Record<string, unknown> } | undefined)?.timeouts?.[op];
    const text = typeof given === "string" && isDuration(given) ? given : defaults[op];
    if (text === undefined) return undefined;
    try {
        return { at: now + parseDuration(text) * timeScale(), label: `timeouts.${op} "${text}"` };
    } catch {
        return undefined;
    }
}

/** The provider with its create, update and delete each run under {@link operationDeadline}. */
export function withOperationDeadlines<P extends object>(provider: P, defaults: Defaults): P {
    const timed = { ...provider } as Record<string, unknown>;
    for (const op of Object.keys(TIMEOUTS_ARG) as TimedOperation[]) {
        const method = timed[op];
        if (typeof method !== "function") continue;
        timed[op] = (...args: unknown[]) => withDeadline(operationDeadline(op, args[TIMEOUTS_ARG[op]], defaults), () => method.apply(provider, args));
    }
    return timed as P;
}
