/**
 * Items made outside Pulumi — in the Novita console or by other tools — that an account holds. Instances among
 * them are raw wire objects, served exactly as given: in `GET /gpu/instances` (after the instances made through
 * the API, as older ones; the `name`, `productName` and `status` filters apply) and in `GET /gpu/instance`.
 * They take no capacity and never change on their own; `delete` removes one, other actions are refused with
 * "invalid state change". They are not in `sim.instances()`, which holds what was made through the API.
 * With quirks on, the console instance, the CPU instance and the community template below are present from the
 * start; `sim.addOutsideInstance(item)` adds any other.
 */
import { fuzzyMatch } from "./catalogue";
import { invalidStateChange } from "./errors";
import type { Store } from "./store";

type Obj = Record<string, unknown>;

/**
 * A GPU instance made in the console: `""` for its numbers and enums, no cluster id (`null`), a status and a port
 * type this package does not know, no lists but `null`, fields only the console sets.
 */
export const CONSOLE_INSTANCE: Readonly<Obj> = {
    id: "07ed667185a895bb", name: "console-notebook", clusterId: null, clusterName: "", status: "hibernating",
    imageUrl: "jupyter/base-notebook:latest", imageAuthId: null, command: "", entrypoint: "",
    cpuNum: "", memory: "", gpuNum: "", productId: "", productName: "", rootfsSize: "",
    portMappings: [{ port: 8888, type: "http" }, { port: 5353, type: "udp" }], volumeMounts: null, envs: null,
    statusError: { state: "", message: "" }, kind: "", billingMode: "", endTime: "", spotStatus: "", spotReclaimTime: "",
    createdAt: "1711995567", templateId: "1", consoleOnly: { pinned: true, tags: ["notebook"] },
};

/** A CPU instance (`kind: "cpu"`, no `gpuNum`, a CPU product), listed with `Id` instead of `id`. */
export const CPU_INSTANCE: Readonly<Obj> = {
    Id: "3560b7fec915bbf9", name: "cpu-worker", clusterId: "as-sgp-2", clusterName: "AS-SGP-02", status: "running",
    imageUrl: "ubuntu:22.04", imageAuthId: "", command: "sleep infinity", entrypoint: "", cpuNum: "4", memory: "8",
    productId: "cpu.4c8g", productName: "CPU 4 vCPU 8 GB", rootfsSize: 20, portMappings: [{ port: 22, type: "tcp" }],
    volumeMounts: [{ type: "local", size: "20", mountPath: "/workspace" }], envs: [], kind: "cpu", billingMode: "onDemand",
    endTime: "-1", spotStatus: "", spotReclaimTime: "0", createdAt: "1714000000", localStorageMountPoint: "/workspace",
};

/** A community template by another user with a `udp` port, a type requests cannot send. */
export const UDP_TEMPLATE: Readonly<Obj> = {
    Id: "101", name: "CoreDNS + Jupyter community", channel: "community", type: "instance", user: "community-user",
    readme: "# DNS lab", image: "coredns/coredns:1.11.1", imageAuth: "", startCommand: "", entrypoint: "", rootfsSize: 20,
    ports: [{ type: "udp", ports: [53] }, { type: "http", ports: [8888] }], envs: [], tools: [], createdAt: "1721000000",
    recommendCards: [], minCudaVersion: "",
};

export function defaultOutsideInstances(): Obj[] {
    return [structuredClone(CONSOLE_INSTANCE), structuredClone(CPU_INSTANCE)] as Obj[];
}

/** The id of a raw item (`id` or `Id`), if it has a usable one. */
export function outsideIdOf(item: Obj): string | undefined {
    const v = item.id ?? item.Id;
    return typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined;
}

export function findOutside(store: Store, id: string): Obj | undefined {
    return store.outside.find((o) => outsideIdOf(o) === id);
}

/** Outside items matching the list filters, in the order they were added. */
export function listOutside(store: Store, q: { name?: string; productName?: string; status?: string }): Obj[] {
    const text = (v: unknown) => (typeof v === "string" ? v : "");
    return store.outside
        .filter((o) => fuzzyMatch(text(o.name), q.name))
        .filter((o) => fuzzyMatch(text(o.productName), q.productName))
        .filter((o) => !q.status || o.status === q.status)
        .map((o) => structuredClone(o));
}

/** An action on an outside instance, if `id` is one: delete removes it, anything else is an invalid state change. */
export function outsideAction(store: Store, id: string, action: string): { body: Obj } | undefined {
    const item = findOutside(store, id);
    if (!item) return undefined;
    if (action !== "delete") throw invalidStateChange();
    store.outside.splice(store.outside.indexOf(item), 1);
    return { body: {} };
}
