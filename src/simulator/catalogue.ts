/**
 * The deterministic seed catalogue: clusters and GPU products with prices and free GPUs per
 * cluster × billing pool. Ids and names follow what was observed on the live API (docs/novita-api-notes.md#identifiers);
 * prices are plausible, not quotes. Some combinations are sold out, some low, one product has no spot.
 */
import type { CatalogueSeed, ClusterSeed, ProductSeed } from "./types";

const CLUSTERS: ClusterSeed[] = [
    { id: "as-sgp-2", name: "AS-SGP-02", location: "Singapore", supportNetworkStorage: true, supportInstanceNetwork: true },
    { id: "cn-hongkong-1", name: "CN-HK-01", location: "Hong Kong", supportNetworkStorage: true, supportInstanceNetwork: false },
    { id: "as-in-1", name: "AS-IN-01", location: "India", supportNetworkStorage: false, supportInstanceNetwork: false },
    { id: "us-ca-6", name: "US-CA-06", location: "California", supportNetworkStorage: true, supportInstanceNetwork: true },
];

const PRODUCTS: ProductSeed[] = [
    {
        id: "4090.16c62g", name: "RTX 4090 24GB", cpuPerGpu: 16, memoryPerGpu: 62, diskPerGpu: 60,
        minRootFS: 10, maxRootFS: 500, maxGpuNum: 8, priceUsd: 0.35, spotPriceUsd: 0.18, monthly: true, minCudaVersion: "12.4",
        stock: { "as-sgp-2": { onDemand: 24, spot: 8 }, "cn-hongkong-1": { onDemand: 0, spot: 4 }, "us-ca-6": { onDemand: 40, spot: 0 } },
    },
    {
        id: "4090.16c96g.v2", name: "RTX 4090 24GB", cpuPerGpu: 16, memoryPerGpu: 96, diskPerGpu: 100,
        minRootFS: 10, maxRootFS: 1000, maxGpuNum: 8, priceUsd: 0.29, spotPriceUsd: 0.15, monthly: false, minCudaVersion: "12.4",
        stock: { "as-in-1": { onDemand: 6, spot: 2 }, "cn-hongkong-1": { onDemand: 16 } },
    },
    {
        id: "3090.16c92g", name: "RTX 3090 24GB", cpuPerGpu: 16, memoryPerGpu: 92, diskPerGpu: 50,
        minRootFS: 10, maxRootFS: 250, maxGpuNum: 8, priceUsd: 0.21, spotPriceUsd: 0.11, monthly: true, minCudaVersion: "12.2",
        stock: { "as-sgp-2": { onDemand: 12, spot: 12 }, "as-in-1": { onDemand: 3, spot: 0 } },
    },
    {
        id: "A100-80GB.14c240g", name: "A100 SXM4 80GB", cpuPerGpu: 14, memoryPerGpu: 240, diskPerGpu: 200,
        minRootFS: 10, maxRootFS: 1000, maxGpuNum: 8, priceUsd: 1.6, spotPriceUsd: 0.8, monthly: true, minCudaVersion: "12.4",
        stock: { "us-ca-6": { onDemand: 16, spot: 8 }, "as-sgp-2": { onDemand: 0, spot: 0 } },
    },
    {
        id: "H100-80GB.16c240g", name: "H100 SXM 80GB", cpuPerGpu: 16, memoryPerGpu: 240, diskPerGpu: 250,
        minRootFS: 10, maxRootFS: 2048, maxGpuNum: 8, priceUsd: 2.89, monthly: true, minCudaVersion: "12.4",
        stock: { "us-ca-6": { onDemand: 64 }, "cn-hongkong-1": { onDemand: 8 } },
    },
    {
        id: "L40S.16c120g", name: "L40S 48GB", cpuPerGpu: 16, memoryPerGpu: 120, diskPerGpu: 100,
        minRootFS: 10, maxRootFS: 1000, maxGpuNum: 4, priceUsd: 0.86, spotPriceUsd: 0.43, monthly: false, minCudaVersion: "12.2",
        stock: { "as-sgp-2": { onDemand: 8, spot: 2 }, "us-ca-6": { onDemand: 0, spot: 0 } },
    },
];

/** GB. The largest network volume (NETWORK_STORAGE_TOO_LARGE beyond); the real limit is not documented. */
export const NETWORK_STORAGE_MAX_GB = 10_240;
/**
 * USD per GB-day of a network volume (guides/gpu-instance-pricing). The list's `price` is this × size in 1e-5 USD: the
 * real unit of that field is not documented (docs/network-storage.md).
 */
export const NETWORK_STORAGE_USD_PER_GB_DAY = 0.002;

/** A fresh deep copy of the seed catalogue (callers mutate prices and stock). */
export function defaultCatalogue(): CatalogueSeed {
    return structuredClone({ clusters: CLUSTERS, products: PRODUCTS });
}

/** Free GPUs → `inventoryState`: 0 none, 1–7 low, 8–31 normal, ≥ 32 high. */
export const INVENTORY_THRESHOLDS = { low: 1, normal: 8, high: 32 } as const;

export function inventoryState(freeGpus: number): "none" | "low" | "normal" | "high" {
    if (freeGpus >= INVENTORY_THRESHOLDS.high) return "high";
    if (freeGpus >= INVENTORY_THRESHOLDS.normal) return "normal";
    if (freeGpus >= INVENTORY_THRESHOLDS.low) return "low";
    return "none";
}

/** Subscription terms offered by products with `monthly`, and their discount on 720 h × hourly price. */
export const MONTHLY_TERMS: readonly { month: number; discount: number }[] = [
    { month: 1, discount: 0.9 },
    { month: 3, discount: 0.85 },
    { month: 6, discount: 0.8 },
    { month: 12, discount: 0.75 },
];

/** `productName` / `name` filters are fuzzy: case-insensitive and blind to spaces and punctuation. */
export function fuzzyMatch(haystack: string, needle: string | undefined): boolean {
    if (!needle) return true;
    const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
    const n = norm(needle);
    return n === "" ? haystack.toLowerCase().includes(needle.toLowerCase()) : norm(haystack).includes(n);
}

/** Official and community templates present at start (private ones are created through the API). */
export function seedTemplates(): Record<string, unknown>[] {
    const base = { type: "instance", imageAuth: "", entrypoint: "", user: "novita", minCudaVersion: "" };
    return [
        {
            ...base, Id: "1", name: "PyTorch 2.4 CUDA 12.4", channel: "official",
            readme: "# PyTorch\nJupyterLab on port 8888.", image: "pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime",
            startCommand: "jupyter lab --allow-root --ip=0.0.0.0 --port=8888", rootfsSize: 60,
            ports: [{ type: "http", ports: [8888] }], envs: [{ key: "JUPYTER_ENABLE_LAB", value: "yes" }],
            tools: [{ name: "Jupyter", describe: "JupyterLab", port: 8888, type: "http" }],
            createdAt: "1711995567", recommendCards: [{ gpuSpecId: "4090.16c62g", cardNum: "1" }], minCudaVersion: "12.4",
        },
        {
            ...base, Id: "2", name: "Stable Diffusion WebUI", channel: "official",
            readme: "# AUTOMATIC1111\nWeb UI on port 7860.", image: "novitalabs/sd-webui:v1.10.1",
            startCommand: "", rootfsSize: 100, ports: [{ type: "http", ports: [7860] }, { type: "tcp", ports: [22] }],
            envs: [{ key: "COMMANDLINE_ARGS", value: "--listen --api" }],
            tools: [], createdAt: "1713200000", recommendCards: [{ gpuSpecId: "4090.16c62g", cardNum: "1" }],
        },
        {
            ...base, Id: "3", name: "Ubuntu 22.04 CUDA 12.1", channel: "official",
            readme: "# Ubuntu\nSSH on port 22.", image: "nvidia/cuda:12.1.1-cudnn8-devel-ubuntu22.04",
            startCommand: "sleep infinity", rootfsSize: 30, ports: [{ type: "tcp", ports: [22] }], envs: [],
            tools: [], createdAt: "1714000000", recommendCards: [], minCudaVersion: "12.1",
        },
        {
            ...base, Id: "100", name: "ComfyUI community", channel: "community", user: "community-user",
            readme: "# ComfyUI", image: "yanwk/comfyui-boot:cu124-slim", startCommand: "", rootfsSize: 80,
            ports: [{ type: "http", ports: [8188] }], envs: [], tools: [], createdAt: "1720000000", recommendCards: [],
        },
    ];
}
