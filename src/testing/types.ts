/** Public types of the offline engine. */
import type * as pulumi from "@pulumi/pulumi";

/** A stack config value: a plain string/number/boolean, or `{ value, secret }` (structured values go in `value`). */
export type ConfigValue = string | number | boolean | { value: unknown; secret?: boolean };

export interface OfflineEngineOptions {
    /** Project name (`PULUMI_NODEJS_PROJECT`, URNs, un-namespaced config keys). */
    project: string;
    /** Stack name. */
    stack: string;
    /** Organization (`pulumi.getOrganization()`). Default `"organization"`, the self-managed backend's value. */
    organization?: string;
    /** Full stack config, namespaced keys (`"novita:apiKey"`); keys without `:` get the project namespace. */
    config?: Record<string, ConfigValue>;
    /**
     * cwd of the provider process, where it resolves `@pulumi/pulumi` and serialized providers resolve their
     * `require`s (`pulumi-novita/provider`). Default `process.cwd()`. The CLI uses the directory of `Pulumi.yaml`,
     * or its `main:` directory when `main` is set.
     */
    providerCwd?: string;
    /** Extra environment for the provider process. */
    env?: Record<string, string>;
    /**
     * Maximum resource operations (Create/Update/Delete/Read RPCs) at once. Default `4 × os.availableParallelism()`,
     * the Pulumi CLI's own `--parallel` default since v3.101 (pulumi/pulumi#15016), so tests see production
     * concurrency. Check and Diff run one at a time, as in the engine's step generator.
     */
    parallel?: number;
    /** Fallback for non-dynamic custom resources and invokes; without it they fail with an error naming the type. */
    mocks?: Partial<pulumi.runtime.Mocks>;
    /**
     * Packages made resolvable by name in the provider process (a temp dir of symlinks appended to `NODE_PATH`),
     * which the Pulumi CLI never does. Default `{}`: as under the CLI, only what is installed where the provider
     * starts (`providerCwd`) resolves. For a package that is not installed there, e.g. `{ "pulumi-novita":
     * PACKAGE_ROOT }` when running this repository's own code.
     */
    linkPackages?: Record<string, string>;
    /** Initial state (e.g. `engine.state` saved by an earlier engine). */
    state?: readonly StateResource[];
}

/** Options of one `preview` / `up`. */
export interface RunOptions {
    /**
     * Let a program function that registers no resources delete every resource in state. Without it, such a run
     * fails with "program registered no resources on run N but state has M" (see `OfflineEngine.up`): stricter
     * than the Pulumi CLI, because here the usual cause is a top-level program module that Node had cached.
     * Module programs (a path or `ProgramModule`) are evaluated afresh on every run and never need it.
     */
    allowEmptyProgram?: boolean;
    /**
     * Refresh every resource in state first, then run the program on the refreshed state (like `pulumi up --refresh`
     * / `pulumi preview --refresh`). The refresh configures the provider from state, as the CLI's does. A failed
     * refresh fails the operation before the program runs (the error's result then carries the refresh's steps).
     * Otherwise its RPCs and diagnostics are in the result but its steps are not (the CLI's summary does not count
     * them either). A preview keeps nothing the refresh read.
     */
    refresh?: boolean;
}

/**
 * `refresh` and `destroy` take no options: CLI flags such as `--target` or `--run-program` are not implemented and
 * are refused, naming the option, if passed.
 */
export type NoOptions = Record<string, never>;

/** One resource in the engine's state (a decrypted checkpoint entry: secret values are plaintext here). */
export interface StateResource {
    urn: string;
    type: string;
    name: string;
    /** True for custom resources (provider-backed), false for components and the stack. */
    custom: boolean;
    /** Provider id; `""` for components. */
    id: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    /** URNs this resource depends on (explicit dependencies, property dependencies). */
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    parent?: string;
    /**
     * The provider this resource was created with: `"<provider urn>::<provider id>"`, for dynamic resources the
     * default `pulumi:providers:pulumi-nodejs` provider entry in the same state. Refresh and destroy configure the
     * provider from that entry (the stack config at the last `up`), as Pulumi's engine does.
     */
    provider?: string;
    /** `ignoreChanges` of the last registration (the engine keeps it in state for refresh's diff). */
    ignoreChanges?: string[];
    /** Read with `.get()` (not managed: never deleted, dropped from state when no longer read). */
    external?: boolean;
    /** Reasons recorded by a partially failed create/update (`ErrorResourceInitFailed`); next `up` updates it. */
    initErrors?: string[];
    /** Top-level output keys that are secret. */
    secretKeys: string[];
    /** Top-level input keys that are secret. */
    secretInputKeys: string[];
    protect?: boolean;
    retainOnDelete?: boolean;
    /** Replaced (create-before-delete) but not deleted yet: deleted at the start of the next up/destroy. */
    pendingDelete?: boolean;
}

export type OperationKind = "preview" | "up" | "refresh" | "destroy";

export type StepOp = "create" | "update" | "replace" | "delete" | "same" | "read" | "refresh" | "discard";

export interface StepResult {
    urn: string;
    type: string;
    name: string;
    op: StepOp;
    /** Top-level input keys that differ (old inputs vs new checked inputs, `__provider` excluded); for refresh, output keys that changed. */
    changedKeys?: string[];
    /** Keys the provider said force a replacement. */
    replaces?: string[];
    /** Replacement ran delete-then-create. */
    deleteBeforeReplace?: boolean;
    /** Resource id after the step (absent in previews for new resources). */
    id?: string;
    /** Id of the resource this step replaced or deleted. */
    oldId?: string;
    /** Error message (secrets masked) if the step failed. */
    error?: string;
    /**
     * The checked inputs the step applies (create, update, replace, same; previews included): secrets as `Secret`,
     * values unknown until apply as `UNKNOWN`. What `pulumi preview --json` shows as the step's new inputs.
     */
    inputs?: Record<string, unknown>;
}

/** Completed steps per op (previews: planned steps), plus steps that failed. */
export type Summary = Record<StepOp, number> & { failed: number };

export interface Diagnostic {
    severity: "debug" | "info" | "warning" | "error";
    /** "program" (pulumi.log, unhandled errors), "provider" (provider process stdout/stderr), "engine" (step errors). */
    source: "program" | "provider" | "engine";
    message: string;
    urn?: string;
}

export interface RpcCall {
    method: "configure" | "check" | "diff" | "create" | "update" | "delete" | "read";
    urn?: string;
}

export interface OperationResult {
    kind: OperationKind;
    project: string;
    stack: string;
    steps: StepResult[];
    /** Stack outputs: secrets as `Secret` (prints `[secret]`, `.reveal()`), unknowns (previews) as `UNKNOWN`. */
    outputs: Record<string, unknown>;
    summary: Summary;
    /** Set only on the result carried by a `DeploymentError`. */
    error?: string;
    diagnostics: Diagnostic[];
    /** Every RPC the engine sent to the provider process, in order. */
    rpcs: RpcCall[];
}
