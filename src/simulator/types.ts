/**
 * Public types of the Novita API simulator (`pulumi-novita/simulator`).
 */
import type { BillingMode, EnvVar, InstanceStatus, PortSpec, Tool } from "../api/wire-types";
import type { AppBehaviour, AppRequest } from "./app-types";

export type * from "./app-types";

// ── catalogue ───────────────────────────────────────────────────────────────────────────────────
export interface ClusterSeed {
    /** Cluster id, e.g. `as-sgp-2` (what `clusterId` takes everywhere). */
    id: string;
    /** Cluster name, e.g. `AS-SGP-02`. */
    name: string;
    /** Human location shown in product `regions`: `"AS-SGP-02 (Singapore)"`. */
    location: string;
    supportNetworkStorage: boolean;
    supportInstanceNetwork: boolean;
}

/** Free GPUs of one product in one cluster, per billing pool. A missing `spot` means no spot offer there. */
export interface ProductStock {
    onDemand: number;
    spot?: number;
}

export interface ProductSeed {
    id: string;
    /** Display name, e.g. `RTX 4090 24GB` (what `productName` filters match, fuzzily). */
    name: string;
    cpuPerGpu: number;
    memoryPerGpu: number;
    diskPerGpu: number;
    minRootFS: number;
    maxRootFS: number;
    /** Largest `gpuNum` one instance of this product can have. */
    maxGpuNum: number;
    /** On-demand price, USD per GPU-hour. */
    priceUsd: number;
    /** Spot price, USD per GPU-hour; absent = no spot offer. */
    spotPriceUsd?: number;
    /** Offers subscriptions (`billingMethod=monthly`). */
    monthly: boolean;
    minCudaVersion?: string;
    /** Clusters offering the product and their free GPUs. A cluster absent here does not offer it. */
    stock: Record<string, ProductStock>;
}

export interface CatalogueSeed {
    clusters: ClusterSeed[];
    products: ProductSeed[];
}

// ── options ─────────────────────────────────────────────────────────────────────────────────────
export interface SimulatorOptions {
    /** TCP port; 0 (default) picks a free one. */
    port?: number;
    /** Default `127.0.0.1`. */
    host?: string;
    /** Bearer key the server accepts. Default: `sk_sim_` + 32 random hex digits, new on every start. */
    apiKey?: string;
    /** Real seconds per simulated second. Default 1; 0.001 makes a 60 s boot take 60 ms. */
    timeScale?: number;
    /** Simulated seconds from create to `running`. Default 60. */
    bootSeconds?: number;
    /** HTTP status of `RESOURCE_NOT_FOUND` (the docs say 400; several clients expect 404). Default 400. */
    notFoundStatus?: 400 | 404;
    /**
     * How a missing or wrong API key is refused: 403 `INVALID_API_KEY` (default; what Novita's gateway was seen to
     * answer) or 401 `UNAUTHORIZED` (what the GPU error table documents).
     */
    authFailureStatus?: 401 | 403;
    /** Base of `pageNum` (unknown in reality). With 1, `pageNum=0` is treated as 1. Default 0. */
    pageBase?: 0 | 1;
    /** Simulated seconds a removed instance is still returned (status `removed`) before it is not found. Default 30. */
    removedRetentionSeconds?: number;
    /** Real milliseconds added to every request. Default 0. */
    latencyMs?: number;
    /** Requests per real second; the excess gets 429 `RATE_LIMIT_EXCEEDED` with `Retry-After`. Default: unlimited. */
    rateLimit?: number;
    /** Makes generated ids deterministic. */
    seed?: string | number;
    /**
     * Quirks mode: answers with the variety the real API is known or suspected to send — numbers as numbers or
     * numeric strings, `""` for absent numbers and enums, `null` ids, `Id` beside `id`, unknown extra fields —
     * and holds, from the start, instances made outside Pulumi (a console instance with an unknown status and a
     * `udp` port, a CPU instance) and a community template with a `udp` port. Default false.
     */
    quirks?: boolean;
    /** Replaces the seed catalogue. */
    catalogue?: CatalogueSeed;
    /**
     * What `POST /networkstorage/create` answers: `"string"` (default) the new id as a bare JSON string, as the docs
     * show it; `"object"` the volume `{storageId, storageName, …}`, as the SDK expects.
     */
    networkStorageCreateAnswer?: "string" | "object";
}

// ── faults ──────────────────────────────────────────────────────────────────────────────────────
export type FaultKind =
    | {
          kind: "status";
          status: number;
          /** Novita `reason`; default from the status (429 → RATE_LIMIT_EXCEEDED, 5xx → UNKNOWN, else REQUEST). */
          reason?: string;
          /** `Retry-After` header, sent verbatim. */
          retryAfter?: number | string;
          message?: string;
          /** Raw body instead of the JSON error body (e.g. a gateway's HTML page). */
          body?: string;
      }
    | { kind: "reset" }
    | { kind: "hang" }
    | { kind: "latency"; ms: number };

export interface RequestInfo {
    method: string;
    /** Path relative to `baseUrl`, e.g. `/v1/gpu/instance/create` (absolute for paths outside it). */
    path: string;
    query: Record<string, string>;
    /** Parsed JSON body (not redacted: predicates run in-process). */
    body: unknown;
}

export type Fault = FaultKind & {
    /** Exact path relative to `baseUrl` (`/v1/gpu/instance/create`), or a predicate. */
    path: string | ((req: RequestInfo) => boolean);
    /** `GET`/`POST`; any method when absent. */
    method?: string;
    /** Matching requests affected. Default 1. */
    count?: number;
    /** `before` (default): instead of the handler. `after`: the handler runs (state changes), then its answer is replaced. */
    phase?: "before" | "after";
};

export interface RequestLogEntry {
    seq: number;
    method: string;
    /** Relative to `baseUrl` when under it. */
    path: string;
    query: Record<string, string>;
    /** HTTP status sent, `"reset"`, `"hang"`, or `0` while still being processed. */
    status: number | "reset" | "hang";
    /** The client's `X-Request-Id` header. */
    requestId?: string;
    /** Real `Date.now()` values. */
    startedAt: number;
    endedAt?: number;
    /** Fault applied, e.g. `status:503`, `reset`, `hang`, `latency:200`, `rate-limit`. */
    fault?: string;
    /** JSON body, redacted with `redactObject`. */
    body?: unknown;
}

// ── snapshots ───────────────────────────────────────────────────────────────────────────────────
export interface SimInstance {
    id: string;
    name: string;
    status: InstanceStatus;
    statusError?: { state: string; message: string };
    productId: string;
    productName: string;
    clusterId: string;
    clusterName: string;
    gpuNum: number;
    billingMode: BillingMode;
    kind: "gpu";
    imageUrl: string;
    /** `undefined` when none. */
    imageAuthId?: string;
    /** Whether inline `imageAuth` credentials were given (never the value). */
    hasInlineImageAuth: boolean;
    envs: EnvVar[];
    ports: PortSpec[];
    tools: Tool[];
    command: string;
    entrypoint: string;
    rootfsSize: number;
    minCudaVersion?: string;
    createdAt: Date;
    lastStartedAt?: Date;
    lastStoppedAt?: Date;
    /** Held in `pulling` until `release(id)`. */
    stuck: boolean;
    /** Mounted network volumes. */
    networkStorages: { id: string; mountPoint: string }[];
}

export interface SimNetworkStorage {
    /** `storageId`, a UUID. */
    id: string;
    name: string;
    /** GB. */
    size: number;
    clusterId: string;
    clusterName: string;
    createdAt: Date;
    /** Ids of the instances (not removed) that mount it. */
    mountedBy: string[];
}

export interface SimRegistryAuth {
    id: string;
    name: string;
    username: string;
    password: string;
}

export interface FailCreateOptions {
    /** `statusError.message`. Default `"failed to pull image: manifest unknown"`. */
    message?: string;
    /** Creates affected. Default 1. */
    count?: number;
    /** Only creates of this product. */
    productId?: string;
    /** Only creates placed in this cluster. */
    clusterId?: string;
}

export type CapacityBilling = "onDemand" | "spot" | "both";

// ── the running simulator ───────────────────────────────────────────────────────────────────────
export interface Simulator {
    /** Origin, e.g. `http://127.0.0.1:43121`. */
    readonly url: string;
    /** `url` + `/gpu-instance/openapi`: the value for `novita:baseUrl`. */
    readonly baseUrl: string;
    /** The API key accepted right now (see `rotateApiKey`). */
    readonly apiKey: string;
    readonly port: number;
    readonly timeScale: number;
    /** Stops the server, drops connections (hung requests included). Idempotent. */
    close(): Promise<void>;

    /** A copy of the request log (oldest first). */
    readonly requests: RequestLogEntry[];
    requestLog(): RequestLogEntry[];
    /** Empties the log and resets `peakInFlight` to the current `inFlight`. */
    clearRequestLog(): void;
    /** Requests being processed right now (hung ones included). */
    readonly inFlight: number;
    /** Most requests ever processed at once since start or the last `clearRequestLog()`. */
    readonly peakInFlight: number;

    inject(fault: Fault): void;
    clearFaults(): void;
    /**
     * Rotates the account's API key, as "regenerate key" in the Novita console does: from now on only the new key
     * (`newKey`, or a generated one) is accepted and the old one is refused like any wrong key (403 INVALID_API_KEY, or 401 UNAUTHORIZED with `authFailureStatus: 401`). Returns the new key, which
     * `apiKey` also reads from now on.
     */
    rotateApiKey(newKey?: string): string;

    /** Sets the free GPUs of a product in a cluster (offering it there if it was not). Billing default: both pools. */
    setCapacity(productId: string, clusterId: string, gpus: number, billing?: CapacityBilling): void;
    setSoldOut(productId: string, clusterId: string, billing?: CapacityBilling): void;
    /** Free GPUs right now. */
    freeGpus(productId: string, clusterId: string, billing?: "onDemand" | "spot"): number;
    /** USD per GPU-hour; `spot: null` withdraws the spot offer. */
    setPrice(productId: string, prices: { onDemand?: number; spot?: number | null }): void;

    /** The next matching create(s) walk to failure: `exited` with `statusError {state: "pulling", message}`. */
    failNextCreate(options?: FailCreateOptions): void;
    /** The next `count` (default 1) creates stay in `pulling` until `release(id)`. */
    stickNextCreate(count?: number): void;
    /** Holds the instance in `pulling` (now, or when it next reaches it) until `release(id)`. */
    stickInPulling(id: string): void;
    release(id: string): void;
    /** Simulated create → running time for subsequent creates (and upgrade/migrate pulls). */
    setBootSeconds(seconds: number): void;
    /**
     * The app behaviour of instance `id` from now on (its phases still count from the container's last start), or,
     * without `id`, of every instance created afterwards.
     */
    setApp(behaviour: AppBehaviour, id?: string): void;
    /** Every HTTP request the instances' apps answered, oldest first (copies). */
    appRequests(): AppRequest[];
    /** Jumps the simulated clock forward. */
    advance(seconds: number): void;

    /** Actions done "in the Novita console": same rules as the API; an illegal one throws. */
    readonly outOfBand: {
        stop(id: string): void;
        start(id: string): void;
        delete(id: string): void;
        /** Deletes a network volume (refused while an instance mounts it). */
        deleteNetworkStorage(id: string): void;
        /** Renames and/or grows a network volume (never shrinks). */
        updateNetworkStorage(id: string, change: { name?: string; size?: number }): void;
    };

    /** Every instance made through the API whose status is not `removed`, oldest first (see `outsideInstances()`). */
    instances(): SimInstance[];
    /** One instance (removed ones during their retention included), or undefined. */
    instance(id: string): SimInstance | undefined;
    registryAuths(): SimRegistryAuth[];
    /**
     * Adds an instance "made outside Pulumi" (in the console, by another tool): a raw wire object, served as given
     * by `GET /gpu/instances` and `GET /gpu/instance`; only `delete` acts on it. Returns its `id` (or `Id`).
     */
    addOutsideInstance(item: Record<string, unknown>): string | undefined;
    /** The instances made outside Pulumi that the account holds (raw wire objects, copies). Not in `instances()`. */
    outsideInstances(): Record<string, unknown>[];
    /** Templates as the API encodes them (official, community and the account's private ones). */
    templates(): Record<string, unknown>[];
    /** Network volumes, oldest first. */
    networkStorages(): SimNetworkStorage[];

    /** Stops listening (connection refused) until `resume()`, which listens on the same port again. */
    pause(): Promise<void>;
    resume(): Promise<void>;
}
