/**
 * The Novita wire vocabulary as plain TypeScript: enums and small record shapes that public typings
 * (`pulumi-novita/simulator`, `pulumi-novita/testing`) expose. This module imports nothing, so the
 * declaration files of every entry point stay free of zod's typings, which a stock
 * `pulumi new typescript` project (no `esModuleInterop`, no `skipLibCheck`) cannot compile.
 * The zod schemas in `schemas/limits.ts` are checked against these types at compile time.
 */

export const BILLING_MODES = ["onDemand", "monthly", "spot"] as const;
export type BillingMode = (typeof BILLING_MODES)[number];

export const PORT_TYPES = ["http", "tcp"] as const;
export type PortType = (typeof PORT_TYPES)[number];

export const INSTANCE_KINDS = ["gpu", "cpu"] as const;
export type InstanceKind = (typeof INSTANCE_KINDS)[number];

/** Documented instance statuses (novita-api.md §5.1) plus the observed `pending`. */
export const INSTANCE_STATUSES = [
    "pending", "toCreate", "creating", "pulling", "running",
    "toStart", "starting", "toStop", "stopping", "exited",
    "toRestart", "restarting", "toRemove", "removing", "removed",
    "toReset", "resetting", "migrating", "freezing",
] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

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
