/**
 * Update: the minimal calls for the plan, each waited on, computed against the LIVE instance so an
 * interrupted update resumes without repeating an additive change (expandRootDisk) — and so an instance
 * whose create did not complete (`pendingCreate`, ./health.ts) continues waiting here, within
 * `timeouts.create`. If that instance fails to start, it is deleted as create would have done, and the
 * resource is recorded as failed (init error) so the next `up` replaces it.
 * Order: wait until stable → edit → upgrade → start/stop.
 */
import { isDeepStrictEqual } from "node:util";
import type { NovitaClient } from "../../api/client";
import type { Instance } from "../../api/schemas/responses";
import { SETTLED_STATUSES } from "../../api/statuses";
import { getClient, timeScale } from "../config";
import { isNotFound } from "../../api/errors";
import { PartialCreateError } from "../errors";
import { progressToStderr, WaitFailedError, WaitTimeoutError, waitForInstance, type Verdict } from "../wait";
import { REPLACE_HINT, RESUME_HINT } from "./create";
import { healthOf } from "./health";
import { PENDING_CREATE } from "./keys";
import type { GpuInstanceInputs, StoredState } from "./model";
import { deleteAndWait, GONE_STATUSES, label, labelled, reach, timeoutMs } from "./lifecycle";
import { buildOutputs, portsOf, stateOf } from "./outputs";
import { byKey } from "./inputs";
import { planUpdate, type PlacementCheck } from "./plan";
import { readinessBudget, waitUntilReady } from "./readiness";
import { applyTemplate } from "./template";

/** Waits out transitional statuses (creating, pulling, starting, resetting…) before acting. */
const settled: (i: Instance) => Verdict = (i) => {
    if (i.statusError) return { failed: `failed: ${i.statusError.message ?? i.statusError.state ?? "unknown error"}` };
    if (GONE_STATUSES.has(i.status)) return { failed: `was deleted (status ${i.status})` };
    return SETTLED_STATUSES.has(i.status) ? { done: true } : undefined;
};

export function updateInstance(id: string, olds: StoredState, news: GpuInstanceInputs, placementCheck?: PlacementCheck) {
    const name = label(news.name, id);
    return labelled(name, async () => {
        try {
            return await update(id, olds, news, placementCheck);
        } catch (e) {
            throw goneHint(e, name) ?? e;
        }
    });
}

/**
 * A managed instance that Novita no longer knows (or only as removed) cannot be updated: the stack is out of date.
 * Say so and what to do, instead of a bare RESOURCE_NOT_FOUND. (A refresh drops it; the next `up` recreates it.)
 */
function goneHint(e: unknown, name: string): Error | undefined {
    let why: string | undefined;
    if (isNotFound(e)) why = `Novita answered ${e.status}${e.reason ? ` ${e.reason}` : ""} to ${e.method} ${e.path}`;
    else if (e instanceof WaitFailedError && GONE_STATUSES.has(e.last.status)) why = `its status is ${e.last.status}`;
    if (!why) return undefined;
    return new Error(
        `${name} no longer exists on Novita (${why}); it was probably deleted outside Pulumi. ` +
            "Run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again.",
    );
}

async function update(id: string, olds: StoredState, news: GpuInstanceInputs, placementCheck?: PlacementCheck) {
    const plan = planUpdate(olds, news, placementCheck);
    if (plan.replaces.length > 0) {
        throw new Error(`${label(news.name, id)}: ${plan.replaces.join(", ")} require a replacement, not an update (${Object.values(plan.why).join("; ")})`);
    }
    const health = healthOf(olds, news.state, news.readiness);
    if (plan.edit.length === 0 && plan.upgrade.length === 0 && !plan.power && health.kind === "settled") {
        // Only metadata changed (timeouts, readiness, a still-satisfied placement) and the instance was last seen
        // settled (and ready): no API call. (A resource recorded mid-create, not in its wanted state, or not ready
        // yet, goes on to wait below.)
        const outs: Record<string, unknown> = { ...olds, timeouts: news.timeouts, placement: news.placement, readiness: news.readiness };
        for (const k of ["placement", "readiness"] as const) if (news[k] === undefined) delete outs[k];
        if (news.readiness === undefined) for (const k of ["ready", "readyAt"]) delete outs[k];
        return { outs };
    }
    const resuming = olds[PENDING_CREATE] === true;
    const client = getClient();
    const scale = timeScale();
    const started = Date.now();
    const kind = resuming ? "create" : "update";
    const budget = timeoutMs(news.timeouts, kind);
    const opts = (goal: string) => ({
        timeoutMs: budget - (Date.now() - started) / scale, timeScale: scale, label: label(news.name, id), goal,
        timeoutLabel: `timeouts.${kind} "${news.timeouts[kind]}"`, progress: progressToStderr,
    });
    const desired = applyTemplate(news, olds.templateDefaults);
    const outputsOf = (live: Instance) =>
        buildOutputs({ ...desired, productId: olds.productId, clusterId: olds.clusterId, billingMode: olds.billingMode }, live, {
            pricePerGpuHour: olds.pricePerGpuHour,
            placementAttempts: olds.placementAttempts,
            templateDefaults: olds.templateDefaults,
        });

    let live: Instance;
    try {
        live = (await waitForInstance(client, id, settled, opts("a stable status")))!;
    } catch (e) {
        throw resuming ? await unfinishedCreate(client, id, news, e, outputsOf) : failedHint(e, label(news.name, id));
    }
    live = await applyEdit(client, id, live, desired, opts);
    const beforeUpgrade = live;
    live = await applyUpgrade(client, id, live, desired, opts);
    // An upgrade or a start restarts the app: also one that an interrupted or failed earlier run already applied
    // (the live instance then matches, but the stored outputs, from before it, do not).
    let restarted = live !== beforeUpgrade || plan.upgrade.length > 0 || (plan.power && desired.state === "running");
    if (stateOf(live.status) !== desired.state) {
        if (desired.state === "running") await client.startInstance(id);
        else await client.stopInstance(id);
        live = (await waitForInstance(client, id, reach(desired.state === "running" ? "running" : "exited"), opts(desired.state)))!;
        restarted ||= desired.state === "running";
    }
    const outs = outputsOf(live);
    if (!news.readiness) return { outs };
    if (desired.state !== "running") return { outs: { ...outs, ready: false } };
    // The app restarted with the container (upgrade, start), or has not been seen ready: wait for it again.
    if (!restarted && olds.ready === true) return { outs: { ...outs, ready: true, readyAt: olds.readyAt } };
    try {
        const readyAt = await waitUntilReady(client, live, news.readiness, {
            ...readinessBudget(news.readiness, budget - (Date.now() - started) / scale, `timeouts.${kind} "${news.timeouts[kind]}"`),
            timeScale: scale, label: label(news.name, id), progress: progressToStderr,
        });
        return { outs: { ...outs, ready: true, readyAt } };
    } catch (e) {
        // Applied, running, not (yet) ready: the new state is recorded as not ready and the next `up` keeps waiting.
        const text = `${label(news.name, id)}: ${(e as Error).message}. ${RESUME_HINT}`;
        throw new PartialCreateError(text, id, { ...outs, ready: false }, [text]);
    }
}

/**
 * The resumed wait of a create that had not completed ended without a settled instance. A failure: the instance is
 * deleted (it never ran; it would only cost money), and recorded failed so the next `up` replaces it. A timeout: the
 * latest status is recorded, and the next `up` keeps waiting. Both are init errors, so the engine records the
 * outputs; their reasons say what to do, as the CLI shows nothing else.
 */
async function unfinishedCreate(client: NovitaClient, id: string, news: GpuInstanceInputs, e: unknown, outputsOf: (i: Instance) => Record<string, unknown>) {
    const name = label(news.name, id);
    if (e instanceof WaitTimeoutError && e.last) {
        const text = `${name}: ${e.message}. ${RESUME_HINT}`;
        return new PartialCreateError(text, id, { ...outputsOf(e.last), [PENDING_CREATE]: true }, [text]);
    }
    if (!(e instanceof WaitFailedError) || GONE_STATUSES.has(e.last.status)) return e;
    try {
        await deleteAndWait(client, id, news.name, timeoutMs(news.timeouts, "delete"), `timeouts.delete "${news.timeouts.delete}"`);
    } catch (cleanupError) {
        const text = `${name} ${e.message}, and deleting it failed: ${(cleanupError as Error).message}. ${REPLACE_HINT}`;
        return new PartialCreateError(text, id, { ...outputsOf(e.last), [PENDING_CREATE]: true }, [text]);
    }
    const text =
        `${name} ${e.message}; the instance was deleted so that it does not keep costing money. ` +
        "Run `pulumi up` again to create a new one, or `pulumi destroy` to remove it from the stack.";
    return new PartialCreateError(text, id, { ...outputsOf(e.last), status: "removed", [PENDING_CREATE]: true }, [text]);
}

/** An instance that ran and now reports a failure is never deleted automatically: say how to replace it. */
function failedHint(e: unknown, name: string): unknown {
    if (!(e instanceof WaitFailedError) || !e.last.statusError) return e;
    return new Error(
        `${name} ${e.message}. It is not replaced automatically, as its disk would be lost: fix it in the Novita console, ` +
            "or replace it with `pulumi up --replace <urn>` (`pulumi stack --show-urns` lists the URNs).",
    );
}

type Opts = (goal: string) => Parameters<typeof waitForInstance>[3];

async function applyEdit(client: NovitaClient, id: string, live: Instance, desired: GpuInstanceInputs, opts: Opts): Promise<Instance> {
    const grow = desired.rootfsSize !== undefined && live.rootfsSize !== undefined ? desired.rootfsSize - live.rootfsSize : 0;
    const portsChange = !isDeepStrictEqual(portsOf(live), desired.ports);
    if (grow <= 0 && !portsChange) return live;
    await client.editInstance({ instanceId: id, ports: portsChange ? desired.ports : undefined, expandRootDisk: grow > 0 ? grow : undefined });
    return (await waitForInstance(client, id, settled, opts("the edit to settle")))!;
}

async function applyUpgrade(client: NovitaClient, id: string, live: Instance, desired: GpuInstanceInputs, opts: Opts): Promise<Instance> {
    const storages = live.volumeMounts.filter((v) => v.type === "network" && v.id).map((v) => ({ id: v.id!, mountPoint: v.mountPath ?? "/network" }));
    const same =
        live.imageUrl === desired.imageUrl &&
        (live.imageAuthId ?? null) === (desired.imageAuthId ?? null) &&
        (live.command ?? null) === (desired.command ?? null) &&
        (live.entrypoint ?? null) === (desired.entrypoint ?? null) &&
        isDeepStrictEqual([...live.envs].sort(byKey), desired.envs) &&
        isDeepStrictEqual(storages.sort((a, b) => a.id.localeCompare(b.id)), desired.networkStorages);
    if (same) return live;
    await client.upgradeInstance({
        instanceId: id,
        imageUrl: desired.imageUrl!,
        imageAuthId: desired.imageAuthId,
        envs: desired.envs,
        command: desired.command ?? "",
        entrypoint: desired.entrypoint ?? "",
        save: true,
        networkVolume: { volumeMounts: desired.networkStorages.map((n) => ({ type: "network" as const, id: n.id, mountPath: n.mountPoint })) },
    });
    return (await waitForInstance(client, id, reach("running"), opts("running after the upgrade")))!;
}
