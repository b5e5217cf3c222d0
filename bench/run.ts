/**
 * `npm run bench`: every benchmark, one table. Every figure is a ratio or a count measured in this run.
 *   npm run bench [-- --boot <s>] [-- --only selection,provider,polling,readiness,preview,up]
 *   npm run bench -- --only up --runs 5 --burn-cpu 3   # five 100-instance ups, every core busy during the third
 *   (`--burn-cpu` alone: during every run of the up)
 */
import * as os from "node:os";
import { burnCpu } from "./burn";
import { fmt, type Row } from "./common";
import { pollingBench } from "./polling";
import { providerSizeBench } from "./provider-size";
import { readinessBench } from "./readiness";
import { selectionBench } from "./selection";
import { stackPreviewBench, stackUpBench } from "./stack";

function arg(name: string): string | undefined {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Which runs (1-based) `--burn-cpu` names: a list like `3` or `1,3`; all of them when given without one. */
export function burnRuns(argv: readonly string[], runs: number): Set<number> {
    const i = argv.indexOf("--burn-cpu");
    if (i < 0) return new Set();
    const list = argv[i + 1];
    if (list === undefined || !/^\d+(,\d+)*$/.test(list)) return new Set(Array.from({ length: runs }, (_, k) => k + 1));
    return new Set(list.split(",").map(Number));
}

/** `--runs` ups of 100 instances, one after another, each on a fresh simulator; the cores burnt during the runs `--burn-cpu` names. */
async function upRuns(boot: number): Promise<Row[]> {
    const runs = Number(arg("runs") ?? 1);
    const burn = burnRuns(process.argv, runs);
    const rows: Row[] = [];
    let failures = 0;
    for (let k = 1; k <= runs; k++) {
        const stop = burn.has(k) ? burnCpu() : undefined;
        let result: Awaited<ReturnType<typeof stackUpBench>>;
        try {
            result = await stackUpBench(boot);
        } finally {
            await stop?.();
        }
        failures += result.failed;
        const tag = runs > 1 || stop ? ` — run ${k}/${runs}${stop ? `, ${os.availableParallelism()} cores burnt` : ""}` : "";
        rows.push(...result.rows.map((r) => ({ ...r, bench: r.bench + tag })));
        process.stderr.write(`bench up run ${k}/${runs}${stop ? " (CPU burnt)" : ""}: ${result.failed} failed\n`);
    }
    if (runs > 1) {
        rows.push({ bench: `up × ${runs} consecutive runs`, metric: "failed creates, all runs", value: String(failures), target: "0", met: failures === 0 });
    }
    return rows;
}

export function formatRows(rows: readonly Row[]): string {
    const head: Row = { bench: "benchmark", metric: "metric", value: "measured", target: "target" };
    const cells = (r: Row) => [r.bench, r.metric, r.value, r.target, r === head ? "met" : r.met === undefined ? "–" : r.met ? "yes" : "NO"];
    const all = [head, ...rows].map(cells);
    const widths = all[0]!.map((_, i) => Math.max(...all.map((c) => c[i]!.length)));
    const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join(" | ");
    return [line(all[0]!), widths.map((w) => "-".repeat(w)).join("-+-"), ...all.slice(1).map(line)].join("\n");
}

/** Runs the benchmarks named by `--only` (default: all) and prints one table; called by bench/launch.js. */
export async function main(): Promise<void> {
    const only = arg("only")?.split(",");
    const boot = Number(arg("boot") ?? 60);
    const want = (k: string) => !only || only.includes(k);
    const started = Date.now();
    const rows: Row[] = [];
    const step = async (k: string, f: () => Promise<Row[]>) => {
        if (!want(k)) return;
        const t = Date.now();
        rows.push(...(await f()));
        process.stderr.write(`bench ${k}: ${fmt((Date.now() - t) / 1000, 1)} s\n`);
    };
    await step("selection", selectionBench);
    await step("provider", providerSizeBench);
    await step("polling", pollingBench);
    await step("readiness", readinessBench);
    await step("preview", stackPreviewBench);
    await step("up", () => upRuns(boot));
    const cpu = os.cpus()[0]?.model ?? "unknown CPU";
    console.log(`\npulumi-novita benchmarks — Node ${process.version}, ${os.availableParallelism()} cores (${cpu}), ${os.platform()} ${os.arch()}`);
    console.log(formatRows(rows));
    const missed = rows.filter((r) => r.met === false).length;
    console.log(`\n${rows.filter((r) => r.met === true).length} targets met, ${missed} missed; total ${fmt((Date.now() - started) / 1000, 0)} s`);
}
