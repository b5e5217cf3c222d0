/**
 * Every key a GpuInstance's state holds, declared once: an input in normal form (which outputs mirror) or something
 * create/update/refresh learned from Novita; `secret` when it carries a secret whatever the inputs were
 * (additionalSecretOutputs); `hidden` when it is kept in state but is not an output of the resource class. The
 * lists below, the class's output seeds and secret outputs (src/resources/gpu-instance.ts) and the model's types
 * (./model.ts, checked against this at compile time) all come from here.
 *
 * Dependency-free on purpose: the `pulumi-novita` root import reads these lists and must not load the provider.
 */
import { keysWhere, type KeysWhere } from "../key-table";

/** In the order the resource class declares its outputs. */
const KEYS = {
    name: "input",
    instanceId: "learned",
    status: "learned",
    statusError: "learned",
    productId: "input",
    productName: "learned",
    clusterId: "input",
    clusterName: "learned",
    placement: "input",
    gpuNum: "input",
    billingMode: "input",
    kind: "input",
    pricePerHour: "learned",
    pricePerGpuHour: "learned",
    portMappings: "learned",
    ports: "input",
    createdAt: "learned",
    imageUrl: "input",
    imageAuthId: "input",
    templateId: "input",
    envs: "secret input",
    command: "input",
    entrypoint: "input",
    rootfsSize: "input",
    networkStorages: "input",
    networkId: "input",
    minCudaVersion: "input",
    state: "input",
    timeouts: "input",
    placementAttempts: "learned",
    cpuNum: "learned",
    memory: "learned",
    templateDefaults: "secret learned",
    readiness: "input",
    ready: "learned",
    readyAt: "learned",
    /** Set by the GpuInstance class from the resource name when `name` is not given (./check.ts stableAutoName). */
    autoNamePrefix: "hidden input",
    /** Marks an instance whose create has not completed (./health.ts). */
    pendingCreate: "hidden learned",
} as const;

type Tag = (typeof KEYS)[keyof typeof KEYS];
const INPUT = ["input", "secret input", "hidden input"] as const satisfies Tag[];
const LEARNED = ["learned", "secret learned", "hidden learned"] as const satisfies Tag[];
const OUTPUT = ["input", "secret input", "learned", "secret learned"] as const satisfies Tag[];
const SECRET = ["secret input", "secret learned"] as const satisfies Tag[];

/** Keys of the checked inputs' normal form. */
export type InputKey = KeysWhere<typeof KEYS, (typeof INPUT)[number]>;
/** Keys of what create/update/refresh learned from Novita: outputs that are not inputs. */
export type LearnedKey = KeysWhere<typeof KEYS, (typeof LEARNED)[number]>;

export const INPUT_KEYS = keysWhere(KEYS, INPUT);
/** Output keys that are not inputs (left out when a refresh reports inputs). */
export const COMPUTED_KEYS = keysWhere(KEYS, LEARNED);
/** Every output the resource class declares. */
export const OUTPUT_KEYS = keysWhere(KEYS, OUTPUT);
/** Outputs that carry secrets whatever the inputs were (env values, template env values). */
export const SECRET_OUTPUTS = keysWhere(KEYS, SECRET);
/** Inputs set by the GpuInstance class itself, not by users: accepted, never suggested. */
export const HIDDEN_INPUTS = keysWhere(KEYS, ["hidden input"]);
/** Output key marking an instance whose create has not completed (./health.ts). */
export const PENDING_CREATE = "pendingCreate" satisfies LearnedKey;
