/**
 * The simulator's state: catalogue (mutable prices and capacity), instances, registry auths,
 * templates, and the pending instance-behaviour controls. Capacity is counted in GPUs per
 * product × cluster × billing pool (spot, or onDemand which monthly also draws from); used GPUs
 * are derived from the instances' current statuses, so nothing needs releasing by hand.
 */
import type { BillingMode, EnvVar, PortSpec, Tool } from "../api/schemas";
import { seedTemplates } from "./catalogue";
import type { IdSource } from "./ids";
import { advance, holdsGpus, type Clock, type LifecycleState } from "./lifecycle";
import type { VolumeRecord } from "./network-storage";
import type { AppBehaviour, AppRequest } from "./app-types";
import type { CatalogueSeed, ClusterSeed, FailCreateOptions, ProductSeed, SimRegistryAuth } from "./types";

export type Pool = "onDemand" | "spot";
export const poolOf = (billing: BillingMode): Pool => (billing === "spot" ? "spot" : "onDemand");

export interface SimConfig {
    bootSeconds: number;
    notFoundStatus: 400 | 404;
    pageBase: 0 | 1;
    removedRetentionSeconds: number;
    /** Quirks mode: the variety the real API is known or suspected to send (./quirks.ts). */
    quirks: boolean;
    /** What `POST /networkstorage/create` answers: the id as a bare JSON string (docs) or the volume object (SDK). */
    networkStorageCreateAnswer: "string" | "object";
}

export interface InstanceRecord extends LifecycleState {
    seq: number;
    id: string;
    name: string;
    productId: string;
    clusterId: string;
    gpuNum: number;
    billingMode: BillingMode;
    month: number;
    imageUrl: string;
    imageAuthId?: string;
    hasInlineImageAuth: boolean;
    envs: EnvVar[];
    command: string;
    entrypoint: string;
    ports: PortSpec[];
    tools: Tool[];
    rootfsSize: number;
    minCudaVersion?: string;
    /** Mounted network volumes (./network-storage.ts). */
    networkStorages: { id: string; mountPoint: string }[];
    /** Simulated epoch ms. */
    createdAt: number;
    /** Subscription expiry (simulated epoch ms); undefined for pay-as-you-go. */
    endTime?: number;
}

/** The served app endpoints (./apps.ts), seen from the store: kept in step with the instances. */
export interface AppHooks {
    attach(inst: InstanceRecord): void;
    endpoint(inst: InstanceRecord, port: number, type: string): string | undefined;
    reconcile(): void;
    settled(): Promise<void>;
    /** Behaviour of instances created from now on. */
    next: Required<AppBehaviour>;
    setBehaviour(id: string, b: Required<AppBehaviour>): void;
    readonly log: AppRequest[];
}

export interface TemplateRecord extends Record<string, unknown> {
    Id: string;
    channel: string;
    name: string;
    type: string;
    /** Private templates belong to the simulated account; official/community ones do not. */
    user: string;
}

export interface FailSpec extends FailCreateOptions {
    message: string;
    count: number;
}

export const ACCOUNT_USER = "simulated-account";

export class Store {
    readonly clusters: ClusterSeed[];
    readonly products: ProductSeed[];
    readonly instances = new Map<string, InstanceRecord>();
    readonly auths: SimRegistryAuth[] = [];
    /** Network volumes by id, in creation order (./network-storage.ts). */
    readonly volumes = new Map<string, VolumeRecord>();
    readonly templates: TemplateRecord[] = seedTemplates() as TemplateRecord[];
    /** Instances made outside Pulumi, as raw wire objects (./outside.ts). */
    readonly outside: Record<string, unknown>[] = [];
    readonly failQueue: FailSpec[] = [];
    stickCount = 0;
    /** Served app endpoints (./apps.ts); set by startSimulator. */
    apps?: AppHooks;
    private seq = 0;
    /** Total GPUs per `${productId}|${clusterId}|${pool}`; a missing key = not offered there. */
    private readonly totals = new Map<string, number>();

    constructor(
        catalogue: CatalogueSeed,
        readonly clock: Clock,
        readonly ids: IdSource,
        readonly config: SimConfig,
    ) {
        this.clusters = catalogue.clusters;
        this.products = catalogue.products;
        for (const p of this.products) {
            for (const [clusterId, stock] of Object.entries(p.stock)) {
                this.totals.set(key(p.id, clusterId, "onDemand"), stock.onDemand);
                if (stock.spot !== undefined) this.totals.set(key(p.id, clusterId, "spot"), stock.spot);
            }
        }
    }

    nextSeq(): number {
        return ++this.seq;
    }

    /** Brings every instance up to the clock and forgets removed ones past their retention. */
    tick(): void {
        const now = this.clock.now();
        for (const inst of this.instances.values()) {
            advance(inst, now);
            if (inst.status === "removed" && now >= (inst.removedAt ?? now) + this.config.removedRetentionSeconds * 1000) {
                this.instances.delete(inst.id);
            }
        }
        this.apps?.reconcile();
    }

    instance(id: string): InstanceRecord | undefined {
        this.tick();
        return this.instances.get(id);
    }

    product(id: string): ProductSeed | undefined {
        return this.products.find((p) => p.id === id);
    }

    cluster(id: string): ClusterSeed | undefined {
        return this.clusters.find((c) => c.id === id);
    }

    /** Whether the product is sold in the cluster for this pool (spot also needs a spot price). */
    offered(productId: string, clusterId: string, pool: Pool): boolean {
        if (pool === "spot" && this.product(productId)?.spotPriceUsd === undefined) return false;
        return this.totals.has(key(productId, clusterId, pool));
    }

    /** Clusters (catalogue order) offering the product in this pool. */
    clustersOffering(productId: string, pool: Pool): ClusterSeed[] {
        return this.clusters.filter((c) => this.offered(productId, c.id, pool));
    }

    used(productId: string, clusterId: string, pool: Pool): number {
        this.tick();
        let n = 0;
        for (const i of this.instances.values()) {
            if (i.productId === productId && i.clusterId === clusterId && poolOf(i.billingMode) === pool && holdsGpus(i.status)) n += i.gpuNum;
        }
        return n;
    }

    free(productId: string, clusterId: string, pool: Pool): number {
        if (!this.offered(productId, clusterId, pool)) return 0;
        return Math.max(0, (this.totals.get(key(productId, clusterId, pool)) ?? 0) - this.used(productId, clusterId, pool));
    }

    /** Sets the free GPUs (total = in use + free); offers the product there if it was not. */
    setFree(productId: string, clusterId: string, pool: Pool, gpus: number): void {
        this.totals.set(key(productId, clusterId, pool), this.used(productId, clusterId, pool) + gpus);
    }

    /** Consumes the first pending `failNextCreate` matching this placement, if any. */
    takeFailure(productId: string, clusterId: string): string | undefined {
        const i = this.failQueue.findIndex((f) => (!f.productId || f.productId === productId) && (!f.clusterId || f.clusterId === clusterId));
        if (i < 0) return undefined;
        const f = this.failQueue[i]!;
        if (--f.count <= 0) this.failQueue.splice(i, 1);
        return f.message;
    }

    takeStick(): boolean {
        if (this.stickCount <= 0) return false;
        this.stickCount--;
        return true;
    }

    /** Registry auth ids referenced by instances that are not removed. */
    authInUse(id: string): boolean {
        this.tick();
        return [...this.instances.values()].some((i) => i.imageAuthId === id && i.status !== "removed");
    }
}

const key = (productId: string, clusterId: string, pool: Pool) => `${productId}|${clusterId}|${pool}`;
