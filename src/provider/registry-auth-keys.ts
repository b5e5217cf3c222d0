/**
 * Every key a RegistryAuth's state holds, declared once (as ./gpu-instance/keys.ts does for GpuInstance): the
 * resource class's output seeds and secret outputs (src/resources/registry-auth.ts) and the model's types
 * (./registry-auth-model.ts, checked against this at compile time) come from here. Dependency-free: the
 * `pulumi-novita` root import reads it. Every output of a RegistryAuth is an input (Novita reports nothing else).
 */
import { keysWhere } from "./key-table";

/** In the order the resource class declares its outputs. */
const KEYS = {
    name: "output",
    username: "output",
    password: "secret output",
    timeouts: "output",
    /** Set by the RegistryAuth class when `name` is not given: not an output of the class. */
    autoNamePrefix: "hidden",
} as const;

export type InputKey = keyof typeof KEYS;

/** Every output the resource class declares. */
export const OUTPUT_KEYS = keysWhere(KEYS, ["output", "secret output"]);
/** Outputs that are secret whatever the inputs were. */
export const SECRET_OUTPUTS = keysWhere(KEYS, ["secret output"]);
/** Set by the RegistryAuth class itself: accepted, never suggested. */
export const HIDDEN_INPUTS = keysWhere(KEYS, ["hidden"]);
