/**
 * `pulumi-novita cost`: the hourly GPU cost of a `pulumi preview --json`, per GpuInstance and in total.
 *   - before: an existing instance is priced from its outputs (`pricePerHour`, else `pricePerGpuHour` × `gpuNum`);
 *     when the state recorded no price, from today's catalogue, and the row says so;
 *   - after: an update or a same keeps the product (changing it replaces), so its price; a new instance (create,
 *     the new side of a replace) is priced from the catalogue as the provider prices it (./catalogue.ts);
 *   - a stopped instance costs $0/h of compute (Novita bills compute from pulling until stop; docs/novita-api-notes.md#instance-lifecycle);
 *   - anything unknown until apply, or secret, is shown as such and its row is left out of the total, which says so.
 */
import { STOPPED_STATUSES } from "../api/statuses";
import type { Catalogue } from "./catalogue";
import { gpuSteps, type GpuStep, type PlanOp, type PreviewDigest, type ReplaceOrder, type ResourceV3 } from "./digest";
import { hiddenInside, isHidden, numberField, stringField, UNKNOWN, type Hidden } from "./values";

export type Basis = "state" | "catalogue" | "estimate";

export interface Side {
    productId?: string | Hidden;
    productName?: string;
    gpuNum?: number | Hidden;
    /** Region name (or cluster id when the catalogue was not asked); "any region" when Novita decides. */
    region?: string | Hidden;
    clusterId?: string | Hidden;
    billingMode?: string | Hidden;
    /** false: stopped (compute not billed). */
    running: boolean;
    /** USD per hour for the instance while it runs; undefined when not known (see `why`). */
    pricePerHour?: number;
    /** USD per hour it costs in this state: `pricePerHour` when running, 0 when stopped. */
    hourly?: number;
    basis?: Basis;
    /** Why the price is not known. */
    why?: string;
}

export interface CostRow {
    name: string;
    urn: string;
    op: PlanOp;
    before?: Side;
    after?: Side;
    /** after − before, USD per hour; undefined when either side's price is unknown. */
    delta?: number;
    replace?: { order: ReplaceOrder; from: "engine" | "provider default"; reasons: string[] };
    pendingDelete?: boolean;
}

export interface CostReport {
    rows: CostRow[];
    /** Sum of the known deltas. */
    delta: number;
    /** Rows whose delta is unknown (not in `delta`). */
    unknown: string[];
    /** The whole stack's GPU cost before and after, when the digest lists every resource (`--show-sames`). */
    stack?: { before: number; after: number };
    /** Error diagnostics in the preview (count only: their text is the preview's to show). */
    previewErrors: number;
    /** Where new instances were priced; undefined when no lookup was made. */
    catalogue?: string;
    pricedAt: string;
}

const round = (n: number) => Math.round(n * 100_000) / 100_000;

function withHourly(s: Side): Side {
    return { ...s, hourly: !s.running ? 0 : s.pricePerHour };
}

/** An instance that exists, from its stored outputs (inputs when a state has no outputs). */
async function existing(r: ResourceV3, catalogue: Catalogue): Promise<Side> {
    const o = r.outputs && Object.keys(r.outputs).length > 0 ? r.outputs : r.inputs;
    const status = stringField(o, "status");
    const state = stringField(o, "state");
    const side: Side = {
        productId: stringField(o, "productId"),
        productName: str(stringField(o, "productName")),
        gpuNum: numberField(o, "gpuNum") ?? 1,
        region: stringField(o, "clusterName") ?? stringField(o, "clusterId"),
        clusterId: stringField(o, "clusterId"),
        billingMode: stringField(o, "billingMode") ?? "onDemand",
        running: typeof status === "string" ? !STOPPED_STATUSES.has(status) : state !== "stopped",
        basis: "state",
    };
    const total = numberField(o, "pricePerHour");
    const perGpu = numberField(o, "pricePerGpuHour");
    if (typeof total === "number") side.pricePerHour = total;
    else if (typeof perGpu === "number" && typeof side.gpuNum === "number") side.pricePerHour = round(perGpu * side.gpuNum);
    else Object.assign(side, await priced(side, stringField(o, "clusterId"), catalogue, "catalogue", "no price recorded in the state"));
    return withHourly(side);
}

/** A new instance, from the checked inputs the preview shows. */
async function planned(r: ResourceV3, catalogue: Catalogue): Promise<Side> {
    const i = r.inputs ?? r.outputs ?? {};
    const gpuNum = numberField(i, "gpuNum") ?? 1;
    const running = stringField(i, "state") !== "stopped";
    if (i.placement !== undefined && i.placement !== null) {
        const hidden = hiddenInside(i.placement) ?? (isHidden(gpuNum) ? gpuNum : undefined);
        if (hidden) return withHourly({ gpuNum, running, productId: hidden, why: `placement${hidden === UNKNOWN ? " is unknown until apply" : " is secret"}` });
        const { pick, why } = await catalogue.estimate(i.placement as Record<string, unknown>, gpuNum as number);
        if (!pick) return withHourly({ gpuNum, running, why });
        return withHourly({
            productId: pick.productId, productName: pick.productName, gpuNum, region: pick.region, clusterId: pick.clusterId, billingMode: pick.billingMode,
            running, pricePerHour: pick.pricePerHour, basis: "estimate",
        });
    }
    const side: Side = {
        productId: stringField(i, "productId"),
        gpuNum,
        region: stringField(i, "clusterId"),
        clusterId: stringField(i, "clusterId"),
        billingMode: stringField(i, "billingMode") ?? "onDemand",
        running,
    };
    return withHourly({ ...side, ...(await priced(side, side.region, catalogue, "catalogue")) });
}

/** Catalogue price for a side's product, or why there is none. `clusterId` undefined: any region (Novita decides). */
async function priced(side: Side, clusterId: string | Hidden | undefined, catalogue: Catalogue, basis: Basis, prefix?: string): Promise<Partial<Side>> {
    const missing = (why: string): Partial<Side> => ({ why: prefix ? `${prefix}; ${why}` : why });
    for (const [field, v] of [["productId", side.productId], ["gpuNum", side.gpuNum], ["clusterId", clusterId], ["billingMode", side.billingMode]] as const) {
        if (isHidden(v)) return missing(`${field} is ${v === UNKNOWN ? "unknown until apply" : "secret"}`);
    }
    if (typeof side.productId !== "string") return missing("no productId");
    const l = await catalogue.lookup(side.productId, clusterId as string | undefined, side.billingMode as string);
    const region = l.region ?? (clusterId === undefined ? "any region" : side.region);
    if (l.pricePerGpuHour === undefined) return { productName: side.productName ?? l.productName, region, ...missing(l.why ?? "no price") };
    return {
        productName: side.productName ?? l.productName,
        region,
        pricePerHour: round(l.pricePerGpuHour * (side.gpuNum as number)),
        basis,
        ...(prefix ? { why: `${prefix}; today's catalogue price` } : {}),
    };
}

const str = (v: string | Hidden | undefined) => (typeof v === "string" ? v : undefined);

async function rowOf(s: GpuStep, catalogue: Catalogue): Promise<CostRow> {
    const row: CostRow = { name: s.name, urn: s.urn, op: s.op };
    if (s.pendingDelete) row.pendingDelete = true;
    if (s.old && s.op !== "create") row.before = await existing(s.old, catalogue);
    if (s.op === "same" && row.before) row.after = row.before;
    if (s.op === "update" && row.before) {
        const state = stringField(s.new?.inputs, "state");
        const running = state === undefined || isHidden(state) ? row.before.running : state !== "stopped";
        row.after = withHourly({ ...row.before, running });
    }
    if ((s.op === "create" || s.op === "replace") && s.new) row.after = await planned(s.new, catalogue);
    // The same product or cluster keeps the name the state recorded (the catalogue may not have been asked).
    if (row.before && row.after && row.after.productId === row.before.productId) row.after.productName ??= row.before.productName;
    if (row.before && row.after && row.after.clusterId !== undefined && row.after.clusterId === row.before.clusterId) row.after.region = row.before.region;
    if (s.op === "replace" && s.order) row.replace = { ...s.order, reasons: s.replaceReasons };
    const b = row.before ? row.before.hourly : 0;
    const a = row.after ? row.after.hourly : 0;
    if (b !== undefined && a !== undefined) row.delta = round(a - b);
    return row;
}

export async function costOf(digest: PreviewDigest, catalogue: Catalogue, now = new Date()): Promise<CostReport> {
    const steps = gpuSteps(digest);
    const rows: CostRow[] = [];
    for (const s of steps) rows.push(await rowOf(s, catalogue));
    const known = rows.filter((r) => r.delta !== undefined);
    const report: CostReport = {
        rows,
        delta: round(known.reduce((sum, r) => sum + r.delta!, 0)),
        unknown: rows.filter((r) => r.delta === undefined).map((r) => r.name),
        previewErrors: (digest.diagnostics ?? []).filter((d) => d.severity === "error").length,
        pricedAt: now.toISOString(),
    };
    if (catalogue.online && rows.some((r) => r.after?.basis === "catalogue" || r.after?.basis === "estimate" || r.before?.basis === "catalogue")) {
        report.catalogue = catalogue.baseUrl;
    }
    if (listsEverything(digest) && report.unknown.length === 0) {
        const sum = (side: "before" | "after") => round(rows.reduce((t, r) => t + (r[side]?.hourly ?? 0), 0));
        report.stack = { before: sum("before"), after: sum("after") };
    }
    return report;
}

/** True when every resource has a step: the `same` steps shown equal the changeSummary's count (`--show-sames`). */
function listsEverything(digest: PreviewDigest): boolean {
    const sames = (digest.steps ?? []).filter((s) => s.op === "same").length;
    return (digest.changeSummary?.same ?? 0) === sames;
}
