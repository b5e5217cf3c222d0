/**
 * Errors the provider hands back to the engine. Messages are scrubbed of the API key and of every
 * secret input (registry passwords, env values); a failure after the instance exists carries its `id`
 * (and outputs and reasons) so the engine records a partially created resource instead of orphaning it.
 */
import type { z } from "zod";
import { scrub } from "../api/redact";
import { unknownPropertyMessage } from "../selection/unknown-keys";
import { knownKeysOf } from "./closed";

export interface CheckFailure {
    property: string;
    reason: string;
}

/**
 * zod issues → Pulumi check failures, with property paths like `ports[0].port` or `timeouts.create`. A key refused
 * by a `closedObject` reads `unknown property "craete"; did you mean "create"?`.
 */
export function toCheckFailures(issues: readonly z.core.$ZodIssue[], prefix = ""): CheckFailure[] {
    return issues.map((i) => {
        const known = knownKeysOf(i);
        const reason = known ? unknownPropertyMessage(String(i.path[i.path.length - 1]), known) : i.message;
        return { property: propertyPath(prefix, i.path), reason };
    });
}

export function propertyPath(prefix: string, path: readonly PropertyKey[]): string {
    let out = prefix;
    for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? String(p) : `.${String(p)}`;
    return out || "(inputs)";
}

/**
 * Thrown after an instance exists: the engine records it (id, outputs) with init errors instead of orphaning it.
 * The Pulumi CLI shows only `reasons` (the engine replaces the gRPC error by `InitError{Reasons}`, provider_plugin.go
 * parseError) and stores them in state in plain text: the reasons carry what happened AND what to do, and are
 * scrubbed of secrets like the message.
 */
export class PartialCreateError extends Error {
    override readonly name = "PartialCreateError";
    constructor(
        message: string,
        readonly id: string,
        readonly properties: Record<string, unknown>,
        readonly reasons: string[],
    ) {
        super(message);
    }
}

/**
 * Re-throws `err` with its message, stack and init-error `reasons` scrubbed of `secrets` (an error carrying an `id`
 * keeps its id, properties and reasons, so the engine still records the resource).
 */
export function scrubbed(err: unknown, secrets: readonly (string | undefined)[]): Error {
    const e = err instanceof Error ? err : new Error(String(err));
    const clean = scrub(e.message, secrets);
    const partial = e as { id?: unknown; properties?: unknown; reasons?: unknown };
    const reasons = Array.isArray(partial.reasons) ? partial.reasons.map((r) => scrub(String(r), secrets)) : undefined;
    if (clean !== e.message) {
        try {
            Object.defineProperty(e, "message", { value: clean });
        } catch {
            const copy = Object.assign(new Error(clean), { id: partial.id, properties: partial.properties, reasons });
            if (e.stack) copy.stack = scrub(e.stack, secrets);
            return copy;
        }
    }
    if (reasons) Object.defineProperty(e, "reasons", { value: reasons });
    if (e.stack) Object.defineProperty(e, "stack", { value: scrub(e.stack, secrets) });
    return e;
}
