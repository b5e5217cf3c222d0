/**
 * Every key a NetworkStorage's state holds, declared once (as ../gpu-instance/keys.ts does for GpuInstance): the
 * resource class's output seeds (src/resources/network-storage.ts), the keys a refresh leaves out of the inputs, and
 * the model's types (./model.ts, checked against this at compile time) come from here. Dependency-free: the
 * `pulumi-novita` root import reads it.
 */
import { keysWhere, type KeysWhere } from "../key-table";

/** In the order the resource class declares its outputs. `learned`: an output that is not an input. */
const KEYS = {
    name: "input",
    clusterId: "input",
    clusterName: "learned",
    region: "input",
    size: "input",
    status: "learned",
    timeouts: "input",
    /** Set by the NetworkStorage class when `name` is not given: not an output of the class. */
    autoNamePrefix: "hidden input",
} as const;

export type InputKey = KeysWhere<typeof KEYS, "input" | "hidden input">;
export type LearnedKey = KeysWhere<typeof KEYS, "learned">;

/** Every output the resource class declares. */
export const OUTPUT_KEYS = keysWhere(KEYS, ["input", "learned"]);
/** Output keys that are not inputs (left out of the inputs a refresh reports). */
export const COMPUTED_KEYS = keysWhere(KEYS, ["learned"]);
/** Set by the NetworkStorage class itself: accepted, never suggested. */
export const HIDDEN_INPUTS = keysWhere(KEYS, ["hidden input"]);
