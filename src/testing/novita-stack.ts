/**
 * Testing your own stacks against the embedded Novita simulator.
 *
 *   const stack = await startNovitaTestStack({ config: { registryPassword: { value: "pw", secret: true } } });
 *   const up = await stack.engine.up(program);
 *   expect(planOf(up)).toEqual({ registry: "create", trainer: "create" });
 *   expect(hasNoChanges(await stack.engine.preview(program))).toBe(true);
 *   await stack.engine.destroy();
 *   expect(stack.orphans()).toEqual([]);
 *   await stack.close();
 *
 * `startNovitaTestStack` starts a time-scaled simulator and an `OfflineEngine` whose stack config points the
 * provider at it (`novita:apiKey` as a secret, `novita:baseUrl`, `novita:timeScale`). The rest are small pure
 * helpers that turn an `OperationResult` into values that are pleasant to assert on.
 */
import { startSimulator, type SimInstance, type Simulator, type SimulatorOptions } from "../simulator";
import { OfflineEngine } from "./engine";
import { GPU_INSTANCE_TYPE, instanceOrphans, liveInstances, plaintextLeaks } from "./novita-checks";
import { Secret, Unknown } from "./secrets";
import { STACK_TYPE } from "./state";
import type { ConfigValue, OfflineEngineOptions, OperationResult, StepOp } from "./types";

/** Real seconds per simulated second in tests: a 60 s boot takes 60 ms. */
export const DEFAULT_TEST_TIME_SCALE = 0.001;

export interface NovitaTestStackOptions {
    /** Project name (URNs, un-namespaced config keys). Default `"novita-test"`. */
    project?: string;
    /** Default `"test"`. */
    stack?: string;
    /**
     * A running simulator to use (it is not closed by `close()`), or options for a new one. A new simulator gets
     * `timeScale` and `seed: 1` unless given here.
     */
    simulator?: Simulator | SimulatorOptions;
    /** Real seconds per simulated second, for a new simulator and for `novita:timeScale`. Default 0.001. */
    timeScale?: number;
    /** More stack config: your program's keys (`"registryPassword"` → `<project>:registryPassword`) or overrides. */
    config?: Record<string, ConfigValue>;
    /** Other engine options: `providerCwd`, `env`, `parallel`, `linkPackages`, `state`, `mocks`, `organization`. */
    engine?: Omit<OfflineEngineOptions, "project" | "stack" | "config">;
}

export interface NovitaTestStack {
    readonly simulator: Simulator;
    readonly engine: OfflineEngine;
    /** The stack config the engine was given (the API key as `{ value, secret: true }`). */
    readonly config: Readonly<Record<string, ConfigValue>>;
    /** Simulator instances that exist and are not being deleted. */
    liveInstances(): SimInstance[];
    /** The simulator's instance behind a `GpuInstance` resource of this stack, by resource name. */
    instanceFor(resourceName: string): SimInstance | undefined;
    /**
     * Disagreements between the simulator and the stack's state, as readable lines; `[]` when every live
     * instance is managed by the stack and every managed instance is live (no orphan, no ghost, no instance held
     * twice; one held only by a replacement's pending delete is reported). `instanceOrphans(simulator, engine.state)`.
     */
    orphans(): string[];
    /**
     * Where one of `secrets` (and always the simulator's API key) can be read in plaintext in the stack's state or
     * in `results`, as readable lines; `[]` when nowhere. `plaintextLeaks(results, secrets, engine.state)`.
     */
    plaintextLeaks(results: readonly OperationResult[], secrets?: readonly string[]): string[];
    /** Closes the engine, then the simulator if this stack started it. Does not destroy anything. */
    close(): Promise<void>;
}

function isSimulator(x: unknown): x is Simulator {
    return !!x && typeof x === "object" && typeof (x as Simulator).baseUrl === "string" && typeof (x as Simulator).close === "function";
}

export async function startNovitaTestStack(options: NovitaTestStackOptions = {}): Promise<NovitaTestStack> {
    const timeScale = options.timeScale ?? (isSimulator(options.simulator) ? options.simulator.timeScale : DEFAULT_TEST_TIME_SCALE);
    const owned = !isSimulator(options.simulator);
    const simulator = isSimulator(options.simulator) ? options.simulator : await startSimulator({ seed: 1, timeScale, ...options.simulator });
    const config: Record<string, ConfigValue> = {
        "novita:apiKey": { value: simulator.apiKey, secret: true },
        "novita:baseUrl": simulator.baseUrl,
        "novita:timeScale": String(timeScale),
        ...options.config,
    };
    let engine: OfflineEngine;
    try {
        engine = new OfflineEngine({ ...options.engine, project: options.project ?? "novita-test", stack: options.stack ?? "test", config });
    } catch (e) {
        if (owned) await simulator.close();
        throw e;
    }
    return {
        simulator,
        engine,
        config,
        liveInstances: () => liveInstances(simulator),
        instanceFor(resourceName) {
            const r = engine.state.find((x) => x.type === GPU_INSTANCE_TYPE && x.name === resourceName && !x.pendingDelete);
            return r ? simulator.instance(r.id) : undefined;
        },
        orphans: () => instanceOrphans(simulator, engine.state),
        plaintextLeaks: (results, secrets = []) => plaintextLeaks(results, [simulator.apiKey, ...secrets], engine.state),
        async close() {
            try {
                await engine.close();
            } finally {
                if (owned) await simulator.close();
            }
        },
    };
}

const steps = (result: OperationResult) => result.steps.filter((s) => s.type !== STACK_TYPE);

/**
 * What happened to each resource, by resource name: `{ registry: "create", trainer: "same" }` (the stack resource
 * is left out). A name used by two resource types is keyed `Type::name`.
 */
export function planOf(result: OperationResult): Record<string, StepOp> {
    const list = steps(result);
    const count = new Map<string, number>();
    for (const s of list) count.set(s.name, (count.get(s.name) ?? 0) + 1);
    const out: Record<string, StepOp> = {};
    for (const s of list) out[count.get(s.name)! > 1 ? `${s.type.split(":").pop()}::${s.name}` : s.name] = s.op;
    return out;
}

export interface ResourceChange {
    name: string;
    type: string;
    op: StepOp;
    /** Input keys that differ (for refresh: output keys). */
    changedKeys: string[];
    /** Keys that forced a replacement. */
    replaces: string[];
}

/** The steps that change something (anything but `same` and `read`), with their keys; `[]` for a no-op run. */
export function changesOf(result: OperationResult): ResourceChange[] {
    return steps(result)
        .filter((s) => s.op !== "same" && s.op !== "read")
        .map((s) => ({ name: s.name, type: s.type, op: s.op, changedKeys: s.changedKeys ?? [], replaces: s.replaces ?? [] }));
}

/** True when the run changes no resource (what `pulumi preview --expect-no-changes` checks). */
export function hasNoChanges(result: OperationResult): boolean {
    return changesOf(result).length === 0;
}

/**
 * Stack outputs as plain JSON values for `toEqual`: secrets become `"[secret]"` (or their value with
 * `{ reveal: true }`), unknowns (previews) `"[unknown]"`.
 */
export function plainOutputs(result: Pick<OperationResult, "outputs">, options: { reveal?: boolean } = {}): Record<string, unknown> {
    const plain = (v: unknown): unknown => {
        if (v instanceof Secret) return options.reveal ? plain(v.reveal()) : "[secret]";
        if (v instanceof Unknown) return "[unknown]";
        if (Array.isArray(v)) return v.map(plain);
        if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
        return v;
    };
    return plain(result.outputs) as Record<string, unknown>;
}

/** The `[novita] <name> (<id>): <status> (<elapsed>)` progress lines the provider wrote during the run, in order. */
export function progressLines(result: Pick<OperationResult, "diagnostics">): string[] {
    return result.diagnostics
        .filter((d) => d.source === "provider")
        .flatMap((d) => d.message.split("\n"))
        .filter((line) => line.startsWith("[novita] "));
}
