/**
 * The working context of one operation (one `pulumi preview/up/refresh/destroy`): its provider process, the old
 * and new state, the steps and diagnostics it produced, the parallelism limit, and the first failure.
 */
import type * as pulumi from "@pulumi/pulumi";
import { withRenamedReferences } from "./aliases";
import type { ProgramConfig } from "./program";
import { DefaultProviders, isProviderEntry } from "./providers";
import { ProviderProcess } from "./provider-process";
import { cloneResource } from "./state";
import type { Redactor } from "./secrets";
import type { Diagnostic, OperationKind, RpcCall, StateResource, StepResult } from "./types";

/** Runs at most `limit` tasks at once, first come first served. */
export class Limiter {
    private running = 0;
    private readonly queue: Array<() => void> = [];
    constructor(private readonly limit: number) {}

    async run<T>(task: () => Promise<T>): Promise<T> {
        if (this.running >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
        this.running++;
        try {
            return await task();
        } finally {
            this.running--;
            this.queue.shift()?.();
        }
    }
}

/** Thrown for a step that never started because the deployment stopped after an earlier failure. */
export class NotStarted extends Error {
    constructor() {
        super("not started: the deployment stopped after an earlier failure");
        this.name = "NotStarted";
    }
}

export interface DeploymentOptions {
    kind: OperationKind;
    project: string;
    stack: string;
    organization: string;
    parallel: number;
    mocks?: Partial<pulumi.runtime.Mocks>;
    redactor: Redactor;
    /** The current stack config (the program's, and the default provider's when a program registers it). */
    config: ProgramConfig;
    /**
     * Spawns a provider process configured with `config` (namespaced keys, plaintext values), whose
     * diagnostics/RPCs are reported to the given deployment.
     */
    startProvider(d: Deployment, config: Record<string, string>): Promise<ProviderProcess>;
    old: readonly StateResource[];
}

export class Deployment {
    readonly kind: OperationKind;
    readonly preview: boolean;
    readonly steps: StepResult[] = [];
    readonly diagnostics: Diagnostic[] = [];
    readonly rpcs: RpcCall[] = [];
    /** The previous state (copies); entries are mutated only through `markDeleted`/`markPendingDelete`. */
    readonly old: StateResource[];
    /** Live state written by this operation, in the order steps completed. */
    readonly news = new Map<string, StateResource>();
    /** URNs registered (or read) by the program in this operation. */
    readonly registered = new Set<string>();
    /** Old URN → the new URN that claimed it through an alias, and the reverse (aliases.ts). */
    readonly aliased = new Map<string, string>();
    readonly aliasOf = new Map<string, string>();
    /** Old entries to delete after all registrations (replaced resources, read-replaced ones). */
    readonly deleteAtEnd: StateResource[] = [];
    /** Steps to report a deferred delete's failure on (replace steps). */
    readonly deferredStep = new Map<StateResource, StepResult>();
    /** Stack outputs registered during this operation (wire form), if any. */
    stackOutputs: Record<string, unknown> | undefined;
    /** Limits resource operations (Create/Update/Delete/Read). */
    readonly limiter: Limiter;
    /** Step generation (Check/Diff) is serial in the engine. */
    readonly stepGen = new Limiter(1);
    /** The default provider of dynamic resources: recorded in state, and the config of each provider process. */
    readonly providers: DefaultProviders;

    private readonly deleted = new Set<StateResource>();
    private readonly pendingDelete = new Set<StateResource>();
    /** Provider processes of this operation, by configuration (the current one, or one recorded in state). */
    private readonly processes = new Map<string, Promise<ProviderProcess>>();
    private readonly active = new Set<Promise<unknown>>();
    private failed: Error | undefined;
    /** Errors `fail` returned: failing with one again records nothing new. */
    private readonly recorded = new WeakSet<Error>();
    private signalFailure!: () => void;
    /** Resolves when the first failure is recorded. */
    readonly failure: Promise<void> = new Promise((resolve) => (this.signalFailure = resolve));

    constructor(readonly opts: DeploymentOptions) {
        this.kind = opts.kind;
        this.preview = opts.kind === "preview";
        this.old = opts.old.map(cloneResource);
        this.limiter = new Limiter(opts.parallel);
        this.providers = new DefaultProviders(this.old, opts.config, opts.stack, opts.project);
    }

    get error(): Error | undefined {
        return this.failed;
    }

    /** The live (not pending-delete) old entry for a URN. */
    oldLive(urn: string): StateResource | undefined {
        return this.old.find((r) => r.urn === urn && !r.pendingDelete);
    }

    /**
     * The provider process for the program's registrations: configured with the current stack config (the
     * default provider as this run registers it), started on first use.
     */
    providerProcess(): Promise<ProviderProcess> {
        return this.processFor(this.opts.config.values);
    }

    /**
     * The provider process for a step on a resource of the previous state (refresh, delete): configured as its
     * provider is, which is the config recorded in state unless this run registered the provider (providers.ts).
     */
    providerFor(r: StateResource): Promise<ProviderProcess> {
        let config: Record<string, string>;
        try {
            config = this.providers.configFor(r);
        } catch (e) {
            return Promise.reject(e);
        }
        return this.processFor(config);
    }

    private processFor(config: Record<string, string>): Promise<ProviderProcess> {
        const key = JSON.stringify(Object.entries(config).sort(([a], [b]) => (a < b ? -1 : 1)));
        let started = this.processes.get(key);
        if (!started) {
            started = this.opts.startProvider(this, config);
            this.processes.set(key, started);
        }
        return started;
    }

    /** Tracks work that must finish before the operation ends (in-flight steps). */
    track<T>(work: Promise<T>): Promise<T> {
        this.active.add(work);
        const done = () => this.active.delete(work);
        work.then(done, done);
        return work;
    }

    /** Waits until no tracked work is in flight. */
    async settle(): Promise<void> {
        while (this.active.size > 0) await Promise.allSettled([...this.active]);
    }

    /**
     * Records a failure; the first one stops new steps from starting. Messages are masked for secrets. A
     * `NotStarted` error is not a failure: its step is dropped (the engine would never have started it).
     */
    fail(err: unknown, step?: StepResult, source: Diagnostic["source"] = "engine"): Error {
        if (err instanceof Error && this.recorded.has(err)) return err;
        if (err instanceof NotStarted) {
            const index = step ? this.steps.indexOf(step) : -1;
            if (index >= 0) this.steps.splice(index, 1);
            return err;
        }
        const raw = err instanceof Error ? err.message : String(err);
        const message = this.opts.redactor.redact(raw);
        if (step) step.error = message;
        const where = step ? `${step.type} (${step.name}): ` : "";
        this.diagnostics.push({ severity: "error", source, message: `${where}error: ${message}`, urn: step?.urn });
        const error = new Error(`${where}${message}`);
        this.recorded.add(error);
        if (!this.failed) {
            this.failed = error;
            this.signalFailure();
        }
        return error;
    }

    /**
     * Runs a resource operation (Create/Update/Read) under the parallelism limit, like a worker of the engine's
     * step executor: it does not start once the deployment has stopped, and its failure is recorded before its
     * slot is released, so a step waiting for the slot never starts after a failure.
     */
    operation<T>(step: StepResult, task: () => Promise<T>): Promise<T> {
        return this.limiter.run(async () => {
            try {
                this.assertRunning();
                return await task();
            } catch (e) {
                throw this.fail(e, step);
            }
        });
    }

    get stopped(): boolean {
        return this.failed !== undefined;
    }

    /** Throws `NotStarted` once the deployment has stopped: no new step starts after a failure. */
    assertRunning(): void {
        if (this.failed) throw new NotStarted();
    }

    /** Masks these values (the given keys of a property map) in every message from now on. */
    addSecrets(values: Record<string, unknown>, keys: readonly string[]): void {
        for (const k of keys) this.opts.redactor.add(values[k]);
    }

    note(d: Diagnostic): void {
        this.diagnostics.push({ ...d, message: this.opts.redactor.redact(d.message) });
    }

    addStep(step: StepResult): StepResult {
        this.steps.push(step);
        return step;
    }

    record(r: StateResource): void {
        this.news.delete(r.urn);
        this.news.set(r.urn, r);
    }

    markDeleted(r: StateResource): void {
        this.deleted.add(r);
        if (this.news.get(r.urn) === r) this.news.delete(r.urn);
    }

    markPendingDelete(r: StateResource): void {
        this.pendingDelete.add(r);
    }

    isDeleted(r: StateResource): boolean {
        return this.deleted.has(r);
    }

    /**
     * The state after this operation, like the engine's checkpoint: entries written by this operation in
     * completion order, then replaced entries still awaiting deletion, then untouched old entries. An old
     * provider entry nothing references any more leaves (providers.ts).
     */
    finalState(): StateResource[] {
        if (this.preview) return this.old.map(cloneResource);
        const out: StateResource[] = [...this.news.values()];
        for (const r of this.old) {
            if (this.deleted.has(r)) continue;
            if (this.pendingDelete.has(r) || r.pendingDelete) out.push({ ...r, pendingDelete: true });
            else if (this.news.has(r.urn) || (r.external && this.registered.has(r.urn))) continue;
            // An aliased resource leaves under its old URN once recorded under the new one (aliases.ts).
            else if (!this.news.has(this.aliased.get(r.urn) ?? "")) out.push(withRenamedReferences(this, r));
        }
        const deletes = this.kind === "up" || this.kind === "destroy";
        const kept = out.filter((r) => !isProviderEntry(r) || this.news.get(r.urn) === r || this.providers.keeps(r, out, deletes));
        return kept.map(cloneResource);
    }

    async close(): Promise<void> {
        const started = [...this.processes.values()];
        this.processes.clear();
        await Promise.all(started.map((p) => p.then((x) => x.close(), () => undefined)));
    }
}
