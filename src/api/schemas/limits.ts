/**
 * Every documented constraint of the Novita GPU Instance API, written once (docs/novita-api-notes.md#limits).
 * The client validates its parameters with these schemas before any request, the simulator
 * validates incoming requests with them (→ 400 VALIDATOR_PARAM), and the provider's `check`
 * builds its input schemas from them. Where sources disagree, the current docs win (docs/novita-api-notes.md#limits).
 */
import { z } from "zod";
import { BILLING_MODES, PORT_TYPES, type EnvVar, type PortSpec, type Tool } from "../wire-types";

export const LIMITS = {
    nameMax: 255,
    productIdMax: 255,
    clusterIdMax: 255,
    gpuNumMin: 1,
    gpuNumMax: 8,
    rootfsSizeMin: 10,
    rootfsSizeMax: 6144,
    imageUrlMax: 500,
    imageAuthMax: 10239,
    envsMax: 100,
    envKeyMax: 511,
    envValueMax: 4095,
    portsAndToolsMax: 15,
    reservedPorts: [2222, 2223, 2224] as readonly number[],
    commandMax: 2047,
    entrypointMax: 2047,
    networkStoragesMax: 30,
    mountPointMax: 4095,
    minCudaVersionMax: 255,
    queryStringMax: 255,
    statusMax: 63,
    registryNameMax: 255,
    registryUsernameMax: 511,
    registryPasswordMax: 1024,
    templatePortsPerEntryMax: 10,
    templateReadmeMax: 102400,
    templateImageAuthMax: 255,
    autoRenewMonthMax: 12,
} as const;

export { BILLING_MODES, PORT_TYPES, INSTANCE_KINDS, INSTANCE_STATUSES, SPOT_STATUSES, isPortType } from "../wire-types";
export type { BillingMode, PortType, InstanceKind, InstanceStatus, SpotStatus, OpenEnum, EnvVar, PortSpec, Tool } from "../wire-types";
export const billingMode = z.enum(BILLING_MODES);

export const instanceName = z.string().max(LIMITS.nameMax);
export const productId = z.string().min(1).max(LIMITS.productIdMax);
export const clusterId = z.string().max(LIMITS.clusterIdMax);
export const gpuNum = z.number().int().min(LIMITS.gpuNumMin).max(LIMITS.gpuNumMax);
export const rootfsSize = z.number().int().min(LIMITS.rootfsSizeMin).max(LIMITS.rootfsSizeMax);
export const imageUrl = z.string().min(1).max(LIMITS.imageUrlMax);
export const imageAuth = z.string().max(LIMITS.imageAuthMax);
export const command = z.string().max(LIMITS.commandMax);
export const entrypoint = z.string().max(LIMITS.entrypointMax);
export const minCudaVersion = z.string().max(LIMITS.minCudaVersionMax);

export const envVar = z.object({
    key: z.string().max(LIMITS.envKeyMax),
    value: z.string().max(LIMITS.envValueMax),
});
export const envs = z.array(envVar).max(LIMITS.envsMax);

export const port = z
    .number()
    .int()
    .min(1)
    .max(65535)
    .refine((p) => !LIMITS.reservedPorts.includes(p), { message: "ports 2222, 2223 and 2224 are reserved" });

export const portSpec = z.object({ port, type: z.enum(PORT_TYPES) });

export const tool = z.object({ name: z.string(), port: z.string(), type: z.enum(PORT_TYPES) });

/** Ports and tools share one budget of 15 (docs/novita-api-notes.md#ports). */
export function withinPortBudget(ports: readonly unknown[] | undefined, tools: readonly unknown[] | undefined): boolean {
    return (ports?.length ?? 0) + (tools?.length ?? 0) <= LIMITS.portsAndToolsMax;
}
export const PORT_BUDGET_MESSAGE = `ports and tools together must not exceed ${LIMITS.portsAndToolsMax}`;

export const networkStorageMount = z.object({
    Id: z.string().min(1),
    mountPoint: z.string().min(1).max(LIMITS.mountPointMax).optional(),
});
export const networkStorages = z.array(networkStorageMount).max(LIMITS.networkStoragesMax);

export const registryAuthName = z.string().min(1).max(LIMITS.registryNameMax);
export const registryUsername = z.string().min(1).max(LIMITS.registryUsernameMax);
export const registryPassword = z.string().min(1).max(LIMITS.registryPasswordMax);

/** Paging: both documented as required integers ≥ 0. */
export const pageSize = z.number().int().min(0);
export const pageNum = z.number().int().min(0);

// The schemas produce exactly the plain types of ../wire-types (a compile error here means they drifted apart).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const wireTypesMatch: [Same<z.output<typeof envVar>, EnvVar>, Same<z.output<typeof portSpec>, PortSpec>, Same<z.output<typeof tool>, Tool>] = [true, true, true];
void wireTypesMatch;
