/**
 * check(): validate and default every input with the shared schemas, refuse keys the resource does not
 * have, name the property of every failure, let preview's unknown values through untouched, and make no
 * API call (the placement catalogue check of a new resource is the provider's, see ../placement-preflight.ts).
 */
import { randomBytes } from "node:crypto";
import { unknownInputFailures } from "../closed";
import { propertyPath, toCheckFailures, type CheckFailure } from "../errors";
import { containsUnknown, isPending, type Planned } from "../unknowns";
import { HIDDEN_INPUTS, INPUT_KEYS, type InputKey } from "./keys";
import { crossFieldProblems, gpuInstanceFields, normalise, NAME_PATTERN, type GpuInstanceInputs } from "./inputs";

/** Extra validation for `placement` (plugged in by the placement module). */
export type PlacementValidator = (raw: unknown) => { value?: Record<string, unknown>; failures: CheckFailure[] };

const isInputKey = (k: string): k is InputKey => (INPUT_KEYS as readonly string[]).includes(k);

/** `<prefix>-<7 random chars>`, the prefix made safe for Novita's name charset. */
export function autoName(prefix: string): string {
    const safe = prefix.replace(/[^A-Za-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "").slice(0, 200) || "instance";
    return `${safe}-${randomBytes(4).toString("hex").slice(0, 7)}`;
}

export function checkGpuInstance(olds: Record<string, unknown>, news: Record<string, unknown>, placement?: PlacementValidator) {
    const { __provider: _p, ...raw } = news;
    const failures: CheckFailure[] = unknownInputFailures(raw, gpuInstanceFields.shape, HIDDEN_INPUTS);
    const refused = new Set(failures.map((f) => f.property));
    const unknownKeys = new Set(Object.keys(raw).filter((k) => !refused.has(k) && containsUnknown(raw[k])));
    const known = Object.fromEntries(Object.entries(raw).filter(([k, v]) => !refused.has(k) && !unknownKeys.has(k) && v !== undefined && v !== null));

    const parsed = gpuInstanceFields.safeParse(known);
    if (!parsed.success) failures.push(...toCheckFailures(parsed.error.issues));
    const value = parsed.success ? parsed.data : undefined;
    for (const [property, reason] of crossFieldProblems(value ?? (known as object), unknownKeys)) failures.push({ property, reason });
    if (value?.placement !== undefined && placement) {
        const r = placement(value.placement);
        failures.push(...r.failures.map((f) => ({ property: propertyPath("placement", f.property.split(".")), reason: f.reason })));
        if (r.value) value.placement = r.value;
    }
    if (!value || failures.length > 0) return { inputs: news, failures };

    const auto = stableAutoName(olds, value.autoNamePrefix ?? "instance");
    const name = unknownKeys.has("name") ? (raw.name as string) : value.name ?? auto.name;
    const inputs: Planned<GpuInstanceInputs> = normalise(value, name);
    if (!value.name && value.autoNamePrefix) inputs.autoNamePrefix = auto.prefix;
    for (const k of unknownKeys) {
        const v = raw[k];
        if (isInputKey(k) && isPending(v)) inputs[k] = v;
    }
    return { inputs, failures: [] as CheckFailure[] };
}

/**
 * Keeps a generated name for the life of the object: an object that was auto-named (its old inputs carry
 * `autoNamePrefix`) keeps its name, and the prefix it was named from, even when the resource is renamed in the
 * program with an alias — a new name would replace it (a new GPU instance: real money and lost data). As in
 * Pulumi's bridged providers, a fresh name is drawn only for a new object (no olds: a create, or a replacement,
 * which the engine checks without olds).
 */
export function stableAutoName(olds: Record<string, unknown>, prefix: string): { name: string; prefix: string } {
    if (typeof olds.name === "string" && NAME_PATTERN.test(olds.name) && typeof olds.autoNamePrefix === "string") {
        return { name: olds.name, prefix: olds.autoNamePrefix };
    }
    return { name: autoName(prefix), prefix };
}
