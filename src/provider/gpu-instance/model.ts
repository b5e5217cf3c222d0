/**
 * The GpuInstance model, in one place: the checked inputs' normal form (what check() produces and diff, create and
 * update receive), the stored state (those inputs as last applied, plus what create/update/refresh learned from
 * Novita), and the parse functions that turn the engine's property maps into them once, at the provider's entry
 * points (./index.ts). Its keys are ./keys.ts's, checked against these types at compile time.
 */
import type { EnvVar, PortSpec } from "../../api/schemas/limits";
import {
    arrayOf, isArray, isBoolean, isNumber, isRecord, isString, modelParsers, oneOf, optional, shaped,
    type Guards, type Same,
} from "../model";
import type { gpuInstanceFields } from "./inputs";
import type { InputKey, LearnedKey } from "./keys";

export type DesiredState = "running" | "stopped";
export interface NetworkStorage { id: string; mountPoint: string }
export interface Timeouts { create: string; update: string; delete: string }
/** When the app in the instance is ready, in normal form (./readiness.ts checks it). */
export interface Readiness {
    http?: { port: number; path: string; expectStatus: [number, number]; expectBody?: string };
    tcp?: { port: number };
    timeout: string;
}

/** The normal form stored as checked inputs (and mirrored in outputs). Absent optional fields are omitted. */
export interface GpuInstanceInputs {
    name: string;
    autoNamePrefix?: string;
    productId?: string;
    clusterId?: string;
    placement?: Record<string, unknown>;
    gpuNum: number;
    rootfsSize?: number;
    imageUrl?: string;
    imageAuthId?: string;
    templateId?: string;
    ports: PortSpec[];
    envs: EnvVar[];
    command?: string;
    entrypoint?: string;
    networkStorages: NetworkStorage[];
    networkId?: string;
    billingMode?: "onDemand" | "spot";
    kind: "gpu";
    minCudaVersion?: string;
    state: DesiredState;
    timeouts: Timeouts;
    readiness?: Readiness;
}

/** A template's values, defaults under the explicit inputs (./template.ts), kept in the `templateDefaults` output. */
export interface TemplateDefaults {
    imageUrl?: string;
    imageAuthId?: string;
    ports: PortSpec[];
    envs: EnvVar[];
    command?: string;
    entrypoint?: string;
    rootfsSize?: number;
}

export interface PlacementAttempt {
    productId: string;
    clusterId: string | null;
    billingMode: string;
    outcome: "created" | "soldOut" | "failedToStart" | "skipped";
    message: string | null;
    instanceId: string | null;
}

/** What create/update/refresh learned from Novita (and the provider's own markers), kept in outputs. */
export interface Learned {
    instanceId: string;
    status: string;
    statusError: { state?: string; message?: string };
    productName: string;
    clusterName: string;
    pricePerHour: number;
    pricePerGpuHour: number;
    portMappings: { port: number; type: string; endpoint?: string }[];
    createdAt: string;
    placementAttempts: PlacementAttempt[];
    cpuNum: number;
    memory: number;
    templateDefaults: TemplateDefaults;
    ready: boolean;
    readyAt: string;
    /** An instance whose create has not completed (./health.ts). */
    pendingCreate: boolean;
}

/**
 * Stored outputs, as diff, update, read and delete receive them: any field may be absent (an older release, a create
 * that stopped early, or a `GpuInstance.get`, whose props are only the program's inputs). `billingMode` is what Novita
 * reported, which may be outside the two an input can ask for.
 */
export type StoredState = Partial<Omit<GpuInstanceInputs, "billingMode"> & Learned> & { billingMode?: string };

// The model and the key table (./keys.ts) and check's schema (./inputs.ts) name the same keys, or this fails to compile.
export const MODEL_MATCHES_KEYS: [Same<keyof GpuInstanceInputs, InputKey>, Same<keyof typeof gpuInstanceFields.shape, InputKey>, Same<keyof Learned, LearnedKey>] = [true, true, true];

const port = shaped<PortSpec>({ port: isNumber, type: oneOf(["http", "tcp"]) });
const env = shaped<EnvVar>({ key: isString, value: isString });
const readiness = shaped<Readiness>({
    http: optional(shaped<NonNullable<Readiness["http"]>>({
        port: isNumber, path: isString, expectStatus: (v): v is [number, number] => isArray(v) && v.length === 2 && v.every(isNumber), expectBody: optional(isString),
    })),
    tcp: optional(shaped<NonNullable<Readiness["tcp"]>>({ port: isNumber })),
    timeout: isString,
});

/** check()'s normal form, field by field. */
const CHECKED: Guards<GpuInstanceInputs> = {
    name: isString,
    autoNamePrefix: optional(isString),
    productId: optional(isString),
    clusterId: optional(isString),
    placement: optional(isRecord),
    gpuNum: isNumber,
    rootfsSize: optional(isNumber),
    imageUrl: optional(isString),
    imageAuthId: optional(isString),
    templateId: optional(isString),
    ports: arrayOf(port),
    envs: arrayOf(env),
    command: optional(isString),
    entrypoint: optional(isString),
    networkStorages: arrayOf(shaped<NetworkStorage>({ id: isString, mountPoint: isString })),
    networkId: optional(isString),
    billingMode: optional(oneOf(["onDemand", "spot"])),
    kind: oneOf(["gpu"]),
    minCudaVersion: optional(isString),
    state: oneOf(["running", "stopped"]),
    timeouts: shaped<Timeouts>({ create: isString, update: isString, delete: isString }),
    readiness: optional(readiness),
};

const loosely = <T>(guard: (v: unknown) => boolean) => optional((v: unknown): v is T => guard(v));

/** Stored outputs, field by field: each of the kind this provider writes, when present. */
const STORED: Guards<StoredState> = {
    name: optional(isString),
    autoNamePrefix: optional(isString),
    productId: optional(isString),
    clusterId: optional(isString),
    placement: optional(isRecord),
    gpuNum: optional(isNumber),
    rootfsSize: optional(isNumber),
    imageUrl: optional(isString),
    imageAuthId: optional(isString),
    templateId: optional(isString),
    command: optional(isString),
    entrypoint: optional(isString),
    networkId: optional(isString),
    kind: optional(oneOf(["gpu"])),
    minCudaVersion: optional(isString),
    state: optional(oneOf(["running", "stopped"])),
    // Structured values written by earlier releases are read as they are: only their kind is relied on.
    ports: loosely(isArray),
    envs: loosely(isArray),
    networkStorages: loosely(isArray),
    timeouts: loosely(isRecord),
    readiness: loosely(isRecord),
    billingMode: optional(isString),
    instanceId: optional(isString),
    status: optional(isString),
    statusError: loosely(isRecord),
    productName: optional(isString),
    clusterName: optional(isString),
    pricePerHour: optional(isNumber),
    pricePerGpuHour: optional(isNumber),
    portMappings: loosely(isArray),
    createdAt: optional(isString),
    placementAttempts: loosely(isArray),
    cpuNum: optional(isNumber),
    memory: optional(isNumber),
    templateDefaults: loosely(isRecord),
    ready: optional(isBoolean),
    readyAt: optional(isString),
    pendingCreate: optional(isBoolean),
};

export const { parsePlannedInputs, parseInputs, parseStored, parseStoredForDelete } = modelParsers("GpuInstance", CHECKED, STORED);
