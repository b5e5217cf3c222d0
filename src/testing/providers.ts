/**
 * The default provider of dynamic resources, kept in state as Pulumi's engine keeps it: a
 * `pulumi:providers:pulumi-nodejs` resource named `default` whose inputs and outputs are the WHOLE stack config
 * (namespaced keys, secrets marked secret) at the last `up` (resource/deploy/target.go GetPackageConfig: "for
 * dynamic providers, we always pass the full configuration"; default_providers.go newRegisterDefaultProviderEvent;
 * providers/registry.go Create/Update return the config as outputs). Every dynamic resource records it as
 * `provider: "<urn>::<id>"`.
 *
 * Which configuration a provider process gets:
 * - `preview`/`up` register the default provider with the current config at the first dynamic resource. The
 *   dynamic-provider server implements neither CheckConfig nor DiffConfig, so a changed config is an in-place
 *   Update that keeps the provider's id (providers/registry.go Diff, Update): every later step of the run —
 *   Check, Diff, Create, Update, Read, and the deletes at its end — uses the current config.
 * - `refresh`, `destroy`, and the deletes of an `up` that registered no dynamic resource configure the provider
 *   from the entry in the PREVIOUS state (deployment_executor.go refresh / step_generator.go GenerateDeletes →
 *   deployment.go EnsureProvider → SameProvider → providers/registry.go Same, which Configures with the recorded
 *   inputs): the stack config at the last `up`, not the current one.
 * The old entry leaves the state when a run that did not register it leaves nothing that references it (its
 * delete follows its dependents' in the engine; a default provider's steps are not shown by the CLI, so they are
 * not steps here either).
 */
import { randomUUID } from "crypto";
import { newUrn } from "./state";
import type { ProgramConfig } from "./program";
import type { StateResource } from "./types";

export const DEFAULT_PROVIDER_TYPE = "pulumi:providers:pulumi-nodejs";

/** Provider resources (`pulumi:providers:*`): the engine's own, never read, deleted or shown as a step here. */
export function isProviderEntry(r: Pick<StateResource, "type">): boolean {
    return r.type.startsWith("pulumi:providers:");
}

export function providerRef(r: Pick<StateResource, "urn" | "id">): string {
    return `${r.urn}::${r.id}`;
}

/** The provider configuration a state entry records (string values, as Configure receives them). */
function configOf(entry: StateResource): Record<string, string> {
    return Object.fromEntries(Object.entries(entry.inputs).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

export class DefaultProviders {
    private current: StateResource | undefined;
    private readonly urn: string;

    constructor(
        private readonly old: readonly StateResource[],
        private readonly config: ProgramConfig,
        stack: string,
        project: string,
    ) {
        this.urn = newUrn(stack, project, DEFAULT_PROVIDER_TYPE, "default");
    }

    /** The default provider entry of the previous state, if any. */
    get previous(): StateResource | undefined {
        return this.old.find((r) => r.urn === this.urn && !r.pendingDelete);
    }

    /** Whether this run registered the default provider (a program registered a dynamic resource). */
    get registered(): StateResource | undefined {
        return this.current;
    }

    /**
     * Registers the default provider with the current config (once per run) and returns its state entry: the
     * previous entry's id is kept (an in-place update), else a new one is drawn, as registry.go Create does.
     */
    register(): StateResource {
        if (this.current) return this.current;
        const inputs = { ...this.config.values };
        const secret = this.config.secretKeys.filter((k) => k in inputs).sort();
        this.current = {
            urn: this.urn,
            type: DEFAULT_PROVIDER_TYPE,
            name: "default",
            custom: true,
            id: this.previous?.id ?? randomUUID(),
            inputs,
            outputs: { ...inputs },
            dependencies: [],
            propertyDependencies: {},
            secretKeys: secret,
            secretInputKeys: secret,
        };
        return this.current;
    }

    /**
     * The configuration for a step on a resource of the previous state (refresh, delete): the current config if its
     * provider was registered by this run, else the recorded one (EnsureProvider). A state written before providers
     * were recorded has no entry: the current config is used. A reference to a provider that is not in the state
     * fails, as EnsureProvider does.
     */
    configFor(r: StateResource): Record<string, string> {
        const current = this.current;
        if (current && (!r.provider || r.provider === providerRef(current))) return current.inputs as Record<string, string>;
        if (!r.provider) return this.previous ? configOf(this.previous) : this.config.values;
        const entry = this.old.find((p) => isProviderEntry(p) && providerRef(p) === r.provider);
        if (!entry) throw new Error(`could not load provider for resource ${r.urn}: could not find provider ${r.provider}`);
        return configOf(entry);
    }

    /**
     * Whether an old provider entry stays in the final state: it does if this run registered it, or something left
     * in the state still references it (a failed delete, a refresh). `destroy` and `up` drop it otherwise.
     */
    keeps(entry: StateResource, final: readonly StateResource[], deletes: boolean): boolean {
        if (!deletes || this.current?.urn === entry.urn) return true;
        const ref = providerRef(entry);
        return final.some((r) => r !== entry && (r.provider === ref || (!r.provider && r.custom && r.type.startsWith("pulumi-nodejs:dynamic"))));
    }
}
