/** Rendering an orphans report: plain text (default), Markdown (e.g. for an issue a scheduled workflow opens), or JSON. */
import { age, HOURS_PER_MONTH, markdownTable, textTable, usd } from "./format";
import type { OrphanVolume } from "./orphan-volumes";
import type { OrphanInstance, OrphanReport, Outcome } from "./orphans";

export const MARKDOWN_MARKER = "<!-- pulumi-novita orphans -->";

const BILLING: Record<string, string> = { onDemand: "on-demand", spot: "spot", monthly: "monthly" };

function instanceCells(i: OrphanInstance): string[] {
    const product = i.productName && i.productId ? `${i.productName} (${i.productId})` : (i.productId ?? "?");
    const price = i.hourly === undefined ? "unknown" : i.hourly === 0 && i.pricePerHour !== undefined && i.status !== "running" ? `$0.00 (stopped; ${usd(i.pricePerHour)} running)` : usd(i.hourly);
    return [i.name || "(no name)", i.id, i.status, i.ageMs === undefined ? "?" : age(i.ageMs), product, i.gpuNum === undefined ? "?" : String(i.gpuNum), i.region ?? "?", BILLING[i.billingMode ?? ""] ?? i.billingMode ?? "?", price];
}

const INSTANCE_HEADER = ["Name", "Id", "Status", "Age", "Product", "GPUs", "Region", "Billing", "$/h"];
const AUTH_HEADER = ["Name", "Id", "Used by"];
/** No price column: the list's `price` has an undocumented unit (docs/network-storage.md). */
const VOLUME_HEADER = ["Name", "Id", "Size (GB)", "Region", "Mounted by"];

function volumeCells(v: OrphanVolume): string[] {
    const region = v.region && v.region !== v.clusterId ? `${v.region} (${v.clusterId})` : v.region || v.clusterId || "?";
    return [v.name || "(no name)", v.id, String(v.size), region, v.usedBy.join(", ") || "—"];
}

function summary(r: OrphanReport): string {
    const where = r.namePrefixes.length ? ` named ${r.namePrefixes.map((p) => `${p}…`).join(" or ")}` : "";
    const states = `${r.states.length} state file(s)`;
    if (r.instances.length === 0 && r.registryAuths.length === 0 && r.networkStorages.length === 0) {
        return `No orphans${where}: every GPU instance, registry auth and network storage on the account is managed by the ${states} given.`;
    }
    const cost = `${usd(r.hourly)}/h (≈ ${usd(r.hourly * HOURS_PER_MONTH)} per 30 days)${r.unknownPrices ? `, plus ${r.unknownPrices} of unknown price` : ""}`;
    return `${r.instances.length} GPU instance(s) costing ${cost}, ${r.registryAuths.length} registry auth(s) and ${r.networkStorages.length} network storage(s)${where} are not managed by the ${states} given.`;
}

function outcomeLine(o: Outcome): string {
    return `${o.result.toUpperCase()} ${o.kind} ${o.name || "(no name)"} (${o.id})${o.reason ? `: ${o.reason}` : ""}`;
}

export function renderText(r: OrphanReport, notes: string[]): string {
    const lines = [summary(r)];
    if (r.instances.length) lines.push("", "GPU instances:", ...textTable(INSTANCE_HEADER, r.instances.map(instanceCells)));
    if (r.registryAuths.length) lines.push("", "Registry auths:", ...textTable(AUTH_HEADER, r.registryAuths.map((a) => [a.name, a.id, a.usedBy.join(", ") || "—"])));
    if (r.networkStorages.length) lines.push("", "Network storages:", ...textTable(VOLUME_HEADER, r.networkStorages.map(volumeCells)));
    for (const i of r.instances.filter((x) => x.why)) notes.push(`${i.name} (${i.id}): price unknown: ${i.why}`);
    if (notes.length) lines.push("", ...notes.map((n) => `  ! ${n}`));
    if (r.outcomes.length) lines.push("", ...r.outcomes.map((o) => `  ${outcomeLine(o)}`));
    return lines.join("\n") + "\n";
}

export function renderMarkdown(r: OrphanReport, notes: string[]): string {
    const lines = [MARKDOWN_MARKER, `### Novita orphans: ${summary(r)}`, ""];
    if (r.instances.length) lines.push("**GPU instances**", "", ...markdownTable(INSTANCE_HEADER, r.instances.map(instanceCells), [5, 8]), "");
    if (r.registryAuths.length) lines.push("**Registry auths**", "", ...markdownTable(AUTH_HEADER, r.registryAuths.map((a) => [a.name, a.id, a.usedBy.join(", ") || "—"])), "");
    if (r.networkStorages.length) lines.push("**Network storages**", "", ...markdownTable(VOLUME_HEADER, r.networkStorages.map(volumeCells), [2]), "");
    for (const i of r.instances.filter((x) => x.why)) notes.push(`${i.name} (${i.id}): price unknown: ${i.why}`);
    for (const n of notes) lines.push(`> ${n}`, ">");
    if (lines[lines.length - 1] === ">") lines[lines.length - 1] = "";
    for (const o of r.outcomes) lines.push(`- ${outcomeLine(o)}`);
    lines.push("", `<sub>\`pulumi-novita orphans\` against ${r.states.map((s) => `\`${s}\``).join(", ")}</sub>`);
    return lines.join("\n") + "\n";
}

export function renderJson(r: OrphanReport, notes: string[]): string {
    return JSON.stringify({ ...r, notes }, null, 2) + "\n";
}
