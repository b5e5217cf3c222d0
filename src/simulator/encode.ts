/**
 * Wire encoding as documented and observed (docs/novita-api-notes.md#typing-quirks): numbers as strings where the real API
 * sends strings, Unix seconds as strings, `""` for absent values, prices as numeric strings in
 * 1/100 000 USD per GPU-hour, `regions` as display names, and the list/get differences
 * (`endpoint` only in get, `volumeMounts[].size` a number in get and a string in list). Quirks mode adds the
 * suspected variety on top (./quirks.ts).
 */
import { usdToUnits } from "../api/units";
import { inventoryState, MONTHLY_TERMS } from "./catalogue";
import { stableNumber } from "./ids";
import { quirkCluster, quirkInstance, quirkProduct } from "./quirks";
import type { InstanceRecord, Pool, Store } from "./store";
import type { ClusterSeed, ProductSeed } from "./types";

const unix = (ms: number | undefined) => (ms === undefined ? "0" : String(Math.floor(ms / 1000)));

export const regionLabel = (c: ClusterSeed) => `${c.name} (${c.location})`;

export function encodeCluster(store: Store, c: ClusterSeed) {
    const gpuTypes = new Set(store.products.filter((p) => store.offered(p.id, c.id, "onDemand") || store.offered(p.id, c.id, "spot")).map((p) => p.name));
    const out = {
        id: c.id,
        name: c.name,
        availableGpuType: [...gpuTypes],
        supportNetworkStorage: c.supportNetworkStorage,
        supportInstanceNetwork: c.supportInstanceNetwork,
    };
    return store.config.quirks ? quirkCluster(out) : out;
}

/** Public TCP port of an instance's container port: stable per instance and port, 30000–59999. */
export const mappedPort = (instanceId: string, port: number) => 30000 + stableNumber(`${instanceId}:${port}`, 30000);

/** Novita's endpoint formats; the simulator answers these only for a port no listener serves (./apps.ts). */
export function endpointOf(inst: InstanceRecord, port: number, type: string): string {
    return type === "http"
        ? `https://${inst.id}-${port}.${inst.clusterId}.gpu-instance.novita.ai`
        : `proxy.${inst.clusterId}.gpu-instance.novita.ai:${mappedPort(inst.id, port)}`;
}

/** Container ports then tool ports (tools are exposed like ports). */
export function exposed(inst: InstanceRecord): { port: number; type: string }[] {
    return [...inst.ports, ...inst.tools.map((t) => ({ port: Number(t.port), type: t.type }))];
}

export function encodeInstance(store: Store, inst: InstanceRecord, view: "get" | "list"): Record<string, unknown> {
    const product = store.product(inst.productId);
    const cluster = store.cluster(inst.clusterId);
    const disk = (product?.diskPerGpu ?? 0) * inst.gpuNum;
    const out: Record<string, unknown> = {
        id: inst.id,
        name: inst.name,
        clusterId: inst.clusterId,
        clusterName: cluster?.name ?? "",
        status: inst.status,
        imageUrl: inst.imageUrl,
        imageAuthId: inst.imageAuthId ?? "",
        command: inst.command,
        entrypoint: inst.entrypoint,
        cpuNum: String((product?.cpuPerGpu ?? 0) * inst.gpuNum),
        memory: String((product?.memoryPerGpu ?? 0) * inst.gpuNum),
        gpuNum: String(inst.gpuNum),
        portMappings: exposed(inst).map((p) => (view === "get" ? { port: p.port, endpoint: store.apps?.endpoint(inst, p.port, p.type) ?? endpointOf(inst, p.port, p.type), type: p.type } : { port: p.port, type: p.type })),
        productId: inst.productId,
        productName: product?.name ?? "",
        rootfsSize: inst.rootfsSize,
        volumeMounts: [
            { type: "local", size: view === "get" ? disk : String(disk), mountPath: "/workspace" },
            ...inst.networkStorages.map((n) => {
                const size = store.volumes.get(n.id)?.size ?? 0;
                return { type: "network", size: view === "get" ? size : String(size), id: n.id, mountPath: n.mountPoint };
            }),
        ],
        envs: inst.envs.map((e) => ({ key: e.key, value: e.value })),
        kind: "gpu",
        billingMode: inst.billingMode,
        endTime: inst.endTime === undefined ? "-1" : unix(inst.endTime),
        spotStatus: inst.billingMode === "spot" ? "running" : "",
        spotReclaimTime: "0",
        createdAt: unix(inst.createdAt),
        lastStartedAt: unix(inst.lastStartedAt),
        lastStoppedAt: unix(inst.lastStoppedAt),
    };
    if (inst.statusError) out.statusError = { ...inst.statusError };
    if (view === "get") {
        out.keepDataDay = 7;
        out.minCudaVersion = inst.minCudaVersion ?? "";
    }
    return store.config.quirks ? quirkInstance(out, view) : out;
}

export interface ProductView {
    billing: "onDemand" | "monthly" | "spot";
    /** Availability is that cluster's; otherwise any cluster's. */
    clusterId?: string;
    /** GPUs one instance needs (the `gpuNum` filter, at least 1). */
    need: number;
}

export function encodeProduct(store: Store, p: ProductSeed, view: ProductView): Record<string, unknown> {
    const pool: Pool = view.billing === "spot" ? "spot" : "onDemand";
    const offering = store.clustersOffering(p.id, pool);
    const scope = view.clusterId ? offering.filter((c) => c.id === view.clusterId) : offering;
    const frees = scope.map((c) => store.free(p.id, c.id, pool));
    const availableDeploy = p.maxGpuNum >= view.need && frees.some((f) => f >= view.need);
    const out = {
        id: p.id,
        name: p.name,
        cpuPerGpu: p.cpuPerGpu,
        memoryPerGpu: p.memoryPerGpu,
        diskPerGpu: p.diskPerGpu,
        availableDeploy,
        minRootFS: p.minRootFS,
        maxRootFS: p.maxRootFS,
        minLocalStorage: 0,
        maxLocalStorage: p.diskPerGpu * p.maxGpuNum,
        regions: offering.map(regionLabel),
        price: String(usdToUnits(p.priceUsd)),
        monthlyPrice: p.monthly ? MONTHLY_TERMS.map((t) => ({ price: usdToUnits(p.priceUsd * 720 * t.month * t.discount), month: t.month })) : [],
        billingMethods: ["onDemand", ...(p.monthly ? ["monthly"] : []), ...(p.spotPriceUsd !== undefined ? ["spot"] : [])],
        spotPrice: p.spotPriceUsd === undefined ? "" : String(usdToUnits(p.spotPriceUsd)),
        inventoryState: inventoryState(frees.reduce((a, b) => a + b, 0)),
        canBuy: availableDeploy,
        minCudaVersion: p.minCudaVersion ?? "",
    };
    return store.config.quirks ? quirkProduct(out) : out;
}
