/**
 * Test harness: `startNovitaTestStack` (pulumi-novita/testing) as the engine tests use it — a time-scaled simulator
 * (quirks mode with NOVITA_SIM_QUIRKS=1) and an offline engine for the stack `novita-test/dev` configured for it (the
 * provider process loads the built package, dist/, through `require("pulumi-novita/provider")`) — with the
 * invariants every engine test ends with as assertions over the public checks: simulator instances == engine
 * state instances (`orphans()`), and no secret in plaintext (`plaintextLeaks`).
 */
import {
    advanceToStatus,
    GPU_INSTANCE_TYPE,
    REGISTRY_AUTH_TYPE,
    startNovitaTestStack,
    type NovitaTestStack,
    type OfflineEngine,
    type OperationResult,
    type StateResource,
} from "../../src/testing";
import type { Simulator, SimulatorOptions } from "../../src/simulator";

export const GPU = GPU_INSTANCE_TYPE;
export const AUTH = REGISTRY_AUTH_TYPE;
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
    /** The public test stack behind this one. */
    stack: NovitaTestStack;
    /** The program's custom resources of one type (or all): not the default provider the engine keeps in state. */
    resources(type?: string): StateResource[];
    byName(name: string): StateResource;
    /** Simulator instances and engine state agree exactly (no orphan, no ghost, no instance held twice). */
    assertInstancesMatchState(): void;
    /** None of `secrets` appears in plaintext in state outputs not marked secret, in __provider or in `results`. */
    assertNoPlaintext(results: OperationResult[], secrets: string[]): void;
    dispose(): Promise<void>;
}

export async function startNovitaStack(sim: SimulatorOptions = {}, extraConfig: Record<string, string> = {}): Promise<NovitaStack> {
    const stack = await startNovitaTestStack({ stack: "dev", timeScale: TIME_SCALE, simulator: { quirks: SIM_QUIRKS, ...sim }, config: extraConfig });
    const { simulator, engine } = stack;
    return {
        sim: simulator,
        engine,
        stack,
        resources: (type) => engine.state.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:") && (!type || r.type === type)),
        byName(name) {
            const r = engine.state.find((x) => x.name === name);
            if (!r) throw new Error(`${name} is not in state`);
            return r;
        },
        assertInstancesMatchState: () => expect(stack.orphans()).toEqual([]),
        assertNoPlaintext: (results, secrets) => expect(stack.plaintextLeaks(results, secrets)).toEqual([]),
        dispose: () => stack.close(),
    };
}

/** Brings a simulator instance to a status (out-of-band scenarios) on the simulator's clock: `advanceToStatus`. */
export async function simStatus(sim: Simulator, id: string, status: string): Promise<void> {
    advanceToStatus(sim, id, status);
}
