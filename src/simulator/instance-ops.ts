/**
 * What instance requests do to the state, independent of HTTP (the routes and the out-of-band
 * controls share it). Bodies arrive already validated by the shared schemas; the checks here are
 * the ones that need the catalogue or the instance: product limits, capacity, state transitions.
 */
import { LIMITS, PORT_BUDGET_MESSAGE, type BillingMode, type CreateInstanceBody, type EditInstanceParams, type PortSpec, type Tool, type UpgradeInstanceParams } from "../api/schemas";
import { ApiError, insufficientResource, invalidStateChange, notFound, validatorParam } from "./errors";
import { actionPlan, ALLOWED_FROM, begin, createPlan, type Action } from "./lifecycle";
import { checkMounts } from "./network-storage";
import { poolOf, type InstanceRecord, type Store } from "./store";

const unsupportedBilling = () => new ApiError(400, "UNSUPPORTED_BILLING_MODE", "Unsupported billing mode");
const DAY_MS = 86_400_000;

/** Same port number twice (also across tools) is a conflict; tool ports must be port numbers. */
function checkPorts(ports: readonly PortSpec[], tools: readonly Tool[]): void {
    const seen = new Set<number>();
    tools.forEach((t, i) => {
        const n = Number(t.port);
        if (!/^\d+$/.test(t.port) || n < 1 || n > 65535 || LIMITS.reservedPorts.includes(n)) throw validatorParam(`tools.${i}.port`, "must be a port number 1–65535 other than 2222–2224");
    });
    for (const n of [...ports.map((p) => p.port), ...tools.map((t) => Number(t.port))]) {
        if (seen.has(n)) throw validatorParam("ports", "the same port is mapped twice");
        seen.add(n);
    }
}

function requireAuth(store: Store, imageAuthId: string | undefined): void {
    if (imageAuthId && !store.auths.some((a) => a.id === imageAuthId)) throw notFound(store.config.notFoundStatus, "image auth");
}

export function createInstance(store: Store, body: CreateInstanceBody): InstanceRecord {
    if (body.kind !== "gpu") throw validatorParam("kind", "the simulator offers GPU products only");
    const product = store.product(body.productId);
    if (!product) throw validatorParam("productId", "unknown product");
    const month = body.month ?? 0;
    const billing: BillingMode = month > 0 ? "monthly" : (body.billingMode ?? "onDemand");
    if (billing === "monthly" && month < 1) throw validatorParam("month", "must be at least 1 for monthly billing");
    if ((billing === "spot" && product.spotPriceUsd === undefined) || (billing === "monthly" && !product.monthly)) throw unsupportedBilling();
    if (body.rootfsSize > product.maxRootFS) throw validatorParam("rootfsSize", `exceeds the product's maximum root filesystem of ${product.maxRootFS} GB`);
    const ports = body.ports ?? [];
    const tools = body.tools ?? [];
    checkPorts(ports, tools);
    requireAuth(store, body.imageAuthId);
    if (body.clusterId && !store.cluster(body.clusterId)) throw validatorParam("clusterId", "unknown cluster");
    // Volumes must be in the instance's cluster; without clusterId they choose it (the "random" cluster is theirs).
    const volumes = checkMounts(store, (body.networkStorages ?? []).map((n) => ({ id: n.Id, mountPoint: n.mountPoint })), body.clusterId || undefined, "networkStorages");
    // VPC networks are not simulated: every networkId is unknown.
    if (body.networkId) throw new ApiError(400, "NETWORK_NOT_FOUND", "Instance network not found");

    const pool = poolOf(billing);
    if (body.gpuNum > product.maxGpuNum) throw insufficientResource();
    let clusterId = volumes.clusterId;
    if (clusterId) {
        if (store.free(product.id, clusterId, pool) < body.gpuNum) throw insufficientResource();
    } else {
        // "Created in a random cluster": deterministically, the one with the most free GPUs (catalogue order on ties).
        let best: { id: string; free: number } | undefined;
        for (const c of store.clustersOffering(product.id, pool)) {
            const free = store.free(product.id, c.id, pool);
            if (free >= body.gpuNum && (!best || free > best.free)) best = { id: c.id, free };
        }
        if (!best) throw insufficientResource();
        clusterId = best.id;
    }

    const now = store.clock.now();
    let id = store.ids.instanceId();
    while (store.instances.has(id)) id = store.ids.instanceId();
    const inst: InstanceRecord = {
        seq: store.nextSeq(), id, name: body.name ?? "", productId: product.id, clusterId, gpuNum: body.gpuNum,
        billingMode: billing, month, imageUrl: body.imageUrl, imageAuthId: body.imageAuthId || undefined,
        hasInlineImageAuth: !!body.imageAuth, envs: body.envs ?? [], command: body.command ?? "", entrypoint: body.entrypoint ?? "",
        ports, tools, rootfsSize: Math.max(body.rootfsSize, product.minRootFS), minCudaVersion: body.minCudaVersion, networkStorages: volumes.mounts,
        createdAt: now, endTime: billing === "monthly" ? now + month * 30 * DAY_MS : undefined,
        status: "pending", stuck: store.takeStick(),
    };
    begin(inst, createPlan(now, store.config.bootSeconds, store.takeFailure(product.id, clusterId)));
    store.instances.set(id, inst);
    store.apps?.attach(inst);
    return inst;
}

/** Looks up a live instance (removed ones within retention included) or throws RESOURCE_NOT_FOUND. */
export function findInstance(store: Store, id: string): InstanceRecord {
    const inst = store.instance(id);
    if (!inst) throw notFound(store.config.notFoundStatus, "instance");
    return inst;
}

function checkState(inst: InstanceRecord, action: Action): void {
    if (!ALLOWED_FROM[action].includes(inst.status)) throw invalidStateChange();
}

/** Actions that bring a stopped instance back onto GPUs must find them free again. */
function reacquire(store: Store, inst: InstanceRecord): void {
    if (inst.status !== "exited") return;
    if (store.free(inst.productId, inst.clusterId, poolOf(inst.billingMode)) < inst.gpuNum) throw insufficientResource();
}

export function performAction(store: Store, action: "start" | "stop" | "restart" | "delete" | "migrate", id: string): InstanceRecord {
    const inst = findInstance(store, id);
    checkState(inst, action);
    const now = store.clock.now();
    if (action === "delete" && inst.billingMode === "monthly" && (inst.endTime ?? 0) > now) {
        throw new ApiError(400, "PREPAID_INSTANCE_NOT_SUPPORT_RELEASE", "Prepaid instance does not support release");
    }
    if (action === "start" || action === "migrate") reacquire(store, inst);
    begin(inst, actionPlan(action, now, store.config.bootSeconds));
    return inst;
}

export function editInstance(store: Store, p: EditInstanceParams): InstanceRecord {
    const inst = findInstance(store, p.instanceId);
    checkState(inst, "edit");
    if (p.ports) {
        checkPorts(p.ports, inst.tools);
        if (p.ports.length + inst.tools.length > LIMITS.portsAndToolsMax) throw validatorParam("ports", PORT_BUDGET_MESSAGE);
    }
    const grow = p.expandRootDisk ?? 0;
    if (grow > 0) {
        const max = Math.min(store.product(inst.productId)?.maxRootFS ?? LIMITS.rootfsSizeMax, LIMITS.rootfsSizeMax);
        if (inst.rootfsSize + grow > max) throw validatorParam("expandRootDisk", `the root disk would exceed the product's maximum of ${max} GB`);
    }
    if (p.ports) {
        inst.ports = p.ports.map((x) => ({ ...x }));
        store.apps?.attach(inst);
    }
    inst.rootfsSize += grow;
    return inst;
}

export function upgradeInstance(store: Store, p: UpgradeInstanceParams): InstanceRecord {
    const inst = findInstance(store, p.instanceId);
    checkState(inst, "upgrade");
    requireAuth(store, p.imageAuthId);
    const volumes = checkMounts(store, p.networkVolume.volumeMounts.map((m) => ({ id: m.id, mountPoint: m.mountPath })), inst.clusterId, "networkVolume.volumeMounts");
    reacquire(store, inst);
    // "All parameters must be provided in full": what is not given is cleared.
    inst.imageUrl = p.imageUrl;
    inst.imageAuthId = p.imageAuthId || undefined;
    inst.envs = p.envs.map((e) => ({ ...e }));
    inst.command = p.command;
    inst.entrypoint = p.entrypoint;
    inst.networkStorages = volumes.mounts;
    begin(inst, actionPlan("upgrade", store.clock.now(), store.config.bootSeconds));
    return inst;
}
