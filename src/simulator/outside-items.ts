/**
 * The items made outside Pulumi that a simulator in quirks mode holds from the start (./outside.ts serves them).
 * Plain data, no imports: exported by `pulumi-novita/simulator`, whose typings stay free of zod.
 */
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
