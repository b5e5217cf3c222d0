/**
 * The reliability summary: one row per scenario (or group of cases), printed as one table at the end of
 * the suite so a CI log shows at a glance what was proven and what it cost in requests.
 */
export interface Row {
    scenario: string;
    /** What happened, in a few words (e.g. "1 up: created after 4×429"). */
    result: string;
    /** Requests the simulator received during the scenario. */
    requests: number;
    /** "ok" or the invariants that failed. */
    invariants: string;
    passed: boolean;
}

const rows: Row[] = [];

export function record(row: Row): void {
    rows.push(row);
}

export function recorded(): readonly Row[] {
    return rows;
}

const cut = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

export function formatTable(list: readonly Row[]): string {
    const cols = [
        { head: "scenario", width: 64, get: (r: Row) => r.scenario },
        { head: "result", width: 86, get: (r: Row) => (r.passed ? "" : "FAIL: ") + r.result },
        { head: "requests", width: 8, get: (r: Row) => String(r.requests), right: true },
        { head: "invariants", width: 26, get: (r: Row) => r.invariants },
    ];
    const line = (cells: string[]) =>
        cells.map((c, i) => (cols[i]!.right ? cut(c, cols[i]!.width).padStart(cols[i]!.width) : cut(c, cols[i]!.width).padEnd(cols[i]!.width))).join(" | ");
    const rule = cols.map((c) => "-".repeat(c.width)).join("-+-");
    const failed = list.filter((r) => !r.passed).length;
    const total = list.reduce((n, r) => n + r.requests, 0);
    return [
        `Reliability suite: ${list.length} scenarios, ${list.length - failed} passed, ${failed} failed, ${total} simulator requests`,
        line(cols.map((c) => c.head)),
        rule,
        ...list.map((r) => line(cols.map((c) => c.get(r)))),
    ].join("\n");
}

export function printTable(): void {
    if (rows.length > 0) process.stdout.write(`\n${formatTable(rows)}\n\n`);
}
