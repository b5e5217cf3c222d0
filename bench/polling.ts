/**
 * Polls and detection lag per create, for boots of 10, 60 and 300 s (time-scaled): one GpuInstance `up`
 * through the offline engine per boot time. GETs are the status polls after the create POST; the lag is
 * the API time between the instance reaching `running` and the first poll that saw it.
 * Next to the measurement: the schedule's own figures with zero request time (pollDelayMs alone).
 */
import * as novita from "../src";
import { pollDelayMs } from "../src/provider/wait";
import { startSimulator } from "../src/simulator";
import { engineFor } from "./engine";
import { fmt, type Row } from "./common";

/** Coarse enough that a millisecond of timer or request jitter is 0.02 s of API time. */
const SCALE = 0.05;
const CREATE = "/v1/gpu/instance/create";

/** Poll times of a schedule (API ms), first poll at 0, until one lands at or after `bootMs`. */
export function pollTimes(bootMs: number, delay: (elapsed: number) => number = pollDelayMs): number[] {
    const t = [0];
    while (t.at(-1)! < bootMs) t.push(t.at(-1)! + delay(t.at(-1)!));
    return t;
}

/** GETs and lag for a boot time, and the worst lag over every boot time just past the poll before it. */
export function scheduleFigures(bootMs: number, delay?: (elapsed: number) => number) {
    const t = pollTimes(bootMs, delay);
    const last = t.at(-1)!;
    const before = t.at(-2) ?? 0;
    return { gets: t.length, lagMs: last - bootMs, worstLagMs: last - before };
}

export async function pollingBench(): Promise<Row[]> {
    const rows: Row[] = [];
    for (const boot of [10, 60, 300]) {
        const sim = await startSimulator({ timeScale: SCALE, bootSeconds: boot, seed: 13 });
        const engine = engineFor(sim, SCALE);
        try {
            await engine.up(() => void new novita.GpuInstance("gpu", { productId: "4090.16c62g", clusterId: "us-ca-6", imageUrl: "nginx:1.27" }));
        } finally {
            await engine.close();
            await sim.close();
        }
        const log = sim.requestLog();
        const post = log.find((r) => r.method === "POST" && r.path === CREATE)!;
        const polls = log.filter((r) => r.seq > post.seq && r.method === "GET");
        const runningAt = post.startedAt + boot * 1000 * SCALE;
        // The first poll handled after that moment saw `running`; the provider knows once its answer is sent.
        const detecting = polls.find((r) => r.startedAt >= runningAt)!;
        const lagS = ((detecting.endedAt ?? detecting.startedAt) - runningAt) / SCALE / 1000;
        const theory = scheduleFigures(boot * 1000);
        const lagTarget = Math.max(1, 0.1 * boot);
        rows.push({
            bench: `polling, boot ${boot} s`,
            metric: "GETs per create (schedule alone)",
            value: `${polls.length} (${theory.gets})`,
            target: boot === 300 ? "≤ 15" : "(reported)",
            met: boot === 300 ? polls.length <= 15 : undefined,
        });
        rows.push({
            bench: `polling, boot ${boot} s`,
            metric: "detection lag (schedule: this boot / worst near it)",
            value: `${fmt(lagS, 2)} s (${fmt(theory.lagMs / 1000, 2)} / ${fmt(theory.worstLagMs / 1000, 2)} s)`,
            target: `≤ ${fmt(lagTarget, 0)} s`,
            met: lagS <= lagTarget,
        });
    }
    // The trade-off, from the schedules alone: ours, the bare bound it is 10 % inside of, and what meeting
    // "≤ 15 GETs at 300 s" would cost in lag.
    const growth = (f: number, floor = 1000) => (e: number) => Math.max(floor, e * (f - 1));
    let least = 1.1;
    while (scheduleFigures(300_000, growth(least)).gets > 15) least = Math.round((least + 0.01) * 100) / 100;
    const schedules: [string, ((e: number) => number) | undefined][] = [
        ["ours: 0.9 s, then 9 %", undefined],
        ["1 s, then ×1.1 (the bare bound)", growth(1.1)],
        [`1 s, then ×${least} (least for ≤ 15 GETs)`, growth(least)],
    ];
    for (const [label, delay] of schedules) {
        const worst = [10, 60, 300].map((b) => scheduleFigures(b * 1000, delay).worstLagMs / Math.max(1000, 100 * b));
        rows.push({
            bench: `schedule ${label}`,
            metric: "GETs at 300 s; worst lag / max(1 s, 10 %) at 10, 60, 300 s",
            value: `${scheduleFigures(300_000, delay).gets}; ${worst.map((w) => fmt(w, 2)).join(", ")}`,
            target: "(analysis)",
        });
    }
    return rows;
}
