/**
 * OfflineEngine: `pulumi preview / up / refresh / destroy` for programs whose resources are Pulumi dynamic
 * resources, without the Pulumi CLI. The program runs in this process under Pulumi's mock runtime; every dynamic
 * resource operation goes to the real `@pulumi/pulumi/cmd/dynamic-provider` gRPC server (one fresh process per
 * operation, as each CLI run starts a fresh plugin), following the engine's rules (docs/engine-fidelity.md).
 *
 * Failures: an operation that fails REJECTS with a `DeploymentError` whose `result` carries the steps, diagnostics
 * and `error`; the state it reached is kept (`engine.state`), like the engine's checkpoint.
 */
import * as os from "os";
import { Deployment } from "./deployment";
import { destroyAll, endOfRunDeletes, pendingDeletes } from "./deletes";
import { ModuleLinks } from "./module-links";
import { summarize } from "./plan";
import { runProgram, type ProgramConfig } from "./program";
import { resolveProgram, type ProgramSource, type ResolvedProgram } from "./program-module";
import { isProviderEntry } from "./providers";
import { ProviderProcess } from "./provider-process";
import { refreshAll } from "./refresh";
import { Redactor, toCallerValue, toProgramOutputs } from "./secrets";
import { cloneResource, STACK_TYPE } from "./state";
import type { ConfigValue, NoOptions, OfflineEngineOptions, OperationKind, OperationResult, RunOptions, StateResource } from "./types";
import { refuseUnknownRunOptions, refuseUnsupportedConfig } from "./unsupported";

/** The options `preview` and `up` implement (RunOptions); anything else is refused, naming it. */
const RUN_OPTIONS = ["allowEmptyProgram", "refresh"] as const;

/** Thrown (as a rejection) by a failed operation. `result` is the full operation result, with `error` set. */
export class DeploymentError extends Error {
    constructor(readonly result: OperationResult) {
        super(`${result.kind} failed: ${result.error}`);
        this.name = "DeploymentError";
    }
}

/** The Pulumi CLI's default `--parallel` since v3.101 (pulumi/pulumi#15016): 4 × CPUs. */
export function defaultParallelism(): number {
    return 4 * (typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length);
}

export class OfflineEngine {
    private current: StateResource[];
    private readonly config: ProgramConfig;
    private readonly redactor = new Redactor();
    private links: ModuleLinks | undefined;
    private running: Promise<unknown> | undefined;
    private closed = false;
    /** Program runs (previews and ups) so far, for messages. */
    private programRuns = 0;
    readonly parallel: number;

    constructor(readonly options: OfflineEngineOptions) {
        if (!options.project || !options.stack) throw new Error("OfflineEngine: `project` and `stack` are required");
        this.parallel = options.parallel ?? defaultParallelism();
        if (!Number.isInteger(this.parallel) || this.parallel < 1) throw new Error("OfflineEngine: `parallel` must be a positive integer");
        this.config = normalizeConfig(options.project, options.config ?? {});
        refuseUnsupportedConfig(Object.keys(this.config.values));
        for (const key of this.config.secretKeys) this.redactor.add(this.config.values[key]);
        this.current = (options.state ?? []).map(cloneResource);
        this.current.forEach((r) => this.rememberSecrets(r));
    }

    /** The resources in state (copies), in checkpoint order. Secret values are plaintext; see `secretKeys`. */
    get state(): StateResource[] {
        return this.current.map(cloneResource);
    }

    /**
     * Runs the program and reports what `up` would do; calls only Check and Diff; never changes state. The program
     * is a function, or a module path / `ProgramModule` evaluated afresh on every run (for programs that declare
     * resources at module top level).
     */
    preview(program: ProgramSource, options?: RunOptions): Promise<OperationResult> {
        return this.run("preview", program, options);
    }

    /** Runs the program and applies the changes (like `pulumi up --skip-preview`). Programs: see `preview`. */
    up(program: ProgramSource, options?: RunOptions): Promise<OperationResult> {
        return this.run("up", program, options);
    }

    /**
     * Reads every dynamic resource from its provider and updates state (like `pulumi refresh`). The provider is
     * configured from state (the stack config at the last `up`), as the CLI's is without `--run-program`.
     */
    refresh(options?: NoOptions): Promise<OperationResult> {
        return this.run("refresh", undefined, options);
    }

    /**
     * Deletes every managed resource, dependents first (like `pulumi destroy`), with the provider configured from
     * state (the stack config at the last `up`), as the CLI's is without `--run-program`.
     */
    destroy(options?: NoOptions): Promise<OperationResult> {
        return this.run("destroy", undefined, options);
    }

    /**
     * Waits for a running operation, then releases the temp module-link directory. Provider processes never
     * outlive an operation. The engine cannot be used afterwards.
     */
    async close(): Promise<void> {
        this.closed = true;
        await this.running?.catch(() => undefined);
        this.links?.dispose();
        this.links = undefined;
    }

    private run(kind: OperationKind, source?: ProgramSource, options: RunOptions = {}): Promise<OperationResult> {
        if (this.closed) return Promise.reject(new Error("OfflineEngine: the engine is closed"));
        try {
            refuseUnknownRunOptions(kind, options, kind === "up" || kind === "preview" ? RUN_OPTIONS : []);
        } catch (e) {
            return Promise.reject(e);
        }
        if (this.running) {
            return Promise.reject(new Error("OfflineEngine: an operation is already running; await it before starting another"));
        }
        let program: ResolvedProgram | undefined;
        try {
            program = resolveProgram(source);
        } catch (e) {
            return Promise.reject(e);
        }
        const op = this.operate(kind, program, options);
        this.running = op;
        const clear = () => (this.running = undefined);
        op.then(clear, clear);
        return op;
    }

    private async operate(kind: OperationKind, program: ResolvedProgram | undefined, options: RunOptions): Promise<OperationResult> {
        let base = this.current;
        let before: Deployment | undefined;
        if (options.refresh && (kind === "up" || kind === "preview")) {
            // `up --refresh` / `preview --refresh`: every resource in state is refreshed first, with the provider
            // configured from state, and the update runs on the refreshed state; a failed refresh ends the
            // operation (deployment_executor.go Execute: ex.refresh before the step generator).
            before = await this.deployment("refresh", base, (r) => refreshAll(r));
            if (before.error) {
                if (kind === "up") this.commit(before);
                throw new DeploymentError({ ...this.result(before), kind });
            }
            base = before.finalState();
        }
        const d = await this.deployment(kind, base, (dep) => this.execute(dep, program, options));
        // Like the engine's checkpoint, the state reached is kept whether or not the operation failed.
        if (kind !== "preview") this.commit(d);
        const result = this.result(d);
        if (before) {
            // The refresh's steps are not the update's (the CLI's summary of `up --refresh` does not count them);
            // its RPCs and diagnostics come first.
            result.rpcs = [...before.rpcs, ...result.rpcs];
            result.diagnostics = [...before.diagnostics, ...result.diagnostics];
        }
        if (result.error !== undefined) throw new DeploymentError(result);
        return result;
    }

    /** Runs one deployment (one engine operation) over `old` to its end: every step settled, providers closed. */
    private async deployment(kind: OperationKind, old: readonly StateResource[], work: (d: Deployment) => Promise<void>): Promise<Deployment> {
        const d = new Deployment({
            kind,
            project: this.options.project,
            stack: this.options.stack,
            organization: this.options.organization ?? "organization",
            parallel: this.parallel,
            mocks: this.options.mocks,
            redactor: this.redactor,
            config: this.config,
            old,
            startProvider: (dep, config) => this.startProvider(dep, config),
        });
        try {
            await work(d);
        } catch (e) {
            d.fail(e);
        } finally {
            await d.settle();
            await d.close();
        }
        return d;
    }

    private commit(d: Deployment): void {
        this.current = d.finalState();
        this.current.forEach((r) => this.rememberSecrets(r));
    }

    private async execute(d: Deployment, program: ResolvedProgram | undefined, options: RunOptions): Promise<void> {
        switch (d.kind) {
            case "preview":
            case "up": {
                if (!program) throw new Error(`${d.kind} needs a program`);
                const run = ++this.programRuns;
                await pendingDeletes(d);
                if (d.stopped) return;
                await runProgram(d, program.run, this.config);
                if (!program.fresh && !options.allowEmptyProgram) refuseEmptyProgram(d, run);
                await endOfRunDeletes(d);
                return;
            }
            case "refresh":
                return refreshAll(d);
            case "destroy":
                return destroyAll(d);
        }
    }

    /**
     * Starts the plugin as the CLI does: in `providerCwd` (the project's directory, or its `main:` directory), with
     * this process's environment, the `@pulumi/pulumi` and `pulumi-novita` resolvable from there. Only
     * `linkPackages`, when a caller asks for it, adds a `NODE_PATH` entry.
     */
    private startProvider(d: Deployment, config: Record<string, string>): Promise<ProviderProcess> {
        this.links ??= ModuleLinks.create(this.options.linkPackages ?? {});
        const env: Record<string, string | undefined> = { ...this.options.env };
        if (this.links.dir) env.NODE_PATH = this.links.nodePath(env.NODE_PATH ?? process.env.NODE_PATH);
        return ProviderProcess.start({
            project: this.options.project,
            config,
            cwd: this.options.providerCwd ?? process.cwd(),
            env,
            redactor: this.redactor,
            onDiagnostic: (diag) => d.note(diag),
            onRpc: (call) => d.rpcs.push(call),
        });
    }

    private result(d: Deployment): OperationResult {
        let outputs: Record<string, unknown> = {};
        if (d.kind === "preview" && d.stackOutputs) outputs = d.stackOutputs;
        else if (d.kind !== "destroy") {
            const stack = this.current.find((r) => r.type === STACK_TYPE && !r.pendingDelete);
            if (stack) outputs = toProgramOutputs(stack.outputs, stack.secretKeys);
        }
        const result: OperationResult = {
            kind: d.kind,
            project: this.options.project,
            stack: this.options.stack,
            steps: d.steps,
            outputs: toCallerValue(outputs) as Record<string, unknown>,
            summary: summarize(d.steps),
            diagnostics: d.diagnostics,
            rpcs: d.rpcs,
        };
        if (d.error) result.error = d.error.message;
        return result;
    }

    /** Secret values from state are masked in every message this engine produces. */
    private rememberSecrets(r: StateResource): void {
        for (const k of r.secretKeys) this.redactor.add(r.outputs[k]);
        for (const k of r.secretInputKeys) this.redactor.add(r.inputs[k]);
    }
}

/**
 * A program function that registered nothing while the stack has resources is almost always a top-level program
 * module `require`d a second time (Node caches it, so nothing runs). The real CLI cannot hit this (one process
 * per run) and would plan the deletes; we fail instead. `allowEmptyProgram` is the opt-out for a deliberate
 * empty program.
 */
function refuseEmptyProgram(d: Deployment, run: number): void {
    if (d.stopped) return;
    const isStack = (urn: string) => urn.split("::")[2] === STACK_TYPE;
    if ([...d.registered].some((urn) => !isStack(urn))) return;
    // Managed resources only: read (`.get()`) ones are just dropped from state, never deleted.
    const inState = d.old.filter((r) => r.type !== STACK_TYPE && !r.pendingDelete && !r.external && !isProviderEntry(r)).length;
    if (inState === 0) return;
    d.fail(
        new Error(
            `program registered no resources on run ${run} but state has ${inState}: if your program declares ` +
                "resources at module top level, pass it as a module path (engine.up(require.resolve(\"./index\")) or " +
                "engine.up({ main })) so that each run evaluates it afresh, as the Pulumi CLI does; to delete every " +
                "resource on purpose, call destroy() or pass { allowEmptyProgram: true } (see \"Testing your stack\" " +
                "in the pulumi-novita README)",
        ),
    );
}

function normalizeConfig(project: string, config: Record<string, ConfigValue>): ProgramConfig {
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [rawKey, entry] of Object.entries(config)) {
        const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
        const isEntry = entry !== null && typeof entry === "object";
        const value = isEntry ? (entry as { value: unknown }).value : entry;
        values[key] = typeof value === "string" ? value : JSON.stringify(value);
        if (isEntry && (entry as { secret?: boolean }).secret) secretKeys.push(key);
    }
    return { values, secretKeys };
}
