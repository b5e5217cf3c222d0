import { formatDuration, isDuration, parseDuration } from "../../src/provider/duration";
import { applyTemplate, templateDefaultsOf } from "../../src/provider/gpu-instance/template";
import type { GpuInstanceInputs } from "../../src/provider/gpu-instance/inputs";
import { pollDelayMs } from "../../src/provider/wait";

describe("durations as customTimeouts write them", () => {
    test.each([["90s", 90_000], ["15m", 900_000], ["1h30m", 5_400_000], ["500ms", 500], ["1.5m", 90_000]])("%s = %d ms", (t, ms) => {
        expect(isDuration(t)).toBe(true);
        expect(parseDuration(t)).toBe(ms);
    });
    test.each(["", "15", "m", "15 minutes", "-1m"])("%j is not a duration", (t) => expect(isDuration(t)).toBe(false));
    test("formatting is short and human", () => {
        expect(formatDuration(900_000)).toBe("15m");
        expect(formatDuration(75_000)).toBe("1m15s");
        expect(formatDuration(4_000)).toBe("4s");
    });
});

describe("polling schedule", () => {
    test("polls every 0.9 s at first, then at 9 % of the time already waited, never slower than every 20 s", () => {
        expect(pollDelayMs(0)).toBe(900);
        expect(pollDelayMs(60_000)).toBe(5400);
        expect(pollDelayMs(3_600_000)).toBe(20_000);
    });

    test("the worst-case detection lag stays 10 % inside max(1 s, 10 % of the boot), whatever the boot time", () => {
        // A boot just after a poll at t (1 ms later) is seen one interval later.
        const over: number[] = [];
        for (let t = 0; t <= 1_800_000; t += 250) if (pollDelayMs(t) > 0.9 * Math.max(1000, 0.1 * (t + 1))) over.push(t);
        expect(over).toEqual([]);
    });
});

describe("templates are defaults under explicit inputs", () => {
    const t = templateDefaultsOf({
        id: "1", name: "PyTorch", image: "pytorch:2", ports: [{ type: "http", ports: [8888] }, { type: "tcp", ports: [22] }],
        envs: [{ key: "JUPYTER_TOKEN", value: "t" }, { key: "MODE", value: "dev" }], startCommand: "jupyter lab", rootfsSize: 80,
    } as never);
    const explicit = { name: "n", gpuNum: 1, ports: [{ port: 8888, type: "tcp" as const }], envs: [{ key: "MODE", value: "prod" }], networkStorages: [], kind: "gpu" as const, state: "running" as const, timeouts: { create: "15m", update: "15m", delete: "10m" } };

    test("explicit values win; template fills the rest; lists merge by port / key", () => {
        const eff = applyTemplate(explicit as GpuInstanceInputs, t);
        expect(eff.imageUrl).toBe("pytorch:2");
        expect(eff.rootfsSize).toBe(80);
        expect(eff.command).toBe("jupyter lab");
        expect(eff.ports).toEqual([{ port: 22, type: "tcp" }, { port: 8888, type: "tcp" }]);
        expect(eff.envs).toEqual([{ key: "JUPYTER_TOKEN", value: "t" }, { key: "MODE", value: "prod" }]);
    });
});
