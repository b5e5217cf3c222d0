/**
 * Large stacks. `up` of 100 instances against a simulator limited to 10 requests/s (real time, time scale 1,
 * so the rate limit and the API clock agree), engine parallelism 100 (`pulumi up --parallel 100`: with the
 * default 4 × CPUs, creates — which include the boot wait — would run in waves of 8). Ideal wall time =
 * boot + accepted requests ÷ rate. And a `preview` of 100 resources: no API call besides selection.
 */
import * as novita from "../src";
import { startSimulator } from "../src/simulator";
import { engineFor } from "./engine";
import { fmt, type Row } from "./common";

const N = 100;
const RATE = 10;

export async function stackUpBench(bootSeconds: number): Promise<{ rows: Row[]; failed: number }> {
    const sim = await startSimulator({ timeScale: 1, bootSeconds, rateLimit: RATE, seed: 17 });
    sim.setCapacity("4090.16c62g", "us-ca-6", 2 * N);
    const engine = engineFor(sim, 1, N);
    const program = () => {
        for (let i = 0; i < N; i++) new novita.GpuInstance(`gpu-${i}`, { productId: "4090.16c62g", clusterId: "us-ca-6", imageUrl: "nginx:1.27" });
    };
    const started = performance.now();
    let failed = 0;
    let error: string | undefined;
    try {
        const up = await engine.up(program);
        failed = up.summary.failed;
    } catch (e) {
        const result = (e as { result?: { summary: { failed: number }; steps: { error?: string }[] } }).result;
        failed = result?.summary.failed ?? N;
        // The distinct causes, without the resource prefix.
        const causes = new Set((result?.steps ?? []).flatMap((s) => (s.error ? [s.error.replace(/^.*?\): /, "").slice(0, 120)] : [])));
        error = [...causes].join(" | ") || (e as Error).message.split("\n")[0];
        if (process.env.BENCH_VERBOSE) process.stderr.write(`${[...causes].join("\n")}\n`);
    }
    const wallS = (performance.now() - started) / 1000;
    const running = sim.instances().filter((i) => i.status === "running").length;
    // No orphan, no duplicate: the live instances are exactly the ones in state.
    const live = sim.instances().map((i) => i.id).sort();
    const managed = engine.state.filter((r) => r.type.endsWith(":GpuInstance")).map((r) => r.id).sort();
    const matches = JSON.stringify(live) === JSON.stringify(managed);
    await engine.close();
    await sim.close();
    const log = sim.requestLog();
    const refused = log.filter((r) => r.status === 429).length;
    const accepted = log.length - refused;
    // Status polls the API answered (429s are counted above): by id, and list rounds (no name filter).
    const polls = log.filter((r) => r.status !== 429 && r.method === "GET" && (r.path === "/v1/gpu/instance" || (r.path === "/v1/gpu/instances" && !r.query.name))).length;
    const idealS = bootSeconds + accepted / RATE;
    const ratio = wallS / idealS;
    const rows: Row[] = [
        {
            bench: `up, ${N} instances, ${RATE} req/s, boot ${bootSeconds} s`,
            metric: "failures; instances running; state = simulator",
            value: `${failed}${error ? ` (${error.slice(0, 60)})` : ""}; ${running}/${N}; ${matches ? "yes" : "NO"}`,
            target: `0; ${N}/${N}; yes`,
            met: failed === 0 && running === N && matches,
        },
        {
            bench: `up, ${N} instances, ${RATE} req/s, boot ${bootSeconds} s`,
            metric: "wall / ideal (boot + accepted requests ÷ rate)",
            value: `${fmt(ratio, 2)} (${fmt(wallS, 1)} s / ${fmt(idealS, 1)} s)`,
            target: "≤ 1.3",
            met: ratio <= 1.3,
        },
        {
            bench: `up, ${N} instances, ${RATE} req/s, boot ${bootSeconds} s`,
            metric: "requests accepted (per instance); refused 429; status polls accepted",
            value: `${accepted} (${fmt(accepted / N, 2)}); ${refused}; ${polls} (${fmt(polls / N, 2)}/instance)`,
            target: "accepted ≤ 2.5 per instance",
            met: accepted / N <= 2.5,
        },
    ];
    return { rows, failed };
}

export async function stackPreviewBench(): Promise<Row[]> {
    const sim = await startSimulator({ timeScale: 0.001, seed: 19 });
    const engine = engineFor(sim, 0.001);
    const program = () => {
        const pick = novita.getOptimalProductOutput({ productName: "RTX 4090" });
        for (let i = 0; i < N / 2; i++) new novita.GpuInstance(`picked-${i}`, { productId: pick.productId, clusterId: pick.clusterId, imageUrl: "nginx:1.27" });
        for (let i = 0; i < N / 2; i++) new novita.GpuInstance(`placed-${i}`, { placement: { productName: "RTX 4090" }, imageUrl: "nginx:1.27" });
    };
    const started = performance.now();
    const pv = await engine.preview(program);
    const wallS = (performance.now() - started) / 1000;
    await engine.close();
    await sim.close();
    const log = sim.requestLog();
    const selection = log.filter((r) => r.method === "GET" && (r.path === "/v1/clusters" || r.path === "/v1/products")).length;
    const other = log.length - selection;
    const creates = pv.steps.filter((s) => s.op === "create" && s.type.endsWith(":GpuInstance")).length;
    return [
        {
            bench: `preview, ${N} resources`,
            metric: "API requests besides selection (selection requests; planned creates; wall)",
            value: `${other} (${selection}; ${creates}; ${fmt(wallS, 1)} s)`,
            target: "0",
            met: other === 0 && creates === N,
        },
    ];
}
