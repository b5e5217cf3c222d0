/**
 * The selector: what the user asks for (`getOptimalProduct(...)` or a GpuInstance `placement`), validated
 * with zod and normalised once, so every other selection function works on one canonical shape.
 * Field constraints come from the shared schemas in `src/api/schemas/limits.ts` where they exist.
 */
import { z } from "zod";
import { LIMITS, gpuNum, minCudaVersion, rootfsSize } from "../api/schemas/limits";
import { SelectionError, type FieldIssue } from "./errors";
import { orderRegions } from "./regions";
import { unknownPropertyMessage } from "./unknown-keys";
import { normaliseProductName } from "./names";
import type { OfferBillingMode, SelectionBillingMode, Selector, SelectorInput, Strategy } from "./types";

export type { OfferBillingMode, SelectionBillingMode, Selector, SelectorInput, Strategy };

/** `spotThenOnDemand`: spot offers first, on-demand when no spot offer is eligible. */
export const SELECTION_BILLING_MODES = ["onDemand", "spot", "spotThenOnDemand"] as const satisfies readonly SelectionBillingMode[];


/** `priority`: region order decides, price breaks ties; `cheapest`: price decides, region order breaks ties. */
export const STRATEGIES = ["priority", "cheapest"] as const satisfies readonly Strategy[];

const nonBlank = (s: string) => s.trim() !== "";
/** Optional fields also accept `null` (Pulumi outputs use `null` for "absent"); both normalise to absent. */
const opt = <T extends z.ZodType>(schema: T) => schema.nullish();

/** zod schema of the selector input; its output is the normalised {@link Selector}. Unknown keys are errors. */
export const selectorSchema = z
    .strictObject({
        productName: z
            .string()
            .max(LIMITS.queryStringMax)
            .refine((s) => normaliseProductName(s) !== "", { message: 'must name a GPU, e.g. "RTX 4090"' }),
        gpuNum: opt(gpuNum),
        regions: opt(z.array(z.string().refine(nonBlank, { message: "must not be blank" })).min(1, { message: "must list at least one region" })),
        preferredRegion: opt(z.string().refine(nonBlank, { message: "must not be blank" })),
        billingMode: opt(z.enum(SELECTION_BILLING_MODES)),
        maxPricePerHour: opt(z.number().positive()),
        minCpuPerGpu: opt(z.number().int().min(0)),
        minMemoryPerGpu: opt(z.number().int().min(0)),
        minRootfsSize: opt(rootfsSize),
        minCudaVersion: opt(minCudaVersion.regex(/^\d+(\.\d+){0,2}$/, { message: 'must be a CUDA version like "12.4"' })),
        strategy: opt(z.enum(STRATEGIES)),
    })
    .transform((s): Selector => {
        const out: Selector = {
            productName: s.productName.trim(),
            gpuNum: s.gpuNum ?? 1,
            regions: orderRegions(s.regions ?? undefined, s.preferredRegion ?? undefined),
            billingMode: s.billingMode ?? "onDemand",
            strategy: s.strategy ?? "priority",
        };
        if (s.preferredRegion != null) out.preferredRegion = s.preferredRegion.trim();
        if (s.maxPricePerHour != null) out.maxPricePerHour = s.maxPricePerHour;
        if (s.minCpuPerGpu != null) out.minCpuPerGpu = s.minCpuPerGpu;
        if (s.minMemoryPerGpu != null) out.minMemoryPerGpu = s.minMemoryPerGpu;
        if (s.minRootfsSize != null) out.minRootfsSize = s.minRootfsSize;
        if (s.minCudaVersion != null) out.minCudaVersion = s.minCudaVersion;
        return out;
    });

/** The plain `SelectorInput` interface (public, zod-free typings) must stay exactly the schema's input. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const SELECTOR_INPUT_MATCHES_SCHEMA: Same<z.input<typeof selectorSchema>, SelectorInput> = true;

type Issue = z.core.$ZodIssue;

function describe(issue: Issue): string {
    switch (issue.code) {
        case "too_small":
            if (issue.origin === "number") return issue.inclusive ? `must be at least ${issue.minimum}` : `must be greater than ${issue.minimum}`;
            return issue.message;
        case "too_big":
            if (issue.origin === "number") return `must be at most ${issue.maximum}`;
            if (issue.origin === "string") return `must be at most ${issue.maximum} characters`;
            return issue.message;
        case "invalid_type":
            if (issue.expected === "int") return "must be a whole number";
            return `must be ${issue.expected === "array" ? "a list" : `a ${issue.expected}`}`;
        case "invalid_value":
            return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
        default:
            return issue.message;
    }
}

function toFieldIssues(issues: readonly Issue[]): FieldIssue[] {
    return issues.flatMap((i): FieldIssue[] =>
        i.code === "unrecognized_keys"
            ? i.keys.map((k) => ({ field: [...i.path.map(String), k].join("."), message: unknownPropertyMessage(k, Object.keys(selectorSchema.in.shape)) }))
            : [{ field: i.path.map(String).join(".") || "selector", message: describe(i) }],
    );
}

/**
 * Validates and normalises a selector. Idempotent: a normalised selector parses to itself.
 * @throws SelectionError naming the first offending field (all of them in `issues`).
 */
export function parseSelector(input: unknown): Selector {
    const r = selectorSchema.safeParse(input);
    if (r.success) return r.data;
    const issues = toFieldIssues(r.error.issues);
    throw new SelectionError(`invalid selector: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`, issues[0]?.field ?? "selector", issues);
}

/** Whether the selector accepts offers of this billing mode. */
export function allowsBillingMode(mode: SelectionBillingMode, offer: string): offer is OfferBillingMode {
    if (offer === "spot") return mode === "spot" || mode === "spotThenOnDemand";
    if (offer === "onDemand") return mode === "onDemand" || mode === "spotThenOnDemand";
    return false;
}
