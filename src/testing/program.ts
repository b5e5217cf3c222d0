/**
 * Runs a Pulumi program in this process the way the Automation API's inline-program server does
 * (automation/server.ts): in a fresh Pulumi runtime store (AsyncLocalStorage), so nothing leaks between runs and
 * a program left running by an aborted run keeps talking to its own (closed) monitor.
 *
 * Per run we reset, inside that store: runtime options (project, stack, dry-run) and the monitor
 * (`setMockOptions`), the monitor feature flags (copied from what `setMocks` sets in this SDK version),
 * `terminated`, the log error count and stack resource (reset by `setMockOptions`), the config
 * (`setAllConfig`), and the engine used by `pulumi.log` (a sink feeding our diagnostics).
 */
import * as pulumi from "@pulumi/pulumi";
import { Deployment } from "./deployment";
import { EngineMonitor } from "./monitor";
import { runtimeSettings, runtimeState } from "./sdk";

export type Program = () => unknown | Promise<unknown>;

export interface ProgramConfig {
    /** Namespaced keys, string values (as in `PULUMI_CONFIG`). */
    values: Record<string, string>;
    secretKeys: string[];
}

const SEVERITY = ["debug", "info", "warning", "error"] as const;

/** Stands in for the engine's gRPC service that `pulumi.log` and the stack registration talk to. */
class EngineLogSink {
    constructor(private readonly d: Deployment) {}
    log(req: { getSeverity(): number; getMessage(): string; getUrn(): string }, callback: (err: unknown, res?: unknown) => void) {
        const severity = SEVERITY[req.getSeverity()] ?? "info";
        if (severity !== "debug") {
            this.d.note({ severity, source: "program", message: req.getMessage(), urn: req.getUrn() || undefined });
        }
        callback(null, {});
    }
    setRootResource(_req: unknown, callback: (err: unknown, res?: unknown) => void) {
        callback(null, {});
    }
    getRootResource(_req: unknown, callback: (err: unknown, res?: unknown) => void) {
        callback(null, { getUrn: () => "" });
    }
    requirePulumiVersion(_req: unknown, callback: (err: unknown, res?: unknown) => void) {
        callback(null, {});
    }
}

const FEATURE_FLAG = /^supports[A-Z]/;

/**
 * Errors already reported by a run. A failed program leaves Output chains that keep rejecting with the same error
 * after the run ended (a real language host would have exited by then); a permanent guard swallows those, and
 * keeps Node's default for any other unhandled rejection (rethrow as an uncaught exception) when it is the only
 * listener.
 */
const reportedErrors = new WeakSet<object>();
let guardInstalled = false;
function installLateRejectionGuard(): void {
    if (guardInstalled) return;
    guardInstalled = true;
    process.on("unhandledRejection", (err: unknown) => {
        if (isTerminating(err) || (typeof err === "object" && err !== null && reportedErrors.has(err))) return;
        if (activeRuns === 0 && process.listenerCount("unhandledRejection") === 1) throw err;
    });
}
let activeRuns = 0;

async function installRuntime(d: Deployment, monitor: EngineMonitor, config: ProgramConfig): Promise<void> {
    const { project, stack, organization } = d.opts;
    // setMocks sets the feature flags the mock monitor advertises in this SDK version; keep them for ours.
    await pulumi.runtime.setMocks({ call: () => ({}), newResource: () => ({ id: undefined, state: {} }) }, project, stack, d.preview, organization);
    const store = runtimeState.getStore();
    const flags = Object.fromEntries(Object.entries(store).filter(([k]) => FEATURE_FLAG.test(k)));
    pulumi.runtime.setMockOptions(monitor, project, stack, d.preview, organization);
    Object.assign(store, flags);
    store.terminated = false;
    store.settings.engine = new EngineLogSink(d);
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);
}

/**
 * Runs the program; returns when it finished and every registration settled, or — after the first failure — when
 * the in-flight steps finished (like the engine, it does not wait for a program that can no longer progress).
 */
export async function runProgram(d: Deployment, program: Program, config: ProgramConfig): Promise<void> {
    const monitor = new EngineMonitor(d);
    const reported = new Set<unknown>();
    const onUncaught = (err: unknown) => {
        if (reported.has(err) || isTerminating(err)) return;
        reported.add(err);
        if (typeof err === "object" && err !== null) reportedErrors.add(err);
        // As the language host's uncaughtHandler (@pulumi/pulumi cmd/run/run.js): a RunError prints its message only.
        const text = pulumi.RunError.isInstance(err) ? (err as Error).message : `Running program failed with an unhandled exception:\n${describe(err)}`;
        d.fail(new Error(text), undefined, "program");
    };
    installLateRejectionGuard();
    activeRuns++;
    process.on("uncaughtException", onUncaught);
    process.on("unhandledRejection", onUncaught);
    try {
        await runtimeState.withLocalStorage(async () => {
            await installRuntime(d, monitor, config);
            // A program that throws fails the run; like a language host that reports and exits, it never
            // continues (and the stack's init never rejects, which would leave unhandled Output rejections).
            const guarded = async () => {
                try {
                    const outputs = await program();
                    await settleOutputs(outputs);
                    return outputs;
                } catch (e) {
                    onUncaught(e);
                    return new Promise<never>(() => undefined);
                }
            };
            const done = pulumi.runtime
                .runInPulumiStack(guarded)
                .then(() => runtimeSettings.waitForRPCs())
                .then(() => {
                    if (runtimeState.getStore().logErrorCount > 0 && !d.stopped) {
                        d.fail(new Error("the program logged errors (see diagnostics)"), undefined, "program");
                    }
                }, onUncaught);
            await Promise.race([done, d.failure]);
            await d.settle();
        });
    } finally {
        monitor.close();
        activeRuns--;
        process.off("uncaughtException", onUncaught);
        process.off("unhandledRejection", onUncaught);
    }
}

/**
 * Awaits every Output in the stack outputs, marking their internal promises handled, so a failing `apply` in a
 * stack output fails the run instead of surfacing as unhandled rejections.
 */
async function settleOutputs(value: unknown, seen = new Set<unknown>()): Promise<void> {
    if (!value || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    if (pulumi.Output.isInstance(value)) {
        const out = value as unknown as { isKnown: Promise<unknown>; isSecret: Promise<unknown>; promise(): Promise<unknown> };
        const main = out.promise();
        for (const p of [out.isKnown, out.isSecret, main]) p.catch(() => undefined);
        return settleOutputs(await main, seen);
    }
    if (pulumi.Resource.isInstance(value)) return;
    if (value instanceof Promise) return settleOutputs(await value, seen);
    for (const v of Object.values(value)) await settleOutputs(v, seen);
}

function isTerminating(err: unknown): boolean {
    const code = (err as { code?: unknown } | undefined)?.code;
    return code === 14 /* UNAVAILABLE */ || code === 1 /* CANCELLED */;
}

function describe(err: unknown): string {
    if (err instanceof Error) return err.stack ?? err.message;
    return String(err);
}
