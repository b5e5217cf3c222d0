/**
 * `GET https://…/openapi/v1/metrics/gpu/instance` (docs/novita-api-notes.md#metrics): outside the `/gpu-instance`
 * prefix, so it is routed by its absolute path. Bad `startTime`/`endTime`/`interval` values are silently
 * replaced by the defaults (now, now − 60 s, 15 s), as documented. Values are synthetic and stable:
 * utilisation while the instance is running, 0 otherwise.
 */
import { getInstanceQuery } from "../../api/schemas";
import { parseOrThrow } from "../errors";
import { stableNumber } from "../ids";
import { findInstance } from "../instance-ops";
import type { RouteTable } from "./types";

const MAX_POINTS = 1000;

function intParam(raw: string | undefined, fallback: number): number {
    const n = Number(raw);
    return raw !== undefined && raw !== "" && Number.isInteger(n) && n >= 0 ? n : fallback;
}

export const metricsRoutes: RouteTable = {
    "GET /openapi/v1/metrics/gpu/instance": ({ store, query }) => {
        const inst = findInstance(store, parseOrThrow(getInstanceQuery, query).instanceId);
        const now = Math.floor(store.clock.now() / 1000);
        const end = intParam(query.endTime, now);
        let start = intParam(query.startTime, end - 60);
        if (start > end) start = end - 60;
        let interval = intParam(query.interval, 15);
        if (interval < 15) interval = 15;
        const times: number[] = [];
        for (let t = start; t <= end && times.length < MAX_POINTS; t += interval) times.push(t);
        const running = inst.status === "running";
        const series = (metric: string) =>
            times.map((t) => ({ timestamp: String(t), value: running ? 20 + stableNumber(`${inst.id}:${metric}:${t}`, 7000) / 100 : 0 }));
        const gpu = (metric: string) => ({
            avg: series(`${metric}:avg`),
            gpuIds: Array.from({ length: inst.gpuNum }, (_, g) => ({ gpuId: String(g), items: series(`${metric}:${g}`) })),
        });
        return {
            body: {
                cpuUtilization: series("cpu"),
                memUtilization: series("mem"),
                rootDiskUtilization: series("disk"),
                gpuUtilization: gpu("gpu"),
                gpuMemUtilization: gpu("gpumem"),
            },
        };
    },
};
