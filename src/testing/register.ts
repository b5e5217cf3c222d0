/**
 * Routes registrations from the program: component resources (just recorded), dynamic resources (the real
 * provider process), and other custom resources / `.get()` reads (delegated to the caller's mocks).
 */
import * as pulumi from "@pulumi/pulumi";
import { oldResourceFor } from "./aliases";
import { Deployment, NotStarted } from "./deployment";
import { providerRef } from "./providers";
import { outputSecretKeys, Registered, Registration } from "./registration";
import { readDynamic, registerDynamic, toState } from "./steps";
import { changedKeys, inputsEqual, isDynamicType, PROVIDER_KEY, STACK_TYPE } from "./state";
import { splitSecrets, toProviderInputs, type PropertyMap } from "./secrets";
import { toStruct } from "./sdk";
import type { StepResult } from "./types";
import { unsupportedMessage } from "./unsupported";

/** Handles RegisterResource (or ReadResource when `reg.readId` is set). Failures are recorded on `d` and rethrown. */
export function register(d: Deployment, reg: Registration): Promise<Registered> {
    return d.track(route(d, reg));
}

async function route(d: Deployment, reg: Registration): Promise<Registered> {
    if (d.registered.has(reg.urn)) {
        const step = d.addStep({ urn: reg.urn, type: reg.type, name: reg.name, op: "create" });
        throw d.fail(new Error(`Duplicate resource URN '${reg.urn}'; try giving it a unique name`), step);
    }
    d.registered.add(reg.urn);
    if (reg.unsupported.length > 0) {
        const step = d.addStep({ urn: reg.urn, type: reg.type, name: reg.name, op: "create" });
        throw d.fail(new Error(unsupportedMessage(reg.unsupported)), step);
    }
    const dynamic = reg.custom && isDynamicType(reg.type) && PROVIDER_KEY in reg.raw;
    if (dynamic) {
        reg.provider = defaultProvider(d);
        return reg.readId !== undefined ? readDynamic(d, reg) : registerDynamic(d, reg);
    }
    if (reg.custom) return mocked(d, reg);
    return component(d, reg);
}

/**
 * The default `pulumi:providers:pulumi-nodejs` provider, registered by the first dynamic resource of the run with
 * the current stack config and recorded in state before it (providers.ts); returns its reference.
 */
function defaultProvider(d: Deployment): string {
    const first = !d.providers.registered;
    const entry = d.providers.register();
    if (first && !d.preview) d.record(entry);
    return providerRef(entry);
}

/** Component resources (and the stack) have no provider: the engine compares their inputs and records them. */
function component(d: Deployment, reg: Registration): Registered {
    const { values: inputs, secretKeys: secretInputs } = splitSecrets(reg.raw);
    d.addSecrets(inputs, secretInputs);
    let old;
    try {
        old = oldResourceFor(d, reg);
    } catch (e) {
        throw d.fail(e, d.addStep({ urn: reg.urn, type: reg.type, name: reg.name, op: "create" }));
    }
    const step = d.addStep({ urn: reg.urn, type: reg.type, name: reg.name, op: planOp(old?.inputs, inputs) });
    if (step.op === "update") step.changedKeys = changedKeys(old!.inputs, inputs);
    if (d.stopped) throw d.fail(new NotStarted(), step);
    const outputs = old?.outputs ?? {};
    const secretKeys = old?.secretKeys ?? [];
    if (!d.preview) d.record(toState(reg, "", inputs, outputs, secretKeys, secretInputs));
    return { id: "", outputs, secretKeys };
}

function planOp(olds: PropertyMap | undefined, news: PropertyMap): StepResult["op"] {
    if (!olds) return "create";
    return inputsEqual(olds, news) ? "same" : "update";
}

/** Non-dynamic custom resources: `options.mocks.newResource` answers for the provider, as under `setMocks`. */
async function mocked(d: Deployment, reg: Registration): Promise<Registered> {
    const { values: inputs, secretKeys: secretInputs } = toProviderInputs(reg.raw);
    d.addSecrets(inputs, secretInputs);
    const step = d.addStep({ urn: reg.urn, type: reg.type, name: reg.name, op: "create" });
    try {
        const old = oldResourceFor(d, reg);
        const op = reg.readId !== undefined ? "read" : planOp(old?.inputs, inputs);
        step.op = op;
        d.assertRunning();
        const newResource = d.opts.mocks?.newResource;
        if (!newResource) {
            throw new Error(
                `no provider for custom resource type '${reg.type}': the offline engine runs dynamic resources ` +
                    `(pulumi-nodejs:dynamic…) only; pass \`mocks.newResource\` to fake other providers`,
            );
        }
        const result = await newResource({
            type: reg.type,
            name: reg.name,
            inputs: pulumi.runtime.deserializeProperties(toStruct(reg.raw)),
            provider: reg.provider,
            custom: true,
            id: reg.readId ?? reg.importId,
        });
        const wire = (await pulumi.runtime.serializeProperties(`mock ${reg.name}`, result.state ?? {})) as PropertyMap;
        const { values: outputs, secretKeys: secretOutputs } = splitSecrets(wire);
        const id = result.id ?? "";
        const secretKeys = outputSecretKeys(outputs, secretOutputs, secretInputs, reg.additionalSecretOutputs);
        if (op === "update") step.changedKeys = changedKeys(old!.inputs, inputs);
        if (!d.preview) {
            const state = toState(reg, id, inputs, outputs, secretKeys, secretInputs);
            d.record(op === "read" ? { ...state, external: true } : state);
        }
        step.id = id || undefined;
        return { id, outputs, secretKeys };
    } catch (e) {
        throw d.fail(e, step);
    }
}

/** RegisterResourceOutputs: a component's (or the stack's) outputs. */
export function registerOutputs(d: Deployment, urn: string, raw: PropertyMap): void {
    if (urn.split("::")[2] === STACK_TYPE) d.stackOutputs = raw;
    const { values, secretKeys } = splitSecrets(raw);
    d.addSecrets(values, secretKeys);
    const r = d.news.get(urn);
    if (r) {
        r.outputs = values;
        r.secretKeys = secretKeys;
    }
}
