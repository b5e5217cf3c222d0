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
import { progressToStderr, waitForInstance, type Verdict } from "../wait";
import { DEFAULT_TIMEOUTS, type Timeouts } from "./inputs";
import { inputsFromOutputs, refreshedOutputs } from "./outputs";
import type { StoredOutputs } from "./plan";

export const GONE_STATUSES = new Set(["toRemove", "removing", "removed"]);

export function label(name: unknown, id: string): string {
    return typeof name === "string" && name ? `${name} (${id})` : id;
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

export async function deleteAndWait(client: NovitaClient, id: string, name: unknown, timeout: number): Promise<void> {
    try {
        await client.deleteInstance(id);
    } catch (e) {
        if (isNotFound(e)) return;
        // Already being removed (or removed and still listed): wait for it like any delete.
        if (!isInvalidStateChange(e)) throw e;
    }
    await waitForInstance(client, id, (i) => (i.status === "removed" ? { done: true } : undefined), {
        timeoutMs: timeout, timeScale: timeScale(), label: label(name, id), goal: "removed", goneIsDone: true, progress: progressToStderr,
    });
}

export async function readInstance(id: string, props: Record<string, unknown>) {
    const client = getClient();
    let i: Instance;
    try {
        i = await client.getInstance(id);
    } catch (e) {
        if (isNotFound(e)) return {};
        throw e;
    }
    if (GONE_STATUSES.has(i.status)) return {};
    const outs = refreshedOutputs(props as StoredOutputs & Record<string, unknown>, i);
    const { __provider: _p, ...rest } = outs as Record<string, unknown>;
    return { id: i.id, props: rest, inputs: inputsFromOutputs(rest, props.placement !== undefined) };
}

export async function deleteInstance(id: string, props: Record<string, unknown>): Promise<void> {
    await deleteAndWait(getClient(), id, props.name, timeoutMs(props.timeouts as Partial<Timeouts>, "delete"));
}
