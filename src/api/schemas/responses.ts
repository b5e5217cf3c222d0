/**
 * Response schemas: each parses what the real API sends (quirks included, novita-api.md §1.7) and
 * yields a normalised object: numbers not numeric strings, `undefined` not `""`, `Date` not Unix-second
 * strings, USD per hour not 1e-5 units. Unknown extra fields are dropped; unknown enum values are kept.
 */
import { z } from "zod";
import type { BillingMode, InstanceKind, InstanceStatus, PortType } from "./limits";
import { list, lenientEnum, numeric, optionalBoolean, optionalNumeric, optionalString, unixSeconds } from "./primitives";
import { unitsToUsd } from "../units";
import { BILLING_MODES, INSTANCE_KINDS, PORT_TYPES } from "./limits";

const usd = numeric.transform(unitsToUsd);
const optionalUsd = optionalNumeric.transform((v) => (v === undefined ? undefined : unitsToUsd(v)));
const envItem = z.object({ key: z.string(), value: z.string().nullish().transform((v) => v ?? "") });

// ── clusters ────────────────────────────────────────────────────────────────────────────────────
export const cluster = z.object({
    id: z.string().min(1),
    name: z.string(),
    availableGpuType: list(z.string()),
    supportNetworkStorage: optionalBoolean.transform((v) => v ?? false),
    supportInstanceNetwork: optionalBoolean.transform((v) => v ?? false),
});
export type Cluster = z.output<typeof cluster>;
export const listClustersResponse = z.object({ data: list(cluster) });

// ── products ────────────────────────────────────────────────────────────────────────────────────
export const INVENTORY_STATES = ["none", "low", "normal", "high"] as const;
export type InventoryState = (typeof INVENTORY_STATES)[number];

export const product = z
    .object({
        id: z.string().min(1),
        name: z.string(),
        cpuPerGpu: numeric,
        memoryPerGpu: numeric,
        diskPerGpu: optionalNumeric,
        availableDeploy: z.boolean(),
        minRootFS: optionalNumeric,
        maxRootFS: optionalNumeric,
        minLocalStorage: optionalNumeric,
        maxLocalStorage: optionalNumeric,
        regions: list(z.string()),
        price: usd,
        spotPrice: optionalUsd,
        monthlyPrice: list(z.object({ price: numeric.transform(unitsToUsd), month: numeric })),
        billingMethods: list(z.string()),
        inventoryState: lenientEnum(INVENTORY_STATES),
        canBuy: optionalBoolean,
        minCudaVersion: optionalString,
    })
    .transform(({ price, spotPrice, monthlyPrice, billingMethods, inventoryState, ...rest }) => ({
        ...rest,
        /** On-demand price, USD per GPU-hour. */
        pricePerHour: price,
        /** Spot price, USD per GPU-hour; `undefined` when the product has no spot offer. */
        spotPricePerHour: spotPrice,
        monthlyPrices: monthlyPrice.map((m) => ({ month: m.month, pricePerMonth: m.price })),
        billingMethods: billingMethods as (BillingMode | (string & {}))[],
        inventoryState: inventoryState as InventoryState | (string & {}) | undefined,
    }));
export type Product = z.output<typeof product>;
export const listProductsResponse = z.object({ data: list(product) });

// ── instances ───────────────────────────────────────────────────────────────────────────────────
const portMapping = z.object({
    port: numeric,
    type: z.string().transform((t) => t as PortType | (string & {})),
    endpoint: optionalString,
});
const volumeMount = z.object({
    type: z.string(),
    size: optionalNumeric,
    id: optionalString,
    mountPath: optionalString,
});

export const instance = z
    .object({
        id: z.string().min(1),
        name: z.string().nullish().transform((v) => v ?? ""),
        clusterId: z.string(),
        clusterName: optionalString,
        status: z.string().min(1).transform((s) => s as InstanceStatus | (string & {})),
        statusError: z
            .object({ state: optionalString, message: optionalString })
            .nullish()
            .transform((e) => (e && (e.state || e.message) ? e : undefined)),
        imageUrl: z.string(),
        imageAuthId: optionalString,
        command: optionalString,
        entrypoint: optionalString,
        cpuNum: optionalNumeric,
        memory: optionalNumeric,
        gpuNum: numeric,
        productId: optionalString,
        productName: optionalString,
        rootfsSize: optionalNumeric,
        portMappings: list(portMapping),
        volumeMounts: list(volumeMount),
        envs: list(envItem),
        kind: lenientEnum(INSTANCE_KINDS).transform((k) => k as InstanceKind | (string & {}) | undefined),
        billingMode: lenientEnum(BILLING_MODES).transform((b) => b as BillingMode | (string & {}) | undefined),
        endTime: unixSeconds,
        spotStatus: optionalString,
        spotReclaimTime: unixSeconds,
        createdAt: unixSeconds,
        lastStartedAt: unixSeconds,
        lastStoppedAt: unixSeconds,
        network: z.object({ id: optionalString, ip: optionalString }).nullish().transform((n) => n ?? undefined),
        templateId: optionalString,
    });
export type Instance = z.output<typeof instance>;
export const listInstancesResponse = z.object({
    instances: list(instance),
    total: optionalNumeric,
});

/** Lifecycle actions answer an empty body, `{}`, or `{instanceId, state}` (§4.5); all mean "accepted". */
export const actionResponse = z
    .union([z.object({ instanceId: optionalString, state: optionalString }), z.null(), z.undefined(), z.literal("")])
    .transform((v) => (v && typeof v === "object" ? { instanceId: v.instanceId, state: v.state } : {}));
export type ActionResult = z.output<typeof actionResponse>;

export const createInstanceResponse = z.object({ id: z.string().min(1) });

// ── registry auths ──────────────────────────────────────────────────────────────────────────────
export const registryAuth = z.object({
    id: z.string().min(1),
    name: z.string(),
    username: z.string().nullish().transform((v) => v ?? ""),
    password: z.string().nullish().transform((v) => v ?? ""),
});
export type RegistryAuth = z.output<typeof registryAuth>;
export const listRegistryAuthsResponse = z.object({ data: list(registryAuth) });

// ── templates ───────────────────────────────────────────────────────────────────────────────────
export const template = z
    .object({
        Id: z.union([z.string().min(1), z.number()]).transform(String),
        name: z.string(),
        type: optionalString,
        channel: optionalString,
        image: z.string(),
        imageAuth: optionalString,
        startCommand: optionalString,
        entrypoint: optionalString,
        rootfsSize: optionalNumeric,
        ports: list(z.object({ type: z.enum(PORT_TYPES), ports: list(numeric) })),
        envs: list(envItem),
        createdAt: unixSeconds,
        minCudaVersion: optionalString,
        readme: optionalString,
    })
    .transform(({ Id, imageAuth, ...rest }) => ({ id: Id, imageAuthId: imageAuth, ...rest }));
export type Template = z.output<typeof template>;
export const getTemplateResponse = z.object({ template });
export const listTemplatesResponse = z.object({ template: list(template), total: optionalNumeric });

