/**
 * Rendering a cost report: plain text (the default), Markdown for a pull-request comment, or JSON. The three say
 * the same things: per GpuInstance the product, GPUs, region, billing and $/hour before and after, the change, the
 * replace warnings, which prices are estimates or unknown, and the total.
 */
import type { CostReport, CostRow, Side } from "./cost";
import { HOURS_PER_MONTH, markdownTable, signedUsd, textTable, usd } from "./format";
import { show, type Hidden } from "./values";

/** The first line of the Markdown comment: lets a workflow find and update its own comment. */
export const MARKDOWN_MARKER = "<!-- pulumi-novita cost -->";

const BILLING: Record<string, string> = { onDemand: "on-demand", spot: "spot", monthly: "monthly" };

function product(s: Side): string {
    if (typeof s.productId !== "string") return show(s.productId as Hidden | undefined, "(no pick)");
    return s.productName ? `${s.productName} (${s.productId})` : s.productId;
}

const billing = (s: Side) => (typeof s.billingMode === "string" ? (BILLING[s.billingMode] ?? s.billingMode) : show(s.billingMode as Hidden | undefined));

function hourly(s: Side | undefined): string {
    if (!s) return "—";
    if (!s.running) return s.pricePerHour === undefined ? "$0.00 (stopped)" : `$0.00 (stopped; ${usd(s.pricePerHour)} running)`;
    if (s.hourly === undefined) return "unknown";
    return s.basis === "estimate" ? `${usd(s.hourly)}*` : usd(s.hourly);
}

/** "a", or "a → b" when the two sides differ. */
function pair(row: CostRow, f: (s: Side) => string): string {
    const b = row.before ? f(row.before) : undefined;
    const a = row.after ? f(row.after) : undefined;
    if (b === undefined) return a ?? "—";
    if (a === undefined || a === b || row.op === "update" || row.op === "same") return b;
    return `${b} → ${a}`;
}

function cells(row: CostRow): string[] {
    return [
        row.name,
        row.pendingDelete ? "delete (pending)" : row.op,
        pair(row, product),
        pair(row, (s) => show(s.gpuNum)),
        pair(row, (s) => show(s.region, "any region")),
        pair(row, billing),
        hourly(row.before),
        hourly(row.after),
        row.delta === undefined ? "unknown" : signedUsd(row.delta),
    ];
}

const HEADER = ["Resource", "Change", "Product", "GPUs", "Region", "Billing", "Before $/h", "After $/h", "Change $/h"];

/** Notes under the table: replacements, estimates, unknown prices, spot. */
export function notes(report: CostReport): string[] {
    const out: string[] = [];
    for (const r of report.rows) {
        if (r.replace) {
            const why = r.replace.reasons.length ? ` (${r.replace.reasons.join(", ")})` : "";
            const src = r.replace.from === "provider default" ? " (the provider's default; the preview did not say)" : "";
            out.push(
                r.replace.order === "create-before-delete"
                    ? `REPLACE ${r.name}${why}: the new GPU instance is created and running before the old one is deleted${src}; both bill during the switch.`
                    : `REPLACE ${r.name}${why}: the old GPU instance is deleted BEFORE the new one is created (deleteBeforeReplace): an outage until the new one runs.`,
            );
        }
        if (r.pendingDelete) out.push(`${r.name}: an instance left pending deletion by an earlier replacement is deleted.`);
        if (r.after?.basis === "estimate") out.push(`${r.name}: estimate; placement decides at create (* = what \`pulumi up\` would pick now).`);
        for (const [side, s] of [["before", r.before], ["after", r.after]] as const) {
            if (s?.why) out.push(`${r.name} (${side}): ${s.hourly === undefined ? "price unknown: " : ""}${s.why}.`);
        }
        if (r.after?.billingMode === "spot" && r.op !== "delete") out.push(`${r.name}: spot price; Novita can reclaim a spot instance.`);
    }
    return out;
}

function headline(report: CostReport): string {
    const month = `≈ ${signedUsd(report.delta * HOURS_PER_MONTH)} per 30 days`;
    const base =
        report.rows.length === 0
            ? "no GPU instance changes"
            : Math.abs(report.delta) < 5e-6
              ? "no change in the hourly cost ($0.00/h)"
              : `${signedUsd(report.delta)}/h (${month})`;
    return report.unknown.length ? `${base}, not counting ${report.unknown.length} instance(s) of unknown price: ${report.unknown.join(", ")}` : base;
}

function footer(report: CostReport): string[] {
    const lines: string[] = [];
    if (report.stack) lines.push(`Stack GPU cost: ${usd(report.stack.before)}/h → ${usd(report.stack.after)}/h.`);
    if (report.previewErrors > 0) lines.push(`The preview reported ${report.previewErrors} error(s): this covers only the steps it planned.`);
    const where = report.catalogue ? `; new instances from the Novita catalogue at ${report.catalogue}, ${report.pricedAt}` : "";
    lines.push(`USD per hour while running; existing instances from their state${where}.`);
    return lines;
}

export function renderText(report: CostReport): string {
    const lines = [`GPU cost of this preview: ${headline(report)}`];
    if (report.rows.length) lines.push("", ...textTable(HEADER, report.rows.map(cells)));
    const n = notes(report);
    if (n.length) lines.push("", ...n.map((x) => `  ! ${x}`));
    lines.push("", ...footer(report));
    return lines.join("\n") + "\n";
}

export function renderMarkdown(report: CostReport): string {
    const lines = [MARKDOWN_MARKER, `### GPU cost: ${headline(report)}`, ""];
    if (report.rows.length) {
        const rows = report.rows.map((r) => cells(r).map((c, i) => (i === 0 ? `\`${c}\`` : c)));
        lines.push(...markdownTable(HEADER, rows, [6, 7, 8]), "");
    }
    for (const n of notes(report)) lines.push(`> ${n.startsWith("REPLACE") ? "⚠️ " : ""}${n}`, ">");
    if (lines[lines.length - 1] === ">") lines[lines.length - 1] = "";
    lines.push(...footer(report).map((f) => `<sub>${f}</sub><br>`));
    lines[lines.length - 1] = lines[lines.length - 1]!.replace(/<br>$/, "");
    lines.push("", "<sub>`pulumi-novita cost`</sub>");
    return lines.join("\n") + "\n";
}

export function renderJson(report: CostReport): string {
    return JSON.stringify({ ...report, notes: notes(report) }, null, 2) + "\n";
}
