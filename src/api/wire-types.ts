/**
 * The Novita wire vocabulary as plain TypeScript: enums and small record shapes that public typings
 * (`pulumi-novita/simulator`, `pulumi-novita/testing`) expose. This module imports nothing, so the
 * declaration files of every entry point stay free of zod's typings, which a stock
 * `pulumi new typescript` project (no `esModuleInterop`, no `skipLibCheck`) cannot compile.
 * The zod schemas in `schemas/limits.ts` are checked against these types at compile time.
 */

/**
 * A value of an enum the API may extend: one of the known values, or any other string, kept as it came
 * (responses are read tolerantly: docs/novita-api-notes.md#typing-quirks). Requests still send known values only.
 */
export type OpenEnum<T extends string> = T | (string & {});

export const BILLING_MODES = ["onDemand", "monthly", "spot"] as const;
export type BillingMode = (typeof BILLING_MODES)[number];

export const PORT_TYPES = ["http", "tcp"] as const;
export type PortType = (typeof PORT_TYPES)[number];
/** Whether a port type read from a response is one that requests can send (`udp` and other new ones are not). */
export const isPortType = (t: string | undefined): t is PortType => t === "http" || t === "tcp";

export const INSTANCE_KINDS = ["gpu", "cpu"] as const;
export type InstanceKind = (typeof INSTANCE_KINDS)[number];

/** Documented instance statuses plus the observed `pending` (docs/novita-api-notes.md#instance-statuses). */
export const INSTANCE_STATUSES = [
    "pending", "toCreate", "creating", "pulling", "running",
    "toStart", "starting", "toStop", "stopping", "exited",
    "toRestart", "restarting", "toRemove", "removing", "removed",
    "toReset", "resetting", "migrating", "freezing",
] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

/** Spot sub-states of a spot instance (`spotStatus`). */
export const SPOT_STATUSES = ["running", "notified", "reclaiming", "terminated"] as const;
export type SpotStatus = (typeof SPOT_STATUSES)[number];

export interface EnvVar {
    key: string;
    value: string;
}

export interface PortSpec {
    port: number;
    type: PortType;
}

/** A template tool: a named port the template exposes (`port` is a string on the wire). */
export interface Tool {
    name: string;
    port: string;
    type: PortType;
}
