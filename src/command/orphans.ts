/**
 * `pulumi-novita orphans`: what is on the Novita account that no given stack state manages. The account is read per
 * kind of object; each kind names the Pulumi type whose state entries manage it. Deleting reuses the provider's own
 * delete-and-wait (src/provider/gpu-instance/lifecycle.ts), so an orphan goes exactly as `pulumi destroy` would take
 * it: delete, then wait (polling through the provider's shared watcher) until Novita reports it removed or gone.
 *
 * Network storage volumes are a third kind (./orphan-volumes.ts): listed like the others, with the live instances
 * that mount them; deleted only on their own opt-in, never while mounted, since they hold data.
 */
import type { NovitaClient } from "../api/client";
import { isNotFound } from "../api/errors";
import { CREATING_STATUSES, STOPPED_STATUSES } from "../api/statuses";
import type { Instance } from "../api/schemas/responses";
import { DEFAULT_TIMEOUTS } from "../provider/gpu-instance/inputs";
import { deleteAndWait, GONE_STATUSES } from "../provider/gpu-instance/lifecycle";
import { parseDuration } from "../provider/duration";
import type { Catalogue } from "./catalogue";
import { GPU_INSTANCE_TYPE, REGISTRY_AUTH_TYPE } from "./digest";
import { deleteVolumes, scanVolumes, type OrphanVolume } from "./orphan-volumes";
import { managedIds, type StackState } from "./state-file";

export interface OrphanInstance {
    id: string;
    name: string;
    status: string;
    createdAt?: string;
    ageMs?: number;
    productId?: string;
    productName?: string;
    /** Absent when the API does not say (an instance made outside Pulumi may answer `gpuNum: ""`). */
    gpuNum?: number;
    /** Absent when the API names no cluster (`clusterId: null`). */
    region?: string;
    billingMode?: string;
    /** USD per hour while running (catalogue price × GPUs); undefined with `why`. */
    pricePerHour?: number;
    /** What it costs per hour now: 0 when stopped. */
    hourly?: number;
    why?: string;
}

export interface OrphanAuth {
    id: string;
    name: string;
    /** Live instances using it (`name (id)`), orphans or not. */
    usedBy: string[];
}

export interface Outcome {
    kind: "GPU instance" | "registry auth" | "network storage";
    id: string;
    name: string;
    result: "deleted" | "failed" | "skipped";
    reason?: string;
}

export interface OrphanReport {
    states: string[];
    namePrefixes: string[];
    instances: OrphanInstance[];
    registryAuths: OrphanAuth[];
    networkStorages: OrphanVolume[];
    /** Sum of the known hourly costs of the orphan instances. */
    hourly: number;
    unknownPrices: number;
    outcomes: Outcome[];
}

const matches = (name: string, prefixes: readonly string[]) => prefixes.length === 0 || prefixes.some((p) => name.startsWith(p));
const round = (n: number) => Math.round(n * 100_000) / 100_000;

export interface Scan {
    report: OrphanReport;
    /** Every live instance on the account (for "in use" checks). */
    live: Instance[];
}

export async function scanAccount(client: NovitaClient, catalogue: Catalogue, states: readonly StackState[], namePrefixes: readonly string[], now = Date.now()): Promise<Scan> {
    const [all, auths] = await Promise.all([client.listAllInstances(), client.listRegistryAuths()]);
    const live = all.filter((i) => !GONE_STATUSES.has(i.status));
    const managedInstances = managedIds(states, GPU_INSTANCE_TYPE);
    const managedAuths = managedIds(states, REGISTRY_AUTH_TYPE);
    const instances: OrphanInstance[] = [];
    for (const i of live) {
        if (managedInstances.has(i.id) || !matches(i.name, namePrefixes)) continue;
        instances.push(await describe(i, catalogue, now));
    }
    const registryAuths = auths
        .filter((a) => !managedAuths.has(a.id) && matches(a.name, namePrefixes))
        .map((a) => ({ id: a.id, name: a.name, usedBy: live.filter((i) => i.imageAuthId === a.id).map((i) => `${i.name} (${i.id})`) }));
    const networkStorages = await scanVolumes(client, catalogue, states, live, (name) => matches(name, namePrefixes));
    const known = instances.filter((i) => i.hourly !== undefined);
    const report: OrphanReport = {
        states: states.map((s) => s.label),
        namePrefixes: [...namePrefixes],
        instances,
        registryAuths,
        networkStorages,
        hourly: round(known.reduce((t, i) => t + i.hourly!, 0)),
        unknownPrices: instances.length - known.length,
        outcomes: [],
    };
    return { report, live };
}

async function describe(i: Instance, catalogue: Catalogue, now: number): Promise<OrphanInstance> {
    const o: OrphanInstance = {
        id: i.id, name: i.name, status: i.status, gpuNum: i.gpuNum, productId: i.productId, productName: i.productName,
        region: i.clusterName ?? (i.clusterId ? await catalogue.regionOf(i.clusterId) : undefined), billingMode: i.billingMode,
    };
    if (i.createdAt) {
        o.createdAt = i.createdAt.toISOString();
        o.ageMs = Math.max(0, now - i.createdAt.getTime());
    }
    if (!i.productId) o.why = "the API did not say which product it runs";
    else {
        const l = await catalogue.lookup(i.productId, i.clusterId, i.billingMode ?? "onDemand");
        o.productName ??= l.productName;
        if (l.pricePerGpuHour === undefined) o.why = l.why;
        else if (i.gpuNum === undefined) o.why = "the API did not say how many GPUs it has";
        else o.pricePerHour = round(l.pricePerGpuHour * i.gpuNum);
    }
    o.hourly = STOPPED_STATUSES.has(i.status) ? 0 : o.pricePerHour;
    return o;
}

export interface DeleteWhat {
    /** The listed GPU instances (`--delete`). */
    instances: boolean;
    /** The listed registry auths no remaining live instance uses (`--delete-auths`). */
    auths: boolean;
    /** The listed network storages no remaining live instance mounts (`--delete-volumes`). */
    volumes: boolean;
}

/**
 * Deletes, as asked: the listed instances (never one still being created), in parallel, each waited on until
 * removed; then the listed registry auths and network storages that no remaining live instance uses. Every outcome
 * is recorded.
 */
export async function deleteOrphans(client: NovitaClient, scan: Scan, what: DeleteWhat): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    const gone = what.instances ? await deleteInstances(client, scan, outcomes) : new Set<string>();
    if (what.auths) await deleteAuths(client, scan, gone, outcomes);
    if (what.volumes) outcomes.push(...(await deleteVolumes(client, scan.report.networkStorages, scan.live, gone)));
    return outcomes;
}

/** Returns the ids of the instances deleted. */
async function deleteInstances(client: NovitaClient, scan: Scan, outcomes: Outcome[]): Promise<Set<string>> {
    const timeout = parseDuration(DEFAULT_TIMEOUTS.delete);
    const targets = scan.report.instances.filter((i) => {
        if (!CREATING_STATUSES.has(i.status)) return true;
        outcomes.push({ kind: "GPU instance", id: i.id, name: i.name, result: "skipped", reason: `still being created (${i.status}): perhaps by a \`pulumi up\` running now; run again later` });
        return false;
    });
    const settled = await Promise.allSettled(targets.map((i) => deleteAndWait(client, i.id, i.name, timeout)));
    const gone = new Set<string>();
    settled.forEach((r, n) => {
        const i = targets[n]!;
        if (r.status === "fulfilled") gone.add(i.id);
        outcomes.push({ kind: "GPU instance", id: i.id, name: i.name, ...(r.status === "fulfilled" ? { result: "deleted" } : { result: "failed", reason: (r.reason as Error).message }) } as Outcome);
    });
    return gone;
}

async function deleteAuths(client: NovitaClient, scan: Scan, gone: ReadonlySet<string>, outcomes: Outcome[]): Promise<void> {
    for (const a of scan.report.registryAuths) {
        const users = scan.live.filter((i) => i.imageAuthId === a.id && !gone.has(i.id));
        if (users.length > 0) {
            outcomes.push({ kind: "registry auth", id: a.id, name: a.name, result: "skipped", reason: `in use by ${users.map((u) => `${u.name} (${u.id})`).join(", ")}` });
            continue;
        }
        try {
            await client.deleteRegistryAuth(a.id);
            outcomes.push({ kind: "registry auth", id: a.id, name: a.name, result: "deleted" });
        } catch (e) {
            if (isNotFound(e)) outcomes.push({ kind: "registry auth", id: a.id, name: a.name, result: "deleted", reason: "already gone" });
            else outcomes.push({ kind: "registry auth", id: a.id, name: a.name, result: "failed", reason: (e as Error).message });
        }
    }
}
