/**
 * GpuInstance inputs as the provider sees them (plain values, after Pulumi resolved the Inputs), their
 * validation and their normal form. check() turns raw inputs into this normal form; diff() compares
 * normal forms, so env/port order, spelled-out defaults and the two env spellings never cause a diff.
 * Every limit comes from the shared schemas in src/api/schemas/limits.ts.
 */
import { z } from "zod";
import * as L from "../../api/schemas/limits";
import { parsePortForm } from "../../api/schemas/ports";
import { closedObject } from "../closed";
import { compact } from "../model";
import { isDuration } from "../duration";
import type { GpuInstanceInputs, Readiness } from "./model";

export const DEFAULT_TIMEOUTS = { create: "15m", update: "15m", delete: "10m" } as const;
export const DEFAULT_READINESS_TIMEOUT = "10m";
/** Statuses an HTTP readiness check accepts by default: any success or redirect. */
export const DEFAULT_EXPECT_STATUS: [number, number] = [200, 399];
export const DEFAULT_ROOTFS_GB = 60;
export const DEFAULT_MOUNT_POINT = "/network";
export const NAME_PATTERN = /^[A-Za-z0-9-]+$/;

export type { DesiredState, GpuInstanceInputs, NetworkStorage, Readiness, Timeouts } from "./model";

const duration = z.string().refine(isDuration, { message: 'must be a duration like "90s", "15m" or "1h30m"' });

/** What a port may be, for every port message. */
export const PORT_FORMS = 'use "<port>/http", "<port>/tcp" or {port, type}, with a port 1–65535 except 2222–2224';

const portNumber = z.number({ message: `must be a whole number: ${PORT_FORMS}` }).superRefine((p, ctx) => {
    if (!Number.isInteger(p) || p < 1 || p > 65535) ctx.addIssue({ code: "custom", message: `${p} is not a port: ${PORT_FORMS}` });
    else if (L.LIMITS.reservedPorts.includes(p)) ctx.addIssue({ code: "custom", message: `${p} is reserved by Novita: ${PORT_FORMS}` });
});
const portObject = closedObject({ port: portNumber, type: z.enum(L.PORT_TYPES, { message: `type must be "http" or "tcp": ${PORT_FORMS}` }) });

/** `"8888/http"` → `{port: 8888, type: "http"}`, or an issue saying what is wrong and what is accepted. */
function portFromString(text: string, ctx: z.RefinementCtx): L.PortSpec | typeof z.NEVER {
    const r = parsePortForm(text);
    if (!r.ok) {
        ctx.addIssue({ code: "custom", message: `${JSON.stringify(text)}: ${r.why}: ${PORT_FORMS}` });
        return z.NEVER;
    }
    return r.port;
}

/** A port as `{port, type}` or the shorthand `"8888/http"`; any other value names the accepted forms. */
const portInput = z.unknown().transform((v, ctx): L.PortSpec => {
    let candidate: unknown = v;
    if (typeof v === "string") candidate = portFromString(v, ctx);
    else if (v === null || typeof v !== "object" || Array.isArray(v)) {
        ctx.addIssue({ code: "custom", message: `${JSON.stringify(v) ?? String(v)} is not a port: ${PORT_FORMS}` });
        return z.NEVER;
    }
    if (candidate === z.NEVER) return z.NEVER;
    const r = portObject.safeParse(candidate);
    if (r.success) return r.data as L.PortSpec;
    // A string's number is reported at `.port`, as for an object, quoting the string as written.
    for (const issue of r.error.issues) {
        ctx.addIssue({ ...issue, code: "custom", message: typeof v === "string" ? `${JSON.stringify(v)}: ${issue.message}` : issue.message });
    }
    return z.NEVER;
});

const statusCode = z.number().int().min(100).max(599);
const STATUS_FORMS = "a status 100–599 or a range [min, max], e.g. 200 or [200, 299]";
const expectStatus = z
    .union([statusCode, z.tuple([statusCode, statusCode])], { message: `must be ${STATUS_FORMS}` })
    .refine((v) => typeof v === "number" || v[0] <= v[1], { message: `the range's min is above its max: give ${STATUS_FORMS}` })
    .transform((v): [number, number] => (typeof v === "number" ? [v, v] : v));
const checkedPort = z.number({ message: "must be one of the instance's ports (a whole number)" }).int({ message: "must be a whole number" }).min(1).max(65535);
const readinessInput = closedObject({
    http: closedObject({
        port: checkedPort,
        path: z.string().regex(/^\/[^\s#]*$/, { message: 'must start with "/" and contain no spaces or "#", e.g. "/health"' }).max(2048).default("/"),
        expectStatus: expectStatus.default(DEFAULT_EXPECT_STATUS),
        expectBody: z.string().min(1).max(4096).optional(),
    }).optional(),
    tcp: closedObject({ port: checkedPort }).optional(),
    timeout: duration.default(DEFAULT_READINESS_TIMEOUT),
}).superRefine((v, ctx) => {
    if ((v.http === undefined) === (v.tcp === undefined)) ctx.addIssue({ code: "custom", message: "give either http ({port, path, expectStatus, expectBody}) or tcp ({port})" });
});

/** Env keys: the API allows 0–511 chars; an empty key or one containing "=" can never be set in a container. */
const envKey = L.envVar.shape.key.min(1).refine((k) => !k.includes("="), { message: 'must not contain "="' });
const envValue = L.envVar.shape.value;
/** A list of `{key, value}` or a map. A map becomes a list first, so a failure names the entry and says why. */
const envsInput = z.preprocess(
    (v) => (v !== null && typeof v === "object" && !Array.isArray(v) ? Object.entries(v).map(([key, value]) => ({ key, value })) : v),
    z.array(closedObject({ key: envKey, value: envValue })),
);

/** Top-level keys are closed by check() (unknownInputFailures), nested objects by closedObject. */
export const gpuInstanceFields = z.object({
    name: L.instanceName.min(1).regex(NAME_PATTERN, { message: "may contain only letters, digits and hyphens" }).optional(),
    autoNamePrefix: z.string().optional(),
    productId: L.productId.optional(),
    clusterId: L.clusterId.min(1).optional(),
    placement: z.record(z.string(), z.unknown()).optional(),
    gpuNum: L.gpuNum.default(1),
    rootfsSize: L.rootfsSize.optional(),
    imageUrl: L.imageUrl.optional(),
    imageAuthId: z.string().min(1).optional(),
    templateId: z.string().min(1).optional(),
    ports: z.array(portInput).max(L.LIMITS.portsAndToolsMax, { message: L.PORT_BUDGET_MESSAGE }).default([]),
    envs: envsInput.pipe(z.array(L.envVar).max(L.LIMITS.envsMax)).default([]),
    command: L.command.optional(),
    entrypoint: L.entrypoint.optional(),
    networkStorages: z
        .array(closedObject({ id: z.string().min(1), mountPoint: z.string().min(1).max(L.LIMITS.mountPointMax).default(DEFAULT_MOUNT_POINT) }))
        .max(L.LIMITS.networkStoragesMax)
        .default([]),
    networkId: z.string().min(1).optional(),
    billingMode: z.enum(["onDemand", "spot"], { message: 'must be "onDemand" or "spot" (monthly instances cannot be released through the API)' }).optional(),
    kind: z.literal("gpu", { message: 'must be "gpu" (CPU instances are not supported yet)' }).default("gpu"),
    minCudaVersion: z.string().regex(/^\d+(\.\d+){0,2}$/, { message: 'must be a version like "12.4"' }).max(L.LIMITS.minCudaVersionMax).optional(),
    state: z.enum(["running", "stopped"]).default("running"),
    timeouts: closedObject({ create: duration.optional(), update: duration.optional(), delete: duration.optional() }).default({}),
    readiness: readinessInput.optional(),
});

type Parsed = z.output<typeof gpuInstanceFields>;

/** Cross-field rules that zod field schemas cannot express. Returns [property, reason] pairs. */
export function crossFieldProblems(v: Partial<Parsed>, unknownKeys: ReadonlySet<string>): [string, string][] {
    const problems: [string, string][] = [];
    const known = (k: string) => !unknownKeys.has(k);
    const has = (k: keyof Parsed) => v[k] !== undefined || unknownKeys.has(k);
    if (!has("productId") && !has("placement")) problems.push(["productId", "either productId or placement is required"]);
    if (has("productId") && has("placement")) problems.push(["placement", "give either productId (with clusterId) or placement, not both"]);
    if (has("placement") && has("clusterId")) problems.push(["clusterId", "placement chooses the cluster; remove clusterId"]);
    if (has("placement") && has("billingMode")) problems.push(["billingMode", "placement chooses the billing mode; set placement.billingMode instead"]);
    if (!has("imageUrl") && !has("templateId")) problems.push(["imageUrl", "either imageUrl or templateId is required"]);
    if (known("ports") && Array.isArray(v.ports)) {
        const seen = new Set<number>();
        v.ports.forEach((p, i) => {
            if (typeof p?.port !== "number") return; // not parsed: another input failed, and this one has its own failure if bad
            if (seen.has(p.port)) problems.push([`ports[${i}]`, `port ${p.port} is listed twice`]);
            seen.add(p.port);
        });
    }
    problems.push(...readinessProblems(v, known("ports") && !has("templateId")));
    if (known("envs") && Array.isArray(v.envs)) {
        const seen = new Set<string>();
        v.envs.forEach((e, i) => {
            if (seen.has(e.key)) problems.push([`envs[${i}].key`, `"${e.key}" is set twice`]);
            seen.add(e.key);
        });
    }
    if (known("networkStorages") && Array.isArray(v.networkStorages)) {
        const ids = new Set<string>();
        v.networkStorages.forEach((n, i) => {
            if (ids.has(n.id)) problems.push([`networkStorages[${i}].id`, `network storage "${n.id}" is mounted twice`]);
            ids.add(n.id);
        });
    }
    return problems;
}

/**
 * The readiness port must be one the instance exposes (checked against `ports` unless a template may add ports: then
 * at create). A tcp check on an http port is refused: on Novita that endpoint is an HTTPS gateway that always accepts.
 */
export function readinessProblems(v: { readiness?: Readiness | undefined; ports?: L.PortSpec[] }, portsKnown: boolean): [string, string][] {
    const r = v.readiness;
    // Unparsed inputs reach here too (check reports their own failures): judge only a well-formed port.
    const target = r?.http ?? r?.tcp;
    if (!r || typeof target?.port !== "number" || !portsKnown || !Array.isArray(v.ports)) return [];
    if (!v.ports.every((p) => typeof p?.port === "number")) return []; // not parsed (another input failed)
    const kind = r.http ? "http" : "tcp";
    const port = target.port;
    const field = `readiness.${kind}.port`;
    const exposed = v.ports.find((p) => p.port === port);
    const list = v.ports.length ? v.ports.map((p) => `${p.port}/${p.type}`).join(", ") : "none";
    if (!exposed) return [[field, `port ${port} is not one of the instance's ports (${list}): readiness is checked through a port's public endpoint`]];
    if (kind === "tcp" && exposed.type === "http") {
        return [[field, `port ${port} is an http port, whose endpoint is Novita's HTTPS gateway (it accepts connections whatever the app does): use readiness.http`]];
    }
    return [];
}

const byPort = (a: L.PortSpec, b: L.PortSpec) => a.port - b.port || a.type.localeCompare(b.type);
const byKey = (a: L.EnvVar, b: L.EnvVar) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Canonical order and filled defaults: the only shape diff() ever compares. */
export function normalise(v: Parsed, name: string): GpuInstanceInputs {
    const out: GpuInstanceInputs = {
        ...v,
        name,
        ports: [...v.ports].sort(byPort),
        envs: [...v.envs].sort(byKey),
        networkStorages: [...v.networkStorages].sort((a, b) => a.id.localeCompare(b.id)),
        timeouts: { ...DEFAULT_TIMEOUTS, ...v.timeouts },
    };
    if (out.rootfsSize === undefined && v.templateId === undefined) out.rootfsSize = DEFAULT_ROOTFS_GB;
    if (out.billingMode === undefined && v.placement === undefined) out.billingMode = "onDemand";
    if (out.command === "") delete out.command;
    if (out.entrypoint === "") delete out.entrypoint;
    return compact(out);
}

export { byPort, byKey };
