/**
 * The NetworkStorage model, in one place (as ../gpu-instance/model.ts for GpuInstance): the checked inputs' normal
 * form, the stored state (those inputs plus what create/update/read learned), and the parse functions the provider's
 * entry points (./index.ts) turn the engine's property maps into them with, once. Keys: ./keys.ts, checked against
 * these types at compile time.
 */
import { isNumber, isRecord, isString, modelParsers, optional, shaped, type Guards, type Same } from "../model";
import type { networkStorageFields } from "./check";
import type { InputKey, LearnedKey } from "./keys";

/** The normal form stored as checked inputs (and mirrored in outputs). */
export interface NetworkStorageInputs {
    name: string;
    autoNamePrefix?: string;
    clusterId?: string;
    region?: string;
    /** GB. */
    size: number;
    timeouts: { delete: string };
}

/** What create/update/read learned, kept in outputs next to the inputs. */
export interface Learned {
    clusterName?: string;
    status: string;
}

/** Outputs after create/update/read: the cluster is always its id, also when `region` was given. */
export type NetworkStorageOutputs = NetworkStorageInputs & Learned & { clusterId: string };

/** Stored outputs, as diff, update, read and delete receive them (a `NetworkStorage.get`'s props hold none). */
export type NetworkStorageState = Partial<NetworkStorageOutputs>;

// The model, the key table (./keys.ts) and check's schema (./check.ts) name the same keys, or this fails to compile.
export const MODEL_MATCHES_KEYS: [Same<keyof NetworkStorageInputs, InputKey>, Same<keyof typeof networkStorageFields.shape, InputKey>, Same<keyof Learned, LearnedKey>] = [true, true, true];

const CHECKED: Guards<NetworkStorageInputs> = {
    name: isString,
    autoNamePrefix: optional(isString),
    clusterId: optional(isString),
    region: optional(isString),
    size: isNumber,
    timeouts: shaped<{ delete: string }>({ delete: isString }),
};

const STORED: Guards<NetworkStorageState> = {
    name: optional(isString),
    autoNamePrefix: optional(isString),
    clusterId: optional(isString),
    region: optional(isString),
    size: optional(isNumber),
    // Read as written by earlier releases: only its kind is relied on.
    timeouts: optional((v): v is { delete: string } => isRecord(v)),
    clusterName: optional(isString),
    status: optional(isString),
};

export const { parsePlannedInputs, parseInputs, parseStored, parseStoredForDelete } = modelParsers("NetworkStorage", CHECKED, STORED);
