/**
 * The checks a Novita stack's tests end with, as plain functions of the simulator, the state and the results (the
 * methods of `startNovitaTestStack`'s stack call them with its own): which instances are live, whether the
 * simulator and the state agree, whether a secret can be read anywhere it should not; and a clock helper that
 * brings an instance to a status without waiting.
 */
import { GONE_STATUSES } from "../api/statuses";
import type { SimInstance, Simulator } from "../simulator";
import type { OperationResult, StateResource } from "./types";

export const GPU_INSTANCE_TYPE = "pulumi-nodejs:dynamic/novita:GpuInstance";
export const REGISTRY_AUTH_TYPE = "pulumi-nodejs:dynamic/novita:RegistryAuth";

/** The simulator's instances that exist and are not being deleted (status `toRemove`, `removing` or `removed`). */
export function liveInstances(simulator: Pick<Simulator, "instances">): SimInstance[] {
    return simulator.instances().filter((i) => !GONE_STATUSES.has(i.status));
}

/**
 * Disagreements between the simulator's live instances and the `GpuInstance` resources a state manages (read
 * ones, `.get`, excepted), as readable lines; `[]` when every live instance is managed by exactly one resource and
 * every managed instance is live: no orphan, no ghost, no instance held twice. An instance held only by a
 * `pendingDelete` entry (a replacement whose delete did not run) is reported too: it is still running.
 */
export function instanceOrphans(simulator: Pick<Simulator, "instances">, state: readonly StateResource[]): string[] {
    const gpus = state.filter((r) => r.type === GPU_INSTANCE_TYPE && !r.external);
    const managed = gpus.filter((r) => !r.pendingDelete);
    const live = liveInstances(simulator);
    const alive = new Set(live.map((i) => i.id));
    const holders = new Map<string, string[]>();
    for (const r of managed) holders.set(r.id, [...(holders.get(r.id) ?? []), r.name]);
    const pending = new Map(gpus.filter((r) => r.pendingDelete).map((r) => [r.id, r.name]));
    const unmanaged = (i: SimInstance) =>
        pending.has(i.id)
            ? `instance ${i.name} (${i.id}, ${i.status}) is in the stack's state only as the pending delete of resource ${pending.get(i.id)}`
            : `instance ${i.name} (${i.id}, ${i.status}) exists but is not in the stack's state`;
    return [
        ...live.filter((i) => !holders.has(i.id)).map(unmanaged),
        ...managed.filter((r) => !alive.has(r.id)).map((r) => `resource ${r.name} (${r.id}) is in the stack's state but not live in the simulator`),
        ...[...holders].filter(([, names]) => names.length > 1).map(([id, names]) => `resources ${names.join(", ")} all hold instance ${id}`),
    ];
}

/**
 * Where one of `secrets` can be read in plaintext, as readable lines naming the place and the secret's position in
 * `secrets` (never its value); `[]` when nowhere. Read: the outputs of `state` not marked secret (and
 * `__provider`, the serialized provider), and in `results` each step (but its `inputs`), diagnostic, stack output
 * and error. A step's `inputs` are the state's copy of the inputs, plaintext unless the program passed them as
 * secrets (what `pulumi preview --json` shows as `newState.inputs`), so they are not read; nor are state inputs.
 */
export function plaintextLeaks(results: readonly OperationResult[], secrets: readonly string[], state: readonly StateResource[] = []): string[] {
    const leaks: string[] = [];
    const scan = (where: string, text: string) =>
        secrets.forEach((s, n) => {
            if (s.length > 0 && text.includes(s)) leaks.push(`${where} holds secret #${n + 1} in plaintext`);
        });
    for (const r of state) {
        for (const [k, v] of Object.entries(r.outputs)) if (k === "__provider" || !r.secretKeys.includes(k)) scan(`state ${r.name}.${k}`, JSON.stringify(v ?? null));
    }
    for (const result of results) {
        for (const { inputs: _inputs, ...step } of result.steps) scan(`${result.kind} step ${step.name} (${step.op})`, JSON.stringify(step));
        for (const d of result.diagnostics) scan(`${result.kind} diagnostic (${d.source})`, d.message);
        scan(`${result.kind} stack outputs`, JSON.stringify(result.outputs));
        if (result.error) scan(`${result.kind} error`, result.error);
    }
    return leaks;
}

/**
 * Moves the simulator's clock forward one simulated second at a time until instance `id` has `status` (for
 * out-of-band scenarios: a stop made outside Pulumi, a boot to wait out): no real waiting, so it cannot time out
 * under load. Throws when the status is not reached within `maxSeconds` simulated seconds (default an hour).
 */
export function advanceToStatus(simulator: Pick<Simulator, "instance" | "advance">, id: string, status: string, maxSeconds = 3600): void {
    for (let second = 0; second <= maxSeconds; second++) {
        if (simulator.instance(id)?.status === status) return;
        simulator.advance(1);
    }
    throw new Error(`${id} never reached ${status} within ${maxSeconds} s of simulated time (now ${simulator.instance(id)?.status})`);
}
