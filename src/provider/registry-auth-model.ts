/**
 * The RegistryAuth model, in one place (as ./gpu-instance/model.ts for GpuInstance): the checked inputs' normal form,
 * which the outputs mirror (Novita reports nothing else), and the parse functions the provider's entry points
 * (./registry-auth.ts) turn the engine's property maps into it with, once. Keys: ./registry-auth-keys.ts, checked
 * against this type at compile time.
 */
import { isRecord, isString, modelParsers, optional, shaped, type Guards, type Same } from "./model";
import type { InputKey } from "./registry-auth-keys";
import type { registryAuthFields } from "./registry-auth";

/** The normal form stored as checked inputs, and as outputs. */
export interface RegistryAuthInputs {
    name: string;
    autoNamePrefix?: string;
    username: string;
    password: string;
    timeouts: { delete: string };
}

/** Stored outputs, as diff, update, read and delete receive them (a `RegistryAuth.get`'s props hold none). */
export type RegistryAuthState = Partial<RegistryAuthInputs>;

// The model, the key table and check's schema name the same keys, or this fails to compile.
export const MODEL_MATCHES_KEYS: [Same<keyof RegistryAuthInputs, InputKey>, Same<keyof typeof registryAuthFields.shape, InputKey>] = [true, true];

const CHECKED: Guards<RegistryAuthInputs> = {
    name: isString,
    autoNamePrefix: optional(isString),
    username: isString,
    password: isString,
    timeouts: shaped<{ delete: string }>({ delete: isString }),
};

const STORED: Guards<RegistryAuthState> = {
    name: optional(isString),
    autoNamePrefix: optional(isString),
    username: optional(isString),
    password: optional(isString),
    // Read as written by earlier releases: only its kind is relied on.
    timeouts: optional((v): v is { delete: string } => isRecord(v)),
};

export const { parsePlannedInputs, parseInputs, parseStored, parseStoredForDelete } = modelParsers("RegistryAuth", CHECKED, STORED);
