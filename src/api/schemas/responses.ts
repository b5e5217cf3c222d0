/**
 * Response schemas, read by the tolerance rules of ./primitives.ts: each yields a normalised object (numbers
 * not numeric strings, `undefined` not `""`, `Date` not Unix-second strings, USD per hour not 1e-5 units),
 * keeps every field it understands, drops the ones it does not, keeps unknown enum values as strings, and
 * reads lists item by item (`{ items, skipped }`), so one odd item never fails a list.
 */
import { z } from "zod";
import type { BillingMode, InstanceStatus, OpenEnum, PortType } from "./limits";
import { BILLING_MODES, INSTANCE_KINDS, INSTANCE_STATUSES, PORT_TYPES, SPOT_STATUSES } from "./limits";
import {
    bool, itemList, lenient, looseList, numeric, openEnum, optionalBoolean, optionalId, optionalNumeric, optionalString,
    requiredId, text, unixSeconds, withId,
} from "./primitives";
import { unitsToUsd } from "../units";

/** A string field that reads as `undefined` when absent, `""`, `null` or not a string. */
const str = lenient(optionalString);
/** A number field that reads as `undefined` when absent, `""`, `null` or not a number. */
const num = lenient(optionalNumeric);
const id = lenient(optionalId);
const usd = numeric.transform(unitsToUsd);
const optionalUsd = lenient(optionalNumeric.transform((v) => (v === undefined ? undefined : unitsToUsd(v))));
const envItem = z.object({ key: z.string(), value: text });

// ── clusters ────────────────────────────────────────────────────────────────────────────────────
export const cluster = z.object({
    id: requiredId,
    name: text,
    availableGpuType: looseList(z.string()),
    supportNetworkStorage: optionalBoolean.transform((v) => v ?? false),
    supportInstanceNetwork: optionalBoolean.transform((v) => v ?? false),
});
export type Cluster = z.output<typeof cluster>;
export const listClustersResponse = z.object({ data: itemList(cluster) });

// ── products ────────────────────────────────────────────────────────────────────────────────────
export const INVENTORY_STATES = ["none", "low", "normal", "high"] as const;
export type InventoryState = (typeof INVENTORY_STATES)[number];

/** Essential (else the product is skipped): id, price, CPU and memory per GPU, availability — selection needs them. */
export const product = z
    .object({
        id: requiredId,
        name: text,
        cpuPerGpu: numeric,
        memoryPerGpu: numeric,
        diskPerGpu: num,
        availableDeploy: bool,
        minRootFS: num,
        maxRootFS: num,
        minLocalStorage: num,
        maxLocalStorage: num,
        regions: looseList(z.string()),
        price: usd,
        spotPrice: optionalUsd,
        monthlyPrice: looseList(z.object({ price: numeric.transform(unitsToUsd), month: numeric })),
        billingMethods: looseList(z.string()),
        inventoryState: openEnum(INVENTORY_STATES),
        canBuy: optionalBoolean,
        minCudaVersion: str,
    })
    .transform(({ price, spotPrice, monthlyPrice, billingMethods, ...rest }) => ({
        ...rest,
        /** On-demand price, USD per GPU-hour. */
        pricePerHour: price,
        /** Spot price, USD per GPU-hour; `undefined` when the product has no spot offer. */
        spotPricePerHour: spotPrice,
        monthlyPrices: monthlyPrice.map((m) => ({ month: m.month, pricePerMonth: m.price })),
        billingMethods: billingMethods as OpenEnum<BillingMode>[],
    }));
export type Product = z.output<typeof product>;
export const listProductsResponse = z.object({ data: itemList(product) });

// ── instances ───────────────────────────────────────────────────────────────────────────────────
const portMapping = z.object({
    port: numeric,
    /** `""` when absent; `udp` or any other type is kept. */
    type: openEnum(PORT_TYPES).transform((t): OpenEnum<PortType> => t ?? ""),
    endpoint: str,
});
const volumeMount = z.object({ type: text, size: num, id, mountPath: str });
const statusError = lenient(z.object({ state: str, message: str }).nullish()).transform((e) => (e && (e.state || e.message) ? e : undefined));

/**
 * Essential: the id only. Everything else reads tolerantly, so an instance made in the console, a CPU instance
 * (`kind: "cpu"`, no `gpuNum`) or one with an unknown status is still listed, and reconciliation by name sees it.
 * `status` is `""` when the API sent none.
 */
export const instance = withId(
    z.object({
        id: requiredId,
        name: text,
        clusterId: id,
        clusterName: str,
        status: openEnum(INSTANCE_STATUSES).transform((s): OpenEnum<InstanceStatus> => s ?? ""),
        statusError,
        imageUrl: str,
        imageAuthId: id,
        command: str,
        entrypoint: str,
        cpuNum: num,
        memory: num,
        gpuNum: num,
        productId: id,
        productName: str,
        rootfsSize: num,
        portMappings: looseList(portMapping),
        volumeMounts: looseList(volumeMount),
        envs: looseList(envItem),
        kind: openEnum(INSTANCE_KINDS),
        billingMode: openEnum(BILLING_MODES),
        endTime: unixSeconds,
        spotStatus: openEnum(SPOT_STATUSES),
        spotReclaimTime: unixSeconds,
        createdAt: unixSeconds,
        lastStartedAt: unixSeconds,
        lastStoppedAt: unixSeconds,
        network: lenient(z.object({ id, ip: str }).nullish()).transform((n) => n ?? undefined),
        templateId: id,
    }),
);
export type Instance = z.output<typeof instance>;
export const listInstancesResponse = z.object({ instances: itemList(instance), total: num });

/** What a lifecycle action answered: an empty body, `{}`, or `{instanceId, state}` (all mean "accepted"). */
export interface ActionResult {
    instanceId?: string;
    state?: string;
}
const actionBody = z.object({ instanceId: id, state: str });
export const actionResponse = z.unknown().transform((v): ActionResult => {
    const r = actionBody.safeParse(v);
    return r.success ? { instanceId: r.data.instanceId, state: r.data.state } : {};
});

export const createInstanceResponse = withId(z.object({ id: requiredId }));

// ── registry auths ──────────────────────────────────────────────────────────────────────────────
export const registryAuth = withId(z.object({ id: requiredId, name: text, username: text, password: text }));
export type RegistryAuth = z.output<typeof registryAuth>;
export const listRegistryAuthsResponse = z.object({ data: itemList(registryAuth) });

// ── templates ───────────────────────────────────────────────────────────────────────────────────
const templatePorts = z.object({
    /** `""` when absent; `udp` or any other type is kept (requests can only send http and tcp). */
    type: openEnum(PORT_TYPES).transform((t): OpenEnum<PortType> => t ?? ""),
    ports: looseList(numeric),
});

export const template = withId(
    z.object({
        Id: requiredId,
        name: text,
        type: str,
        channel: str,
        image: str,
        imageAuth: id,
        startCommand: str,
        entrypoint: str,
        rootfsSize: num,
        ports: looseList(templatePorts),
        envs: looseList(envItem),
        createdAt: unixSeconds,
        minCudaVersion: str,
        readme: str,
    }),
).transform(({ Id, imageAuth, ...rest }) => ({ id: Id, imageAuthId: imageAuth, ...rest }));
export type Template = z.output<typeof template>;
export const getTemplateResponse = z.object({ template });
export const listTemplatesResponse = z.object({ template: itemList(template), total: num });
