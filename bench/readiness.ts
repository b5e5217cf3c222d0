/**
 * Readiness detection lag (issue #14), for apps that start 10, 60 and 300 s after the container runs (time-scaled):
 * one GpuInstance `up` with `readiness` per app start time, through the offline engine. The simulated app answers
 * 503 for that long after the container's start, then 200; the simulator logs every answer in API time. The lag is
 * the API time from the app's first possible 200 to the 200 the provider got. Probes are the app requests of the
 * wait. Next to the measurement: the schedule's own figures (pollDelayMs alone, as for the status wait).
 */
import * as novita from "../src";
import { startSimulator } from "../src/simulator";
import { engineFor } from "./engine";
import { fmt, type Row } from "./common";
import { scheduleFigures } from "./polling";

/** As bench/polling.ts: a millisecond of timer or request jitter is 0.02 s of API time. */
const SCALE = 0.05;
/** Short boots: the app's start, not the pull, is what is measured. */
const BOOT_S = 10;

export async function readinessBench(): Promise<Row[]> {
    const rows: Row[] = [];
    for (const appStart of [10, 60, 300]) {
        const sim = await startSimulator({ timeScale: SCALE, bootSeconds: BOOT_S, seed: 14 });
        sim.setApp({ unavailableSeconds: appStart });
        const engine = engineFor(sim, SCALE);
        let id: string;
        try {
            const up = await engine.up(() => {
                const gpu = new novita.GpuInstance("gpu", {
                    productId: "4090.16c62g", clusterId: "us-ca-6", imageUrl: "vllm/vllm-openai", ports: ["8000/http"],
                    readiness: { http: { port: 8000, path: "/health" } },
                });
                return { id: gpu.id };
            });
            id = String(up.outputs.id);
        } finally {
            await engine.close();
        }
        const startedAt = sim.instance(id)!.lastStartedAt!.getTime();
        await sim.close();
        const answers = sim.appRequests().filter((r) => r.instanceId === id);
        const readyFrom = startedAt + appStart * 1000;
        const first200 = answers.find((r) => r.status === 200);
        const lagS = first200 ? (first200.at.getTime() - readyFrom) / 1000 : NaN;
        const theory = scheduleFigures(appStart * 1000);
        const target = Math.max(1, 0.1 * appStart);
        rows.push({
            bench: `readiness, app start ${appStart} s`,
            metric: "probes per wait (schedule alone)",
            value: `${answers.length} (${theory.gets})`,
            target: "(reported)",
        });
        rows.push({
            bench: `readiness, app start ${appStart} s`,
            metric: "detection lag (schedule: worst near it); lag / max(1 s, 10 %)",
            value: `${fmt(lagS, 2)} s (${fmt(theory.worstLagMs / 1000, 2)} s); ${fmt(lagS / target, 2)}`,
            target: `≤ ${fmt(target, 0)} s`,
            met: lagS <= target,
        });
    }
    return rows;
}
