/**
 * Steps for a dynamic resource registration, following the engine (step_generator.go, step.go,
 * provider_plugin.go): Check → (new: Create | existing: Diff → Same / Update / Replace), and Read for `.get()`.
 * Previews run only Check and Diff and answer with the checked inputs as outputs.
 */
import { oldResourceFor } from "./aliases";
import { Deployment } from "./deployment";
import { ProviderProcess, ProviderRpcError } from "./provider-process";
import { applyIgnoreChanges, outputSecretKeys, Registered, Registration } from "./registration";
import { UNKNOWN_SENTINEL } from "./sdk";
import { changedKeys, clone, dependsOn, inputsEqual } from "./state";
import { toCallerValue, toProgramOutputs, toProviderInputs, type PropertyMap } from "./secrets";
import type { StateResource, StepResult } from "./types";

type Plan =
    | { op: "create"; inputs: PropertyMap }
    | { op: "same" | "update"; inputs: PropertyMap; old: StateResource; changed: string[] }
    | { op: "replace"; inputs: PropertyMap; old: StateResource; changed: string[]; replaces: string[]; dbr: boolean };

export async function registerDynamic(d: Deployment, reg: Registration): Promise<Registered> {
    const { values: news, secretKeys: secretInputs } = toProviderInputs(reg.raw);
    d.addSecrets(news, secretInputs);
    const step = d.addStep({ urn: reg.urn, type: reg.type, name: reg.name, op: "create" });
    try {
        const prior = oldResourceFor(d, reg);
        const old = prior && !prior.external ? prior : undefined;
        if (old) step.op = "update";
        const plan = await d.stepGen.run(() => planStep(d, reg, news, old));
        step.op = plan.op;
        step.inputs = toCallerValue(toProgramOutputs(plan.inputs, secretInputs)) as Record<string, unknown>;
        if (plan.op !== "create") {
            step.oldId = plan.old.id;
            if (plan.op !== "same") step.changedKeys = plan.changed;
        }
        if (plan.op === "replace") {
            step.replaces = plan.replaces;
            step.deleteBeforeReplace = plan.dbr;
        }
        if (d.preview) return previewAnswer(plan, secretInputs, reg);
        if (plan.op === "same") return same(d, reg, plan.old, plan.inputs, secretInputs, step);
        return await d.operation(step, () => execute(d, reg, plan, secretInputs, step));
    } catch (e) {
        throw d.fail(e, step);
    }
}

async function planStep(d: Deployment, reg: Registration, news: PropertyMap, old: StateResource | undefined): Promise<Plan> {
    d.assertRunning();
    if (reg.importId) throw new Error("the `import` resource option is not supported for dynamic resources (pulumi/pulumi#16175)");
    const provider = await d.providerProcess();
    const programInputs = old && reg.ignoreChanges.length ? applyIgnoreChanges(old.inputs, news, reg.ignoreChanges) : news;
    const checked = await provider.check({ urn: reg.urn, name: reg.name, type: reg.type, olds: old?.inputs ?? {}, news: programInputs });
    if (checked.failures.length > 0) {
        throw new Error(`check failed: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    }
    const inputs = checked.inputs;
    if (!old) return { op: "create", inputs };

    const diff = await provider.diff({
        id: old.id,
        urn: reg.urn,
        name: reg.name,
        type: reg.type,
        olds: old.outputs,
        oldInputs: old.inputs,
        news: inputs,
        ignoreChanges: reg.ignoreChanges,
    });
    const changed = changedKeys(old.inputs, inputs);
    let changes = diff.changes;
    let replaces = diff.replaces;
    if (changes === "unknown") {
        // No diff() in the provider: the engine diffs old inputs against new inputs, __provider included, and can
        // then honour replaceOnChanges with the keys it computed.
        changes = inputsEqual(old.inputs, inputs) ? "none" : "some";
        const triggers = reg.replaceOnChanges;
        replaces = triggers.includes("*") ? changed : changed.filter((k) => triggers.includes(k));
    }
    if (changes === "none" && !old.initErrors?.length) return { op: "same", inputs, old, changed };
    if (changes !== "none" && replaces.length > 0) {
        // Both the old and the new registration must be protected to refuse: removing `protect` and replacing in
        // one run is allowed (step_generator.go generateStepsFromDiff: `new.Protect && old.Protect`).
        if (old.protect && reg.protect) {
            throw new Error(`unable to replace resource "${reg.urn}" as it is currently marked for protection`);
        }
        const dbr = reg.deleteBeforeReplace ?? diff.deleteBeforeReplace;
        if (dbr) refuseDependentReplacements(d, reg, old);
        // A replacement recomputes defaults: the engine runs Check again WITHOUT olds and with the program's inputs
        // as registered, ignoreChanges NOT applied (step_generator.go, "we need to recompute the default values":
        // NewInputs: goal.Properties), so auto-names and other defaults are drawn anew and ignored keys take the
        // program's values.
        const fresh = await provider.check({ urn: reg.urn, name: reg.name, type: reg.type, olds: {}, news });
        if (fresh.failures.length > 0) {
            throw new Error(`check failed: ${fresh.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
        }
        return { op: "replace", inputs: fresh.inputs, old, changed, replaces, dbr };
    }
    return { op: "update", inputs, old, changed };
}

/**
 * A delete-before-replace makes the engine delete first every dependent whose Diff, with the inputs that come from
 * the condemned resource unknown, asks for a replacement (step_generator.go calculateDependentReplacements). The
 * offline engine does not compute that cascade, so it refuses a delete-before-replace of a resource that custom
 * resources in state depend on.
 */
function refuseDependentReplacements(d: Deployment, reg: Registration, old: StateResource): void {
    const dependents = d.old
        .filter((r) => r !== old && !r.pendingDelete && r.custom && !r.external && dependsOn(r).has(old.urn))
        .map((r) => r.urn);
    if (dependents.length === 0) return;
    throw new Error(
        `the offline engine does not implement the dependent replacements of a delete-before-replace: "${reg.urn}" ` +
            `must be deleted before it is replaced, and ${dependents.join(", ")} depend${dependents.length > 1 ? "" : "s"} ` +
            "on it; run this change with the real Pulumi CLI",
    );
}

/** Preview: no Create/Update; outputs are the checked inputs (output-only properties stay unknown). */
function previewAnswer(plan: Plan, secretInputs: string[], reg: Registration): Registered {
    if (plan.op === "same") {
        const outputs = plan.old.outputs;
        return { id: plan.old.id, outputs, secretKeys: outputSecretKeys(outputs, plan.old.secretKeys, secretInputs, reg.additionalSecretOutputs) };
    }
    const id = plan.op === "update" ? plan.old.id : "";
    return { id, outputs: plan.inputs, secretKeys: outputSecretKeys(plan.inputs, secretInputs, reg.additionalSecretOutputs) };
}

/** SameStep: the new inputs are stored, the OLD outputs (and so the old `__provider`) are kept. */
function same(d: Deployment, reg: Registration, old: StateResource, inputs: PropertyMap, secretInputs: string[], step: StepResult): Registered {
    const secretKeys = outputSecretKeys(old.outputs, old.secretKeys, secretInputs, reg.additionalSecretOutputs);
    d.record(toState(reg, old.id, inputs, old.outputs, secretKeys, secretInputs, old.initErrors));
    step.id = old.id;
    return { id: old.id, outputs: old.outputs, secretKeys };
}

async function execute(d: Deployment, reg: Registration, plan: Plan, secretInputs: string[], step: StepResult): Promise<Registered> {
    d.assertRunning();
    const provider = await d.providerProcess();
    const finish = (id: string, outputs: PropertyMap, initErrors?: string[]): Registered => {
        const secretKeys = outputSecretKeys(outputs, secretInputs, reg.additionalSecretOutputs);
        d.addSecrets(outputs, secretKeys);
        d.record(toState(reg, id, plan.inputs, outputs, secretKeys, secretInputs, initErrors));
        step.id = id;
        return { id, outputs, secretKeys };
    };
    const { urn, name, type } = reg;
    if (plan.op === "update" || plan.op === "same") {
        const { old } = plan;
        const args = { id: old.id, urn, name, type, olds: old.outputs, oldInputs: old.inputs, news: plan.inputs, ignoreChanges: reg.ignoreChanges };
        try {
            return finish(old.id, (await provider.update(args)).properties);
        } catch (e) {
            // A partially failed update keeps the OLD inputs with the new outputs: the resource was not updated to
            // the new inputs (engine/update.go OnResourceStepPost, StatusPartialFailure && OpUpdate).
            const keepOld = (id: string, outputs: PropertyMap, initErrors?: string[]): Registered => {
                const secretKeys = outputSecretKeys(outputs, secretInputs, old.secretInputKeys, reg.additionalSecretOutputs);
                d.addSecrets(outputs, secretKeys);
                d.record(toState(reg, id, old.inputs, outputs, secretKeys, old.secretInputKeys, initErrors));
                step.id = id;
                return { id, outputs, secretKeys };
            };
            throw recordInitFailure(e, keepOld);
        }
    }
    if (plan.op === "replace" && plan.dbr) {
        await deleteResource(await d.providerFor(plan.old), plan.old);
        d.markDeleted(plan.old);
    }
    let created;
    try {
        created = await provider.create({ urn, name, type, properties: plan.inputs });
    } catch (e) {
        if (plan.op === "replace" && !plan.dbr && e instanceof ProviderRpcError && e.initFailure) d.markPendingDelete(plan.old);
        throw recordInitFailure(e, finish);
    }
    if (!created.id) throw new Error(`provider returned an empty ID from create of '${urn}'`);
    const result = finish(created.id, created.properties);
    if (plan.op === "replace" && !plan.dbr) {
        // Create-before-delete: the replaced resource is deleted at the end of the deployment (DeleteReplaced).
        d.markPendingDelete(plan.old);
        d.deleteAtEnd.push(plan.old);
        d.deferredStep.set(plan.old, step);
    }
    return result;
}

/** ErrorResourceInitFailed: the resource exists; record it with its id, properties and init errors, then fail. */
function recordInitFailure(e: unknown, finish: (id: string, outputs: PropertyMap, initErrors?: string[]) => Registered): unknown {
    if (e instanceof ProviderRpcError && e.initFailure) {
        const { id, properties, reasons } = e.initFailure;
        finish(id, properties, reasons.length ? reasons : [e.message]);
        const why = reasons.length ? `: ${reasons.join("; ")}` : "";
        return new Error(`${e.message} (resource ${id} was created but failed to initialize${why})`);
    }
    return e;
}

/** Delete RPC with the OLD outputs (and so the old `__provider`), unless the resource is retained. */
export async function deleteResource(provider: ProviderProcess, r: StateResource): Promise<void> {
    if (r.retainOnDelete) return;
    await provider.delete({ id: r.id, urn: r.urn, name: r.name, type: r.type, properties: r.outputs, oldInputs: r.inputs });
}

/** `Resource.get(name, id)`: Read with properties = inputs = program inputs; recorded as external. */
export async function readDynamic(d: Deployment, reg: Registration): Promise<Registered> {
    const { values: inputs, secretKeys: secretInputs } = toProviderInputs(reg.raw);
    d.addSecrets(inputs, secretInputs);
    const id = reg.readId ?? "";
    const step = d.addStep({ urn: reg.urn, type: reg.type, name: reg.name, op: "read", id });
    try {
        d.assertRunning();
        const prior = oldResourceFor(d, reg);
        if (prior && !prior.external) d.deleteAtEnd.push(prior); // a managed resource replaced by a read
        if (d.preview && (!id || id === UNKNOWN_SENTINEL)) return { id: "", outputs: {}, secretKeys: [] };
        const provider = await d.providerProcess();
        const res = await d.operation(step, () =>
            provider.read({ id, urn: reg.urn, name: reg.name, type: reg.type, properties: inputs, inputs }),
        );
        // ReadStep (step.go): the engine errors only when the provider returns no outputs at all, which Pulumi's
        // dynamic-provider server never does (it always adds `__provider`). An empty id keeps the requested one: a
        // provider that answers "not found" with `{}` gets the resource recorded with those outputs, no error.
        const readId = res.id || id;
        const secretKeys = outputSecretKeys(res.properties, secretInputs, reg.additionalSecretOutputs);
        d.addSecrets(res.properties, secretKeys);
        if (!d.preview) d.record({ ...toState(reg, readId, inputs, res.properties, secretKeys, secretInputs), external: true });
        step.id = readId;
        return { id: readId, outputs: res.properties, secretKeys };
    } catch (e) {
        throw d.fail(e, step);
    }
}

export function toState(
    reg: Registration,
    id: string,
    inputs: PropertyMap,
    outputs: PropertyMap,
    secretKeys: string[],
    secretInputKeys: string[],
    initErrors?: string[],
): StateResource {
    const r: StateResource = {
        urn: reg.urn,
        type: reg.type,
        name: reg.name,
        custom: reg.custom,
        id,
        inputs,
        outputs,
        dependencies: [...reg.dependencies],
        propertyDependencies: clone(reg.propertyDependencies),
        secretKeys,
        secretInputKeys: [...secretInputKeys].sort(),
    };
    if (reg.parent) r.parent = reg.parent;
    if (reg.provider) r.provider = reg.provider;
    if (reg.ignoreChanges.length) r.ignoreChanges = [...reg.ignoreChanges];
    if (initErrors?.length) r.initErrors = initErrors;
    if (reg.protect) r.protect = true;
    if (reg.retainOnDelete) r.retainOnDelete = true;
    return r;
}
