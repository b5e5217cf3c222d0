/** Test data for the selection tests: clusters, products and offers shaped like the client's output. */
import type { Cluster, Product } from "../../src/api";
import type { Offer, OfferBillingMode } from "../../src/selection";

export const CLUSTERS: Cluster[] = [
    { id: "as-sgp-2", name: "AS-SGP-02", availableGpuType: [], supportNetworkStorage: true, supportInstanceNetwork: false },
    { id: "cn-hongkong-1", name: "CN-HK-01", availableGpuType: [], supportNetworkStorage: false, supportInstanceNetwork: false },
    { id: "as-in-1", name: "AS-IN-01", availableGpuType: [], supportNetworkStorage: false, supportInstanceNetwork: false },
    { id: "us-ca-6", name: "US-CA-06", availableGpuType: [], supportNetworkStorage: true, supportInstanceNetwork: true },
];

/** Rank of each fixture cluster in the default order (AS-SGP-02, CN-HK-01, AS-IN-01), US-CA-06 last. */
export const REGION = {
    sgp: { clusterId: "as-sgp-2", region: "AS-SGP-02", regionRank: 0 },
    hk: { clusterId: "cn-hongkong-1", region: "CN-HK-01", regionRank: 1 },
    in: { clusterId: "as-in-1", region: "AS-IN-01", regionRank: 2 },
    us: { clusterId: "us-ca-6", region: "US-CA-06", regionRank: 3 },
} as const;

/** A normalised product (what `NovitaClient.listProducts` returns): an in-stock RTX 4090 at $0.35/GPU-h. */
export function product(overrides: Partial<Product> = {}): Product {
    return {
        id: "4090.16c62g",
        name: "RTX 4090 24GB",
        cpuPerGpu: 16,
        memoryPerGpu: 62,
        diskPerGpu: 250,
        availableDeploy: true,
        minRootFS: 10,
        maxRootFS: 200,
        minLocalStorage: 0,
        maxLocalStorage: 1000,
        regions: [],
        pricePerHour: 0.35,
        spotPricePerHour: 0.18,
        monthlyPrices: [],
        billingMethods: ["onDemand", "spot"],
        inventoryState: "normal",
        canBuy: true,
        minCudaVersion: undefined,
        ...overrides,
    };
}

export function offer(region: keyof typeof REGION, billingMode: OfferBillingMode, overrides: Partial<Product> = {}): Offer {
    return { ...REGION[region], billingMode, product: product(overrides) };
}

/** Deterministic permutation (mulberry32-seeded Fisher–Yates), so a failing shuffle is reproducible. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
    let a = seed >>> 0;
    const rand = () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
}

/** `clusterId/productId/billingMode` of each candidate, the shape most ordering assertions compare. */
export const ids = (cs: readonly { clusterId: string; productId: string; billingMode: string }[]) =>
    cs.map((c) => `${c.clusterId}/${c.productId}/${c.billingMode}`);
