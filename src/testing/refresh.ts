/**
 * `pulumi refresh`: Read every dynamic resource with its id, properties = old OUTPUTS, inputs = old inputs (the
 * old `__provider` therefore comes from state), on a provider configured from state (providers.ts). An empty id
 * drops the resource from state; otherwise its outputs (and inputs, if the provider returned some) are replaced, and
 * its init errors cleared. Secret marks carry over by key, as the engine's `annotateSecrets` does with the old state.
 */
import { Deployment } from "./deployment";
import { isProviderEntry } from "./providers";
import { clone, deepEqual, isDynamicType } from "./state";
import { outputSecretKeys } from "./registration";
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
        if (changed.length > 0 || res.id !== old.id || !deepEqual(inputs, old.inputs)) {
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
            return;
        }
        d.record(refreshed);
    } catch (e) {
        d.fail(e, step);
    }
}
