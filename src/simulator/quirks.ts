/**
 * Quirks mode (`startSimulator({ quirks: true })`, `--quirks`): the variety the real API is known or suspected to
 * send (docs/novita-api-notes.md#typing-quirks), on top of the documented encoding of ./encode.ts. Each quirk is
 * chosen per item and field from a stable hash, so both spellings of a field appear across items and a run is
 * repeatable:
 *   - numbers as JSON numbers where the docs say strings, and as numeric strings where they say integers;
 *   - `""` for absent numbers and enums (`endTime`, `spotReclaimTime`, `billingMode` of an on-demand instance);
 *   - `null` for absent ids and objects (`imageAuthId`, `templateId`, mount ids, `statusError`, `network`);
 *   - both `id` and `Id`, or `id` instead of a template's documented `Id`;
 *   - extra fields the docs do not list (seen in older revisions and third-party clients, or invented);
 *   - `null` for an empty list, `total` as a string.
 * Values that carry meaning are never changed (a status, a price, a name): only their spelling.
 */
import { stableNumber } from "./ids";

type Obj = Record<string, unknown>;

/** Whether the quirk `what` applies to the item `key` (about one item in `oneIn`). */
const pick = (key: string, what: string, oneIn = 2) => stableNumber(`${key}:${what}`, oneIn) === 0;

const asNumber = (v: unknown) => (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);
const asString = (v: unknown) => (typeof v === "number" ? String(v) : v);

export function quirkInstance(out: Obj, view: "get" | "list"): Obj {
    const key = String(out.id);
    const q: Obj = { ...out };
    for (const f of ["gpuNum", "cpuNum", "memory"]) if (pick(key, f)) q[f] = asNumber(q[f]);
    if (pick(key, "rootfsSize")) q.rootfsSize = asString(q.rootfsSize);
    if (pick(key, "createdAt")) q.createdAt = asNumber(q.createdAt);
    if (q.imageAuthId === "" && pick(key, "imageAuthId")) q.imageAuthId = null;
    if (q.billingMode === "onDemand" && pick(key, "billingMode", 3)) q.billingMode = "";
    if (q.endTime === "-1" && pick(key, "endTime", 3)) q.endTime = "";
    if (q.spotReclaimTime === "0" && pick(key, "spotReclaimTime")) q.spotReclaimTime = "";
    if (q.statusError === undefined && pick(key, "statusError")) q.statusError = view === "get" ? { state: "", message: "" } : null;
    q.network = pick(key, "network") ? null : { id: "", ip: "" };
    q.templateId = null;
    if (Array.isArray(q.portMappings)) q.portMappings = q.portMappings.map((p: Obj, i) => (pick(key, `port${i}`) ? { ...p, port: asString(p.port) } : p));
    if (Array.isArray(q.volumeMounts)) q.volumeMounts = q.volumeMounts.map((m: Obj) => (m.type === "local" ? { ...m, id: null } : m));
    if (Array.isArray(q.envs) && q.envs.length === 0 && pick(key, "envs")) q.envs = null;
    if (pick(key, "Id", 3)) q.Id = q.id;
    const gpus = Number(out.gpuNum) || 0;
    return {
        ...q,
        // Fields of older doc revisions, third-party clients and the console, which the client must ignore.
        useTime: "0",
        releaseDataAt: "0",
        gpuIds: Array.from({ length: gpus }, (_, i) => i),
        freeStorageSize: 60,
        jobs: [],
        connectComponentLog: { systemLogAddress: "", instanceLogAddress: "", isRunning: false },
        simulatorExtension: { note: "a field no client knows", nested: [1, "two", null] },
    };
}

export function quirkProduct(out: Obj): Obj {
    const key = String(out.id);
    const q: Obj = { ...out };
    if (pick(key, "price")) q.price = asNumber(q.price);
    for (const f of ["cpuPerGpu", "memoryPerGpu", "maxRootFS"]) if (pick(key, f)) q[f] = asString(q[f]);
    return { ...q, productType: "gpu", gpuMemory: null, tags: [] };
}

export function quirkCluster(out: Obj): Obj {
    return { ...out, status: "normal", zone: null, sort: stableNumber(String(out.id), 100) };
}

/** A template as listed or fetched; `out` is a copy the caller owns. */
export function quirkTemplate(out: Obj): Obj {
    const key = String(out.Id);
    const q: Obj = { ...out };
    if (q.imageAuth === "") q.imageAuth = null;
    if (pick(key, "rootfsSize")) q.rootfsSize = asString(q.rootfsSize);
    if (Array.isArray(q.ports)) q.ports = q.ports.map((p: Obj) => (pick(key, "ports") ? { ...p, ports: (p.ports as unknown[]).map(asString) } : p));
    if (pick(key, "id", 3)) {
        q.id = q.Id;
        delete q.Id;
    }
    return { ...q, logo: "", volumes: null };
}

export function quirkRegistryAuth(out: Obj): Obj {
    return { ...out, registryUrl: "", createTime: "0" };
}

/** A list envelope: `null` for an empty list, `total` as a string for some lists. */
export function quirkList(body: Obj, listKey: string): Obj {
    const q: Obj = { ...body };
    if (Array.isArray(q[listKey]) && (q[listKey] as unknown[]).length === 0) q[listKey] = null;
    if (typeof q.total === "number" && pick(listKey, `total${q.total}`)) q.total = String(q.total);
    return q;
}
