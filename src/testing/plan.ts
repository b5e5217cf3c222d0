/** Summaries and a human-readable rendering of an operation, in the spirit of `pulumi preview` / `pulumi up`. */
import { Secret, Unknown } from "./secrets";
import type { OperationResult, StepOp, StepResult, Summary } from "./types";

const OPS: StepOp[] = ["create", "update", "replace", "delete", "same", "read", "refresh", "discard"];

export function summarize(steps: readonly StepResult[]): Summary {
    const summary = Object.fromEntries(OPS.map((op) => [op, 0])) as Summary;
    summary.failed = 0;
    for (const s of steps) {
        if (s.error) summary.failed++;
        else summary[s.op]++;
    }
    return summary;
}

const SYMBOL: Record<StepOp, string> = {
    create: "+ ",
    update: "~ ",
    replace: "+-",
    delete: "- ",
    same: "  ",
    read: "> ",
    refresh: "~ ",
    discard: "- ",
};

const HEADER: Record<OperationResult["kind"], string> = {
    preview: "Previewing update",
    up: "Updating",
    refresh: "Refreshing",
    destroy: "Destroying",
};

/** Planned (preview) or past-tense (other operations) wording for the summary lines. */
function verb(op: StepOp, kind: OperationResult["kind"]): string {
    const planned = kind === "preview";
    const words: Record<StepOp, [string, string]> = {
        create: ["to create", "created"],
        update: ["to update", "updated"],
        replace: ["to replace", "replaced"],
        delete: ["to delete", "deleted"],
        same: ["unchanged", "unchanged"],
        read: ["to read", "read"],
        refresh: ["to update", "updated"],
        discard: ["to discard", "discarded"],
    };
    return words[op][planned ? 0 : 1];
}

/** Renders a value for display: secrets as `[secret]`, unknowns as `[unknown]`, the rest as JSON. */
export function renderValue(value: unknown): string {
    if (value instanceof Secret) return "[secret]";
    if (value instanceof Unknown) return "[unknown]";
    if (Array.isArray(value)) return `[${value.map(renderValue).join(", ")}]`;
    if (value && typeof value === "object") {
        return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${renderValue(v)}`).join(", ")}}`;
    }
    return value === undefined ? "undefined" : JSON.stringify(value);
}

function info(step: StepResult): string {
    const parts: string[] = [];
    if (step.changedKeys?.length) parts.push(`[diff: ${step.changedKeys.map((k) => `~${k}`).join(" ")}]`);
    if (step.replaces?.length) parts.push(`[replaces: ${step.replaces.join(", ")}]`);
    if (step.deleteBeforeReplace) parts.push("[delete-before-replace]");
    if (step.error) parts.push("**failed**");
    return parts.join(" ");
}

/**
 * Renders the plan/result: one line per step that is not "same" (`+ create`, `~ update [diff: ~key]`,
 * `+- replace`, `- delete`, ...), diagnostics, the stack outputs (secrets shown as `[secret]`), and a summary.
 */
export function formatPlan(result: OperationResult): string {
    const lines: string[] = [`${HEADER[result.kind]} (${result.project}/${result.stack}):`, ""];
    const shown = result.steps.filter((s) => s.op !== "same" || s.error);
    const typeWidth = Math.max(4, ...shown.map((s) => s.type.length));
    const nameWidth = Math.max(4, ...shown.map((s) => s.name.length));
    lines.push(`     ${"Type".padEnd(typeWidth)}  ${"Name".padEnd(nameWidth)}  ${result.kind === "preview" ? "Plan" : "Status"}`);
    for (const s of shown) {
        const row = ` ${SYMBOL[s.op]}  ${s.type.padEnd(typeWidth)}  ${s.name.padEnd(nameWidth)}  ${s.op.padEnd(8)} ${info(s)}`;
        lines.push(row.trimEnd());
    }
    if (shown.length === 0) lines.push("     (no changes)");

    const notes = result.diagnostics.filter(
        (d) => d.severity === "error" || d.severity === "warning" || d.source === "program" || (result.error && d.source === "provider"),
    );
    if (notes.length > 0) {
        lines.push("", "Diagnostics:");
        for (const d of notes) lines.push(`    ${d.source}: ${d.severity}: ${d.message.split("\n").join("\n      ")}`);
    }

    const outputs = Object.entries(result.outputs);
    if (outputs.length > 0) {
        const width = Math.max(...outputs.map(([k]) => k.length));
        lines.push("", "Outputs:");
        for (const [k, v] of outputs) lines.push(`    ${k.padEnd(width)}: ${renderValue(v)}`);
    }

    lines.push("", "Resources:");
    const summary = result.summary;
    for (const op of OPS.filter((o) => o !== "same")) {
        if (summary[op] > 0) lines.push(`    ${SYMBOL[op].trim().padEnd(2)}${summary[op]} ${verb(op, result.kind)}`);
    }
    if (summary.failed > 0) lines.push(`    ${summary.failed} failed`);
    lines.push(`    ${summary.same} unchanged`);
    if (result.error) lines.push("", `error: ${result.error}`);
    return lines.join("\n");
}
