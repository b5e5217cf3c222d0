/**
 * Refusing keys a resource does not have. A typo (`readines`, `imageURL`) or an input from a newer release
 * must fail `check` — at preview, naming the key and the closest valid one — instead of being stored and
 * ignored. Top-level inputs are compared with the schema's keys by {@link unknownInputFailures}; nested
 * objects (`timeouts`, `envs[]`, `networkStorages[]`, `ports[]`) are built with {@link closedObject}, whose
 * issues {@link ./errors#toCheckFailures} turns into the same message.
 */
import { z } from "zod";
import { unknownPropertyMessage } from "../selection/unknown-keys";
import type { CheckFailure } from "./errors";

/** Marks an issue raised for an unknown key; carries the keys the object does have. */
export const KNOWN_KEYS_PARAM = "novitaKnownKeys";

/**
 * `z.object(shape)` that refuses any other key, with one issue per unknown key at that key's path (zod's own
 * strict mode reports them together, at the object). `hidden` keys are accepted but not suggested.
 */
export function closedObject<S extends z.ZodRawShape>(shape: S, hidden: readonly string[] = []) {
    const known = Object.keys(shape).filter((k) => !hidden.includes(k));
    const refuse = z.unknown().superRefine((_value, ctx) => {
        ctx.addIssue({ code: "custom", message: "unknown property", params: { [KNOWN_KEYS_PARAM]: known } });
    });
    return z.object(shape).catchall(refuse);
}

/** The known keys an issue raised by {@link closedObject} carries, else undefined. */
export function knownKeysOf(issue: { code: string; params?: unknown }): readonly string[] | undefined {
    if (issue.code !== "custom") return undefined;
    const keys = (issue.params as Record<string, unknown> | undefined)?.[KNOWN_KEYS_PARAM];
    return Array.isArray(keys) ? (keys as string[]) : undefined;
}

/** Keys the Pulumi SDK or our resource classes put into every resource's inputs. */
const ENGINE_KEYS = new Set(["__provider"]);

/**
 * One failure per top-level input the resource does not have. Keys whose value is `undefined` are ignored (the
 * resource classes seed output properties with `undefined`; Pulumi never sends them). `hidden` keys are set by
 * our resource classes (e.g. `autoNamePrefix`): accepted, never suggested.
 */
export function unknownInputFailures(raw: Record<string, unknown>, shape: z.ZodRawShape, hidden: readonly string[] = []): CheckFailure[] {
    const suggestable = Object.keys(shape).filter((k) => !hidden.includes(k));
    return Object.keys(raw)
        .filter((k) => !ENGINE_KEYS.has(k) && !(k in shape) && raw[k] !== undefined)
        .map((k) => ({ property: k, reason: unknownPropertyMessage(k, suggestable) }));
}
