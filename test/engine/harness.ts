/**
 * Test harness: a time-scaled simulator plus an offline engine configured for it (the provider process loads
 * the built package, dist/, through `require("pulumi-novita/provider")`). `check()` asserts the invariants
 * every engine test ends with: simulator instances == engine state instances, and no secret in plaintext.
 */
import { OfflineEngine, type OperationResult, type StateResource } from "../../src/testing";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../src/simulator";

export const GPU = "pulumi-nodejs:dynamic/novita:GpuInstance";
export const AUTH = "pulumi-nodejs:dynamic/novita:RegistryAuth";
export const TIME_SCALE = 0.001;
/**
 * Simulator quirks mode (answers as varied as the real API's, items made outside Pulumi on the account) for every
 * stack started here when NOVITA_SIM_QUIRKS=1; an explicit `quirks` option wins. The reliability suite always has
 * it on; test/engine/quirks.test.ts runs a representative lifecycle with it on whatever the variable says.
 */
export const SIM_QUIRKS = /^(1|true|yes|on)$/i.test(process.env.NOVITA_SIM_QUIRKS ?? "");

export interface NovitaStack {
    sim: Simulator;
    engine: OfflineEngine;
    /** State entries of one type. */
    resources(type?: string): StateResource[];
    byName(name: string): StateResource;
    /** Simulator instances and engine state agree exactly (no orphan, no duplicate). */
    assertInstancesMatchState(): void;
    /** None of `secrets` appears in plaintext in state outputs/inputs not marked secret, in diagnostics or in __provider. */
    assertNoPlaintext(results: OperationResult[], secrets: string[]): void;
    dispose(): Promise<void>;
}

export async function startNovitaStack(sim: SimulatorOptions = {}, extraConfig: Record<string, string> = {}): Promise<NovitaStack> {
    const s = await startSimulator({ timeScale: TIME_SCALE, seed: 1, quirks: SIM_QUIRKS, ...sim });
    const engine = new OfflineEngine({
        project: "novita-test",
        stack: "dev",
        config: {
            "novita:apiKey": { value: s.apiKey, secret: true },
            "novita:baseUrl": s.baseUrl,
            "novita:timeScale": String(TIME_SCALE),
            ...extraConfig,
        },
    });
    // The program's custom resources: not the default provider the engine keeps in state (a refresh keeps it).
    const resources = (type?: string) =>
        engine.state.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:") && (!type || r.type === type));
    return {
        sim: s,
        engine,
        resources,
        byName(name) {
            const r = engine.state.find((x) => x.name === name);
            if (!r) throw new Error(`${name} is not in state`);
            return r;
        },
        assertInstancesMatchState() {
            const live = s.instances().filter((i) => !["toRemove", "removing", "removed"].includes(i.status)).map((i) => i.id).sort();
            const managed = resources(GPU).filter((r) => !r.external).map((r) => r.id).sort();
            expect(live).toEqual(managed);
        },
        assertNoPlaintext(results, secrets) {
            for (const r of engine.state) {
                for (const [k, v] of Object.entries(r.outputs)) if (!r.secretKeys.includes(k)) for (const x of secrets) expect(JSON.stringify(v ?? null)).not.toContain(x);
                expect(String(r.outputs.__provider ?? "")).not.toMatch(new RegExp(secrets.map(escape).join("|") || "$^"));
            }
            // A step's `inputs` are the state's copy of the inputs (what `pulumi preview --json` shows as newState.inputs):
            // plaintext unless the program passed them as secrets, as the README's security section says; like state
            // inputs above, they are not what this checks.
            const steps = (x: OperationResult) => x.steps.map(({ inputs: _inputs, ...rest }) => rest);
            const printed = JSON.stringify(results.map((x) => ({ steps: steps(x), diagnostics: x.diagnostics, outputs: x.outputs, error: x.error })));
            for (const x of secrets) expect(printed).not.toContain(x);
        },
        async dispose() {
            await engine.close();
            await s.close();
        },
    };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Brings a simulator instance to a status (out-of-band scenarios) by moving the simulator's clock forward one
 * simulated second at a time: no real waiting, so it cannot time out under load.
 */
export async function simStatus(sim: Simulator, id: string, status: string): Promise<void> {
    for (let second = 0; second <= 3600; second++) {
        if (sim.instance(id)?.status === status) return;
        sim.advance(1);
    }
    throw new Error(`${id} never reached ${status} within an hour of simulated time (now ${sim.instance(id)?.status})`);
}
