/**
 * The output of `pulumi preview --json`: Pulumi's PreviewDigest (pkg/display/json.go), whose steps carry
 * `oldState`/`newState` as apitype.ResourceV3 (sdk/go/common/apitype/core.go). What `cost` needs from it: the
 * GpuInstance steps, one per resource, with the replacement's order. Facts relied on (pinned CLI v3.274.1, checked by
 * the fixtures in test/command/fixtures, produced by that CLI):
 *   - `same` steps are left out unless `--show-sames` (backend/display/display.go shouldShow); the root stack's are kept.
 *   - a replacement is one `replace` step; with `--show-replacement-steps` also `create-replacement` and
 *     `delete-replaced`, in the order the engine runs them (step_generator.go).
 *   - create-before-delete: the engine marks the old state `delete: true` when the replacement is created (step.go
 *     CreateStep.Apply); delete-before-replace: `pendingReplacement: true` once the old one is deleted (DeleteStep.Apply).
 *     Both happen in a preview too, before the `replace` step is reported.
 *   - `preview --refresh` adds `refresh` steps (and may rewrite one into the update/delete it found) before the plan's
 *     own step for the same resource: the LAST step of a resource is its plan.
 *   - a `delete` whose old state says `delete: true` is an instance left pending deletion by an earlier replacement.
 */
import { UsageError } from "./errors";

export const GPU_INSTANCE_TYPE = "pulumi-nodejs:dynamic/novita:GpuInstance";
export const REGISTRY_AUTH_TYPE = "pulumi-nodejs:dynamic/novita:RegistryAuth";
export const NETWORK_STORAGE_TYPE = "pulumi-nodejs:dynamic/novita:NetworkStorage";

/** A resource as the CLI prints it (apitype.ResourceV3; `pulumi stack export` has the same shape). */
export interface ResourceV3 {
    urn: string;
    type: string;
    id?: string;
    custom?: boolean;
    delete?: boolean;
    pendingReplacement?: boolean;
    /** A resource read by `.get`: Pulumi never changes or deletes it. */
    external?: boolean;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    parent?: string;
    protect?: boolean;
    initErrors?: string[];
    provider?: string;
    dependencies?: string[];
    [key: string]: unknown;
}

export interface PreviewStep {
    op: string;
    urn: string;
    provider?: string;
    oldState?: ResourceV3;
    newState?: ResourceV3;
    diffReasons?: string[];
    replaceReasons?: string[];
    detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }> | null;
}

export interface PreviewDigest {
    config?: Record<string, string>;
    steps?: PreviewStep[];
    diagnostics?: { urn?: string; prefix?: string; message?: string; severity?: string }[];
    duration?: number;
    changeSummary?: Record<string, number>;
    maybeCorrupt?: boolean;
}

/** The logical op of one GpuInstance in the plan. */
export type PlanOp = "create" | "update" | "replace" | "delete" | "same";

export type ReplaceOrder = "create-before-delete" | "delete-before-create";

export interface GpuStep {
    urn: string;
    /** The resource name (the URN's last part). */
    name: string;
    op: PlanOp;
    old?: ResourceV3;
    new?: ResourceV3;
    replaceReasons: string[];
    /** For `replace`: the order, and whether the digest said so (`engine`) or it is the provider's default. */
    order?: { order: ReplaceOrder; from: "engine" | "provider default" };
    /** A `delete` of an instance an earlier replacement left pending deletion. */
    pendingDelete?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** Checks that `value` is a PreviewDigest (shape only); errors name the input and the field. */
export function asPreviewDigest(value: unknown, label: string): PreviewDigest {
    const wrong = (why: string) => new UsageError(`${label}: not the output of \`pulumi preview --json\`: ${why}`);
    if (!isObject(value)) throw wrong(`expected a JSON object, found ${Array.isArray(value) ? "an array" : typeof value}`);
    if ("deployment" in value && "version" in value) {
        throw wrong("this is a `pulumi stack export` file (it has `deployment`); `pulumi-novita orphans --state` reads those");
    }
    if (value.steps !== undefined && !Array.isArray(value.steps)) throw wrong("`steps` is not a list");
    const steps = (value.steps ?? []) as unknown[];
    steps.forEach((s, i) => {
        if (!isObject(s)) throw wrong(`steps[${i}] is not an object`);
        for (const k of ["op", "urn"]) if (typeof s[k] !== "string") throw wrong(`steps[${i}].${k} is missing or not a string`);
        for (const k of ["oldState", "newState"]) if (s[k] !== undefined && !isObject(s[k])) throw wrong(`steps[${i}].${k} is not an object`);
    });
    if (value.config !== undefined && !isObject(value.config)) throw wrong("`config` is not an object");
    if (!("steps" in value) && !("changeSummary" in value) && !("config" in value)) {
        throw wrong("it has none of `steps`, `changeSummary` or `config`");
    }
    return value as PreviewDigest;
}

/** `urn:pulumi:<stack>::<project>::<parent types$>type::<name>` → type and name. */
export function parseUrn(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    const qualified = parts[2] ?? "";
    return { type: qualified.split("$").pop() ?? "", name: parts.slice(3).join("::") || urn };
}

const typeOf = (s: PreviewStep) => s.newState?.type ?? s.oldState?.type ?? parseUrn(s.urn).type;

/** Ops that say nothing about what the plan creates, changes or deletes. */
const IGNORED = new Set(["refresh", "read", "read-replacement", "discard", "discard-replaced", "remove-pending-replace", "import", "import-replacement", "diff"]);

/** The plan of every GpuInstance in the digest, one entry per resource (plus pending deletes), in digest order. */
export function gpuSteps(digest: PreviewDigest): GpuStep[] {
    const byUrn = new Map<string, PreviewStep[]>();
    const out: GpuStep[] = [];
    for (const s of digest.steps ?? []) {
        if (typeOf(s) !== GPU_INSTANCE_TYPE || IGNORED.has(s.op)) continue;
        if (s.op === "delete" && s.oldState?.delete === true) {
            out.push({ urn: s.urn, name: parseUrn(s.urn).name, op: "delete", old: s.oldState, replaceReasons: [], pendingDelete: true });
            continue;
        }
        if (!byUrn.has(s.urn)) byUrn.set(s.urn, []);
        byUrn.get(s.urn)!.push(s);
    }
    for (const [urn, steps] of byUrn) {
        const name = parseUrn(urn).name;
        const replace = steps.find((s) => s.op === "replace");
        if (replace) {
            out.push({ urn, name, op: "replace", old: replace.oldState, new: replace.newState, replaceReasons: replace.replaceReasons ?? [], order: replaceOrder(steps, replace) });
            continue;
        }
        const plan = [...steps].reverse().find((s) => !["create-replacement", "delete-replaced"].includes(s.op));
        if (!plan || !["create", "update", "delete", "same"].includes(plan.op)) continue;
        out.push({ urn, name, op: plan.op as PlanOp, old: plan.oldState, new: plan.newState, replaceReasons: [] });
    }
    return out;
}

function replaceOrder(steps: PreviewStep[], replace: PreviewStep): GpuStep["order"] {
    const created = steps.findIndex((s) => s.op === "create-replacement");
    const deleted = steps.findIndex((s) => s.op === "delete-replaced");
    if (created >= 0 && deleted >= 0) return { order: deleted < created ? "delete-before-create" : "create-before-delete", from: "engine" };
    if (replace.oldState?.pendingReplacement === true) return { order: "delete-before-create", from: "engine" };
    if (replace.oldState?.delete === true) return { order: "create-before-delete", from: "engine" };
    // The GpuInstance provider's diff answers deleteBeforeReplace: false (src/provider/gpu-instance/index.ts).
    return { order: "create-before-delete", from: "provider default" };
}
