/**
 * The test-facing controls of a running simulator: capacity and prices, instance behaviour,
 * out-of-band actions and snapshots. They act on the same store as the HTTP API.
 */
import { checkBehaviour } from "./apps";
import { ApiError } from "./errors";
import { performAction } from "./instance-ops";
import { outsideIdOf } from "./outside";
import { release as releasePull } from "./lifecycle";
import { deleteVolume, findVolume, updateVolume, volumeUsers } from "./network-storage";
import type { InstanceRecord, Pool, Store } from "./store";
import type { CapacityBilling, FailCreateOptions, SimInstance, SimNetworkStorage, Simulator } from "./types";

type Controls = Pick<
    Simulator,
    | "setCapacity" | "setSoldOut" | "freeGpus" | "setPrice" | "failNextCreate" | "stickNextCreate" | "stickInPulling"
 | "setApp" | "appRequests"
    | "release" | "setBootSeconds" | "advance" | "outOfBand" | "instances" | "instance" | "registryAuths" | "templates"
    | "addOutsideInstance" | "outsideInstances"
    | "networkStorages"
>;

const pools = (billing: CapacityBilling = "both"): Pool[] => (billing === "both" ? ["onDemand", "spot"] : [billing]);

function count(n: number, what: string): number {
    if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a whole number ≥ 0`);
    return n;
}

export function snapshot(store: Store, i: InstanceRecord): SimInstance {
    const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
    return {
        id: i.id, name: i.name, status: i.status, statusError: i.statusError && { ...i.statusError },
        productId: i.productId, productName: store.product(i.productId)?.name ?? "",
        clusterId: i.clusterId, clusterName: store.cluster(i.clusterId)?.name ?? "",
        gpuNum: i.gpuNum, billingMode: i.billingMode, kind: "gpu", imageUrl: i.imageUrl, imageAuthId: i.imageAuthId,
        hasInlineImageAuth: i.hasInlineImageAuth, envs: i.envs.map((e) => ({ ...e })), ports: i.ports.map((p) => ({ ...p })),
        tools: i.tools.map((t) => ({ ...t })), command: i.command, entrypoint: i.entrypoint, rootfsSize: i.rootfsSize,
        minCudaVersion: i.minCudaVersion, createdAt: new Date(i.createdAt), lastStartedAt: date(i.lastStartedAt),
        lastStoppedAt: date(i.lastStoppedAt), stuck: i.stuck, networkStorages: i.networkStorages.map((n) => ({ ...n })),
    };
}

function volumeSnapshot(store: Store, id: string): SimNetworkStorage {
    const v = findVolume(store, id);
    return {
        id: v.id, name: v.name, size: v.size, clusterId: v.clusterId, clusterName: store.cluster(v.clusterId)?.name ?? "",
        createdAt: new Date(v.createdAt), mountedBy: volumeUsers(store, v.id).map((i) => i.id),
    };
}

export function createControls(store: Store): Controls {
    const product = (id: string) => {
        const p = store.product(id);
        if (!p) throw new Error(`unknown product ${id}`);
        return p;
    };
    const placement = (productId: string, clusterId: string) => {
        product(productId);
        if (!store.cluster(clusterId)) throw new Error(`unknown cluster ${clusterId}`);
    };
    const live = (id: string) => {
        const i = store.instance(id);
        if (!i) throw new Error(`unknown instance ${id}`);
        return i;
    };
    /** Runs a console action with the API's rules; a refusal throws naming the action and the reason. */
    const consoleAction = (what: string, fn: () => void) => {
        try {
            fn();
        } catch (e) {
            if (e instanceof ApiError) throw new Error(`outOfBand.${what}: ${e.reason}: ${e.message}`);
            throw e;
        }
    };
    const outOfBand = (action: "stop" | "start" | "delete") => (id: string) => {
        live(id);
        consoleAction(`${action}(${id})`, () => performAction(store, action, id));
        store.apps?.reconcile();
    };

    const controls: Controls = {
        setCapacity(productId, clusterId, gpus, billing) {
            placement(productId, clusterId);
            for (const pool of pools(billing)) store.setFree(productId, clusterId, pool, count(gpus, "gpus"));
        },
        setSoldOut(productId, clusterId, billing) {
            controls.setCapacity(productId, clusterId, 0, billing);
        },
        freeGpus(productId, clusterId, billing = "onDemand") {
            placement(productId, clusterId);
            return store.free(productId, clusterId, billing);
        },
        setPrice(productId, prices) {
            const p = product(productId);
            const valid = (usd: number) => {
                if (!(Number.isFinite(usd) && usd >= 0)) throw new Error("prices are USD per GPU-hour ≥ 0");
                return usd;
            };
            if (prices.onDemand !== undefined) p.priceUsd = valid(prices.onDemand);
            if (prices.spot === null) delete p.spotPriceUsd;
            else if (prices.spot !== undefined) p.spotPriceUsd = valid(prices.spot);
        },
        failNextCreate(options: FailCreateOptions = {}) {
            store.failQueue.push({ ...options, message: options.message ?? "failed to pull image: manifest unknown", count: count(options.count ?? 1, "count") });
        },
        stickNextCreate(n = 1) {
            store.stickCount += count(n, "count");
        },
        stickInPulling(id) {
            live(id).stuck = true;
            store.tick();
        },
        release(id) {
            releasePull(live(id), store.clock.now());
        },
        setBootSeconds(seconds) {
            if (!(Number.isFinite(seconds) && seconds >= 0)) throw new Error("bootSeconds must be ≥ 0");
            store.config.bootSeconds = seconds;
        },
        setApp(behaviour, id) {
            const b = checkBehaviour(behaviour ?? {});
            if (!store.apps) throw new Error("setApp: this simulator serves no app endpoints");
            if (id === undefined) store.apps.next = b;
            else store.apps.setBehaviour(live(id).id, b);
        },
        appRequests: () => (store.apps?.log ?? []).map((r) => ({ ...r, at: new Date(r.at) })),
        advance(seconds) {
            store.clock.advance(seconds);
            store.tick();
        },
        outOfBand: {
            stop: outOfBand("stop"),
            start: outOfBand("start"),
            delete: outOfBand("delete"),
            deleteNetworkStorage: (id) => consoleAction(`deleteNetworkStorage(${id})`, () => deleteVolume(store, id)),
            updateNetworkStorage: (id, change) =>
                consoleAction(`updateNetworkStorage(${id})`, () => {
                    const v = findVolume(store, id);
                    if (change.size !== undefined && !(Number.isInteger(change.size) && change.size > 0)) throw new Error("size must be a whole number of GB");
                    updateVolume(store, { storageId: id, storageName: change.name ?? v.name, storageSize: change.size ?? v.size });
                }),
        },
        instances() {
            store.tick();
            return [...store.instances.values()].filter((i) => i.status !== "removed").map((i) => snapshot(store, i));
        },
        instance(id) {
            const i = store.instance(id);
            return i && snapshot(store, i);
        },
        registryAuths: () => store.auths.map((a) => ({ ...a })),
        addOutsideInstance(item) {
            if (!item || typeof item !== "object" || Array.isArray(item)) throw new Error("addOutsideInstance() takes a JSON object");
            const copy = structuredClone(item);
            store.outside.push(copy);
            return outsideIdOf(copy);
        },
        outsideInstances: () => store.outside.map((o) => structuredClone(o)),
        templates: () => store.templates.map((t) => structuredClone(t)),
        networkStorages: () => [...store.volumes.keys()].map((id) => volumeSnapshot(store, id)),
    };
    return controls;
}
