/**
 * `pulumi refresh`: Read every dynamic resource with its id, properties = old OUTPUTS, inputs = old inputs (the
 * old `__provider` therefore comes from state), on a provider configured from state (providers.ts). An empty id
 * drops the resource from state; otherwise its outputs (and inputs, if the provider returned some) are replaced, and
 * its init errors cleared. Secret marks carry over by key, as the engine's `annotateSecrets` does with the old state.
 * Then, as the CLI does since v3.120 (resource/deploy/step.go RefreshStep.Apply), Diff decides whether the step is a
 * change: the diff an `up` of an unchanged program would see, framed from the refreshed state (olds = refreshed
 * outputs and inputs, news = old inputs); a Diff that fails fails the refresh (the state read is kept). `.get()`
 * resources compare outputs only, without a Diff.
 */
import { Deployment } from "./deployment";
import type { ProviderProcess } from "./provider-process";
import { isProviderEntry } from "./providers";
import { clone, deepEqual, inputsEqual, isDynamicType } from "./state";
import { applyIgnoreChanges, outputSecretKeys } from "./registration";
import type { PropertyMap } from "./secrets";
import type { StateResource, StepResult } from "./types";

export async function refreshAll(d: Deployment): Promise<void> {
    const readable = d.old.filter((r) => r.custom && isDynamicType(r.type) && r.id);
    for (const r of d.old) {
        if (readable.includes(r)) continue;
        if (isProviderEntry(r)) {
            d.record(clone(r)); // never changed by a refresh (RefreshStep.Apply), and not shown as a step
            continue;
        }
        // Components, the stack and mocked resources have nothing to read: reported unchanged.
        d.addStep({ urn: r.urn, type: r.type, name: r.name, op: "same", id: r.id || undefined });
        if (!r.pendingDelete) d.record(clone(r));
    }
    // Reads run in parallel up to the limit; after a failure no new read starts (unread resources stay as they were).
    await Promise.all(
        readable.map((r) => d.track(d.limiter.run(async () => (d.stopped ? undefined : refreshOne(d, r))))),
    );
}

async function refreshOne(d: Deployment, old: StateResource): Promise<void> {
    const step: StepResult = d.addStep({ urn: old.urn, type: old.type, name: old.name, op: "same", id: old.id });
    try {
        const provider = await d.providerFor(old);
        const res = await provider.read({
            id: old.id,
            urn: old.urn,
            name: old.name,
            type: old.type,
            properties: old.outputs,
            inputs: old.inputs,
        });
        if (!res.id) {
            step.op = "delete";
            step.oldId = old.id;
            step.id = undefined;
            d.markDeleted(old);
            return;
        }
        const inputs = res.inputs ?? old.inputs;
        const outputs = res.properties;
        const changed = [...new Set([...Object.keys(old.outputs), ...Object.keys(outputs)])]
            .filter((k) => !deepEqual(old.outputs[k], outputs[k]))
            .sort();
        // A Diff that fails fails the step, but the state read is kept: the engine rebuilds its base state from
        // every refresh step's new state, failed or not (deployment_executor.go refresh → rebuildBaseState).
        const verdict = await refreshChanges(provider, old, res.id, inputs, outputs).then((changes) => ({ changes }), (error: unknown) => ({ error }));
        if ("changes" in verdict && verdict.changes) {
            step.op = "refresh";
            step.changedKeys = changed;
        }
        step.id = res.id;
        // RefreshStep (step.go) sets the init errors to what Read returned: none, as a dynamic provider cannot answer a
        // Read with a partial failure. A resource recorded mid-create is therefore a plain resource after a refresh.
        const { initErrors: _cleared, ...kept } = clone(old);
        const refreshed: StateResource = {
            ...kept,
            id: res.id,
            inputs,
            outputs,
            secretKeys: outputSecretKeys(outputs, old.secretKeys, old.secretInputKeys),
            secretInputKeys: outputSecretKeys(inputs, old.secretInputKeys),
        };
        if (old.pendingDelete) {
            // A replaced resource still awaiting deletion stays one: keep it out of the live entries.
            Object.assign(old, refreshed);
            delete old.initErrors;
        } else d.record(refreshed);
        if ("error" in verdict) throw verdict.error;
    } catch (e) {
        d.fail(e, step);
    }
}

/**
 * Whether a refreshed resource changed, as RefreshStep.ResultOp decides: for a managed resource, the provider's Diff
 * with the refreshed state as olds and the old inputs as news (diffResource; DIFF_UNKNOWN → the engine compares the
 * inputs, the old ones with ignoreChanges applied); for a `.get()` resource, whether the outputs changed.
 */
async function refreshChanges(provider: ProviderProcess, old: StateResource, id: string, inputs: PropertyMap, outputs: PropertyMap): Promise<boolean> {
    if (old.external) return !deepEqual(outputs, old.outputs);
    const ignoreChanges = old.ignoreChanges ?? [];
    const diff = await provider.diff({ id, urn: old.urn, name: old.name, type: old.type, olds: outputs, oldInputs: inputs, news: old.inputs, ignoreChanges });
    if (diff.changes !== "unknown") return diff.changes === "some";
    return !inputsEqual(inputs, ignoreChanges.length ? applyIgnoreChanges(inputs, old.inputs, ignoreChanges) : old.inputs);
}
