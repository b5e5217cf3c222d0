/** Shared formatting of `pulumi-novita` output: money, durations, plain-text and Markdown tables. */

/** `$0.35`, `$0.035`, `$1,234.50`: two decimals, more only when a price needs them (up to 5). */
export function usd(n: number): string {
    const abs = Math.abs(n);
    let digits = 2;
    while (digits < 5 && Math.abs(Math.round(abs * 10 ** digits) - abs * 10 ** digits) > 1e-6) digits++;
    const text = abs.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: digits });
    return `${n < 0 ? "−" : ""}$${text}`;
}

/** A change: `+$0.35`, `−$0.18`, `$0.00`. */
export function signedUsd(n: number): string {
    if (Math.abs(n) < 5e-6) return "$0.00";
    return n > 0 ? `+${usd(n)}` : usd(n);
}

/** Hours in 30 days, for the monthly projection next to an hourly figure. */
export const HOURS_PER_MONTH = 720;

/** `3d 4h`, `5h 12m`, `42m`, `15s`. */
export function age(ms: number): string {
    const s = Math.max(0, Math.floor(ms / 1000));
    const d = Math.floor(s / 86_400);
    const h = Math.floor((s % 86_400) / 3_600);
    const m = Math.floor((s % 3_600) / 60);
    if (d > 0) return `${d}d ${h}h`;
    if (h > 0) return `${h}h ${m}m`;
    if (m > 0) return `${m}m`;
    return `${s}s`;
}

/** A plain-text table: columns padded to their widest cell, two spaces apart, trailing spaces trimmed. */
export function textTable(header: string[], rows: string[][], indent = "  "): string[] {
    const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ""))));
    const line = (cells: string[]) => (indent + cells.map((c, i) => c + " ".repeat(widths[i]! - width(c))).join("  ")).trimEnd();
    return [line(header), ...rows.map(line)];
}

/** Display width: code points (the tables use "→" and "−", one column each). */
function width(s: string): number {
    return [...s].length;
}

/** A GitHub-flavoured Markdown table; `|` in cells is escaped. `right` lists right-aligned columns. */
export function markdownTable(header: string[], rows: string[][], right: number[] = []): string[] {
    const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
    const align = header.map((_, i) => (right.includes(i) ? "---:" : "---"));
    return [`| ${header.map(cell).join(" | ")} |`, `| ${align.join(" | ")} |`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)];
}
