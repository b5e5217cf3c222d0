/**
 * One reliability scenario: a fresh simulator and offline engine (test/engine/harness.ts), every operation's
 * result and error kept as evidence, and the invariants checked at the end, pass or fail, into the summary.
 */
import { DeploymentError, type OperationResult, type Program } from "../../../src/testing";
import type { RequestLogEntry, SimulatorOptions } from "../../../src/simulator";
import { GPU, startNovitaStack, type NovitaStack } from "../../engine/harness";
import { noSecretLeaks, outsideUntouched, stateMatchesSimulator, volumesMatchState } from "./invariants";
import { record } from "./report";

/**
 * Every scenario runs against a simulator in quirks mode (src/simulator/quirks.ts, ./outside.ts): answers as varied
 * as the real API's, and instances made outside Pulumi on the account, which must never disturb a stack.
 */
export const RELIABILITY_SIM: SimulatorOptions = { quirks: true };

export interface RunOptions {
    /** Simulator options, over RELIABILITY_SIM. */
    sim?: SimulatorOptions;
    /** Extra stack config (namespaced keys, plain values). `novita:debug` is on unless overridden. */
    config?: Record<string, string>;
    /** Secret values besides the API key that must never be readable (env values, passwords). */
    secrets?: string[];
}

export class Run {
    readonly results: OperationResult[] = [];
    readonly errors: string[] = [];
    readonly secrets: string[];

    constructor(readonly s: NovitaStack, secrets: string[]) {
        this.secrets = [s.sim.apiKey, ...secrets];
    }

    get sim() {
        return this.s.sim;
    }

    up(program: Program): Promise<OperationResult> {
        return this.keep(this.s.engine.up(program));
    }
    preview(program: Program): Promise<OperationResult> {
        return this.keep(this.s.engine.preview(program));
    }
    refresh(): Promise<OperationResult> {
        return this.keep(this.s.engine.refresh());
    }
    destroy(): Promise<OperationResult> {
        return this.keep(this.s.engine.destroy());
    }

    /** Runs an operation that must fail; returns its DeploymentError (kept as evidence). */
    async fails(op: Promise<OperationResult>): Promise<DeploymentError> {
        const outcome = await op.then(
            () => undefined,
            (e: unknown) => e,
        );
        if (!(outcome instanceof DeploymentError)) throw new Error(`expected a DeploymentError, got ${outcome === undefined ? "success" : String(outcome)}`);
        return outcome;
    }

    /** The request log (never cleared during a scenario, so counts add up). */
    log(): RequestLogEntry[] {
        return this.sim.requestLog();
    }
    requests(filter: { method?: string; path?: string } = {}): RequestLogEntry[] {
        return this.log().filter((r) => (!filter.method || r.method === filter.method) && (!filter.path || r.path === filter.path));
    }

    /** Managed GpuInstance state entries. */
    gpus() {
        return this.s.resources(GPU).filter((r) => !r.external);
    }

    private async keep(op: Promise<OperationResult>): Promise<OperationResult> {
        try {
            const r = await op;
            this.results.push(r);
            return r;
        } catch (e) {
            if (e instanceof DeploymentError) {
                this.results.push(e.result);
                this.errors.push(e.message);
            }
            throw e;
        }
    }
}

/**
 * Registers a jest test that runs `body` and then checks the invariants. `body` returns a short account of
 * what happened (the "result" column). The row is recorded whether the scenario passed or not.
 */
export function scenario(title: string, options: RunOptions, body: (run: Run) => Promise<string>, timeoutMs = 60_000): void {
    test(title, async () => {
        const s = await startNovitaStack({ ...RELIABILITY_SIM, ...options.sim }, { "novita:debug": "true", ...options.config });
        const run = new Run(s, options.secrets ?? []);
        const outside = s.sim.outsideInstances();
        let result = "";
        let failure: unknown;
        try {
            result = await body(run);
        } catch (e) {
            failure = e;
            result = (e as Error)?.message?.split("\n")[0] ?? String(e);
        }
        const evidence = { sim: s.sim, state: s.engine.state, results: run.results, errors: run.errors, secrets: run.secrets };
        const broken = [...stateMatchesSimulator(evidence), ...volumesMatchState(evidence), ...noSecretLeaks(evidence), ...outsideUntouched(s.sim, outside)];
        record({
            scenario: title,
            result,
            requests: s.sim.requestLog().length,
            invariants: broken.length === 0 ? "no orphan/dup ✓ no leak ✓" : broken.join("; "),
            passed: failure === undefined && broken.length === 0,
        });
        await s.dispose();
        if (failure !== undefined) throw failure;
        expect(broken).toEqual([]);
    }, timeoutMs);
}
