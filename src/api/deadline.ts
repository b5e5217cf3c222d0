/**
 * The deadline of the operation a request belongs to, e.g. a provider's create bounded by `timeouts.create`.
 * The caller sets it once around the whole operation ({@link withDeadline}); every request made inside it —
 * however deep, through caches, waits or reconciliation — sees it through Node's AsyncLocalStorage, so no
 * client method needs a parameter for it. The transport keeps retrying 429 answers (a request the API did not
 * process, so safe to repeat) until the next attempt could no longer start before the deadline; without one,
 * the retry policy's `maxElapsedMs` bounds them (./retry.ts).
 *
 * The store is kept on `globalThis` (like the shared limiter), so two copies of this module (src and dist)
 * agree on it.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface Deadline {
    /** `Date.now()` value (real time) after which no retry of a request starts. */
    at: number;
    /** The setting that gave it, as the user wrote it, for messages: e.g. `timeouts.create "15m"`. */
    label: string;
}

const KEY = Symbol.for("pulumi-novita.deadline");

function store(): AsyncLocalStorage<Deadline | undefined> {
    const g = globalThis as { [KEY]?: AsyncLocalStorage<Deadline | undefined> };
    return (g[KEY] ??= new AsyncLocalStorage<Deadline | undefined>());
}

/** Runs `fn` with `deadline` as the deadline of every request it makes (`undefined`: none, the policy's bound). */
export function withDeadline<T>(deadline: Deadline | undefined, fn: () => T): T {
    return store().run(deadline, fn);
}

/** The deadline of the operation the caller is part of, if it has one. */
export function currentDeadline(): Deadline | undefined {
    return store().getStore();
}

/** The later of several deadlines (for a request shared by several operations); none if any has none. */
export function latestDeadline(deadlines: readonly (Deadline | undefined)[]): Deadline | undefined {
    if (deadlines.length === 0 || deadlines.some((d) => d === undefined)) return undefined;
    return deadlines.reduce((a, b) => (b!.at > a!.at ? b : a));
}
