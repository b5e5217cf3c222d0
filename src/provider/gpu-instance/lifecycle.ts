/**
 * Read and delete, and the waits shared with create/update. Both receive only the stored outputs.
 * Delete is idempotent: an instance that is already gone, or already being removed, is success once
 * it is removed.
 */
import type { NovitaClient } from "../../api/client";
import { isInvalidStateChange, isNotFound } from "../../api/errors";
import type { Instance } from "../../api/schemas/responses";
import { getClient, timeScale } from "../config";
import { parseDuration } from "../duration";
import { progressToStderr, WaitFailedError, WaitTimeoutError, waitForInstance, type Verdict } from "../wait";
import { DEFAULT_TIMEOUTS, type Readiness, type Timeouts } from "./inputs";
import { probe } from "./readiness";
import { createCompleted, GONE_STATUSES } from "./health";
import { PENDING_CREATE } from "./keys";
import { inputsFromOutputs, refreshedOutputs } from "./outputs";
import type { StoredState } from "./model";

export { GONE_STATUSES } from "./health";

export function label(name: unknown, id: string): string {
    return typeof name === "string" && name ? `${name} (${id})` : id;
}

/** Runs `fn`; a wait that times out or fails gets the instance's label in front of its message, once. */
export async function labelled<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
        return await fn();
    } catch (e) {
        if (e instanceof WaitTimeoutError || e instanceof WaitFailedError) e.message = `${name}: ${e.message}`;
        throw e;
    }
}

export function timeoutMs(timeouts: Partial<Timeouts> | undefined, kind: keyof Timeouts): number {
    return parseDuration(timeouts?.[kind] ?? DEFAULT_TIMEOUTS[kind]);
}

/** Waits until `status` (running / exited); fails on statusError or on the instance going away. */
export function reach(status: "running" | "exited"): (i: Instance) => Verdict {
    return (i) => {
        if (i.statusError) return { failed: `failed: ${i.statusError.message ?? i.statusError.state ?? "unknown error"}` };
        if (GONE_STATUSES.has(i.status)) return { failed: `was deleted (status ${i.status})` };
        if (i.status === status) return { done: true };
        if (status === "running" && i.status === "exited") return { failed: "stopped instead of starting (status exited)" };
        return undefined;
    };
}

export async function deleteAndWait(client: NovitaClient, id: string, name: unknown, timeout: number, timeoutLabel?: string): Promise<void> {
    try {
        await client.deleteInstance(id);
    } catch (e) {
        if (isNotFound(e)) return;
        // Already being removed (or removed and still listed): wait for it like any delete.
        if (!isInvalidStateChange(e)) throw e;
    }
    await labelled(label(name, id), () =>
        waitForInstance(client, id, (i) => (i.status === "removed" ? { done: true } : undefined), {
            timeoutMs: timeout, timeScale: timeScale(), label: label(name, id), goal: "removed", goneIsDone: true, timeoutLabel, progress: progressToStderr,
        }),
    );
}

/**
 * Read for refresh (props = the stored outputs) and for `GpuInstance.get` (props = the program's inputs, which
 * hold no outputs). An instance that is gone answers no id: a refresh drops the resource. For `.get` that would be
 * recorded silently, as a resource with empty outputs (ReadStep errors only on a nil result, step.go), so a `.get`
 * of a missing id fails here, naming it.
 */
export async function readInstance(id: string, props: StoredState) {
    const client = getClient();
    const isGet = props.instanceId === undefined && props.status === undefined;
    let i: Instance | undefined;
    try {
        i = await client.getInstance(id);
    } catch (e) {
        if (!isNotFound(e)) throw e;
    }
    if (!i || GONE_STATUSES.has(i.status)) {
        if (isGet) throw new Error(`no GPU instance ${id} (GpuInstance.get): Novita ${i ? `reports it ${i.status}` : "does not know it"}; check the id`);
        return {};
    }
    const outs = refreshedOutputs(props, i);
    if (createCompleted(i)) delete outs[PENDING_CREATE];
    if (!isGet && props.readiness) {
        const now = await readinessNow(props, props.readiness, i);
        outs.ready = now.ready;
        if (now.readyAt) outs.readyAt = now.readyAt;
        else delete outs.readyAt;
    }
    const { __provider: _p, ...rest } = outs as Record<string, unknown>;
    return { id: i.id, props: rest, inputs: inputsFromOutputs(rest, props.placement !== undefined) };
}

/**
 * A refresh checks readiness once (no wait): `ready` says whether the app answers now, so an app that went down is
 * seen, and the next `up` waits for it again (./health.ts). `readyAt` is kept while it stays ready.
 */
async function readinessNow(props: StoredState, r: Readiness, i: Instance): Promise<{ ready: boolean; readyAt?: string }> {
    const endpoint = i.status === "running" ? i.portMappings.find((p) => p.port === (r.http ?? r.tcp)?.port)?.endpoint : undefined;
    const ok = endpoint ? (await probe(r, endpoint, REFRESH_PROBE_MS * timeScale())).ok : false;
    if (!ok) return { ready: false };
    return { ready: true, readyAt: props.ready === true && typeof props.readyAt === "string" ? props.readyAt : new Date().toISOString() };
}

/** API ms one refresh probe may take. */
const REFRESH_PROBE_MS = 10_000;

export async function deleteInstance(id: string, props: StoredState): Promise<void> {
    const timeouts: Partial<Timeouts> | undefined = props.timeouts;
    await deleteAndWait(getClient(), id, props.name, timeoutMs(timeouts, "delete"), `timeouts.delete "${timeouts?.delete ?? DEFAULT_TIMEOUTS.delete}"`);
}
