/**
 * `toPreviewDigest(result, engine)`: an offline preview as the JSON `pulumi preview --json` prints — Pulumi's
 * PreviewDigest (pkg/display/json.go) with `oldState`/`newState` as apitype.ResourceV3 — so that tools reading the
 * real CLI's output (such as `pulumi-novita cost`) run on an offline preview too. What it carries, as the CLI does:
 *   - `config`: the stack config, secrets as "[secret]"; `steps`: the stack, then each resource step (`same` steps
 *     only with `showSames`, like `--show-sames`); `changeSummary`: planned steps per op;
 *   - secrets as "[secret]" and values unknown until apply as "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
 *     (backend/display/json.go massagePropertyValue; resource/stack/deployment.go computedValuePlaceholder);
 *   - a replacement's old state marked `delete: true` (create-before-delete) or `pendingReplacement: true`
 *     (delete-before-replace), as the engine marks it during a preview (deploy/step.go).
 * Not carried: source positions, stack traces, timestamps, provider references, `detailedDiff`, durations.
 */
import { Secret, Unknown } from "./secrets";
import { STACK_TYPE } from "./state";
import type { ConfigValue, OfflineEngineOptions, OperationResult, StateResource, StepResult } from "./types";

const UNKNOWN_PLACEHOLDER = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET = "[secret]";

export interface DigestResource {
    urn: string;
    custom: boolean;
    delete?: boolean;
    pendingReplacement?: boolean;
    id?: string;
    type: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
}

export interface DigestStep {
    op: string;
    urn: string;
    oldState?: DigestResource;
    newState?: DigestResource;
    replaceReasons?: string[];
    detailedDiff: null;
}

export interface PreviewDigestJson {
    config?: Record<string, string>;
    steps: DigestStep[];
    changeSummary: Record<string, number>;
}

export interface PreviewDigestOptions {
    /** Include `same` steps (`pulumi preview --json --show-sames`). Default false. */
    showSames?: boolean;
}

/** The state a preview started from, and the engine's options (config, project, stack). */
export interface PreviewSource {
    readonly state: StateResource[];
    readonly options: OfflineEngineOptions;
}

function massage(v: unknown): unknown {
    if (v instanceof Secret) return SECRET;
    if (v instanceof Unknown) return UNKNOWN_PLACEHOLDER;
    if (Array.isArray(v)) return v.map(massage);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, massage(x)]));
    return v;
}

function blind(values: Record<string, unknown>, secretKeys: readonly string[]): Record<string, unknown> {
    return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, secretKeys.includes(k) ? SECRET : v]));
}

/** ResourceV3's `inputs`/`outputs` are `omitempty`: an empty map is left out (sdk/go/common/apitype/core.go). */
function withMaps(r: DigestResource, inputs: Record<string, unknown>, outputs?: Record<string, unknown>): DigestResource {
    if (Object.keys(inputs).length > 0) r.inputs = inputs;
    if (outputs && Object.keys(outputs).length > 0) r.outputs = outputs;
    return r;
}

function oldState(r: StateResource): DigestResource {
    const out: DigestResource = { urn: r.urn, custom: r.custom, type: r.type };
    if (r.pendingDelete) out.delete = true;
    if (r.id) out.id = r.id;
    return withMaps(out, blind(r.inputs, r.secretInputKeys), blind(r.outputs, r.secretKeys));
}

/**
 * The goal state of a step: its checked inputs, no id. Only a create-before-delete replacement's carries outputs
 * (its inputs: the preview's create of the replacement has run when the `replace` step is reported); create,
 * update, same and a delete-before-replace replacement have none. That is what CLI v3.274.1 prints
 * (test/command/fixtures/previews, compared field by field in test/testing/preview-digest.test.ts).
 */
function newState(s: StepResult, fallback: Record<string, unknown> = {}): DigestResource {
    const inputs = massage(s.inputs ?? fallback) as Record<string, unknown>;
    const outputs = s.op === "replace" && !s.deleteBeforeReplace ? inputs : undefined;
    return withMaps({ urn: s.urn, custom: true, type: s.type }, inputs, outputs);
}

function configOf(options: OfflineEngineOptions): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [raw, entry] of Object.entries(options.config ?? {}) as [string, ConfigValue][]) {
        const key = raw.includes(":") ? raw : `${options.project}:${raw}`;
        const isEntry = entry !== null && typeof entry === "object";
        const value = isEntry ? (entry as { value: unknown }).value : entry;
        out[key] = isEntry && (entry as { secret?: boolean }).secret ? SECRET : typeof value === "string" ? value : JSON.stringify(value);
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** The PreviewDigest of an offline `engine.preview()`; `engine` is the engine that ran it (its state is the preview's start). */
export function toPreviewDigest(result: OperationResult, engine: PreviewSource, options: PreviewDigestOptions = {}): PreviewDigestJson {
    if (result.kind !== "preview") throw new Error(`toPreviewDigest: a ${result.kind} result is not a preview`);
    const before = engine.state;
    const find = (s: StepResult) => before.find((r) => r.urn === s.urn && (s.oldId === undefined || r.id === s.oldId));
    const steps: DigestStep[] = [];
    const stack = before.find((r) => r.type === STACK_TYPE);
    const stackUrn = stack?.urn ?? `urn:pulumi:${result.stack}::${result.project}::${STACK_TYPE}::${result.project}-${result.stack}`;
    steps.push({ op: stack ? "same" : "create", urn: stackUrn, ...(stack ? { oldState: oldState(stack) } : {}), newState: { urn: stackUrn, custom: false, type: STACK_TYPE }, detailedDiff: null });
    const summary: Record<string, number> = { [stack ? "same" : "create"]: 1 };
    for (const s of result.steps) {
        if (s.error || s.type === STACK_TYPE) continue; // the stack's own step is the first one above
        summary[s.op] = (summary[s.op] ?? 0) + 1;
        if (s.op === "same" && !options.showSames) continue;
        const old = s.op === "create" ? undefined : find(s);
        const step: DigestStep = { op: s.op, urn: s.urn, detailedDiff: null };
        if (old) step.oldState = oldState(old);
        // A step without inputs of its own (read, refresh) shows the old inputs, blinded like the old state's.
        if (s.op !== "delete") step.newState = newState(s, old ? blind(old.inputs, old.secretInputKeys) : undefined);
        if (s.op === "replace") {
            step.replaceReasons = s.replaces ?? [];
            if (step.oldState) step.oldState[s.deleteBeforeReplace ? "pendingReplacement" : "delete"] = true;
        }
        steps.push(step);
    }
    return { config: configOf(engine.options), steps, changeSummary: summary };
}
