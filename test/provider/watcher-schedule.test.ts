/**
 * The watcher's schedule, on jest's modern fake timers (which fake `Date.now` too) with an in-process fake API:
 * every poll lands when the schedule says, request time is whatever the fake says, and the counts are exact,
 * whatever the machine's load. test/provider/watcher.test.ts runs the same watcher over real HTTP.
 */
import type { NovitaClient } from "../../src/api/client";
import type { Instance } from "../../src/api/schemas/responses";
import { reach } from "../../src/provider/gpu-instance/lifecycle";
import { pollDelayMs } from "../../src/provider/wait";
import { InstanceWatcher, type Schedule, type WatchOptions } from "../../src/provider/watcher";

const BOOT_API_MS = 60_000;

/**
 * Instances that are `pulling` until BOOT_API_MS of API time after their creation, then `running`. Every call is
 * recorded with its start time; each answer takes `answerMs` of real time.
 */
class FakeApi {
    /** `at`: API ms since the fake was made; `real`: real (fake-timer) ms. */
    readonly calls: { kind: "byId" | "list"; at: number; real: number }[] = [];
    private readonly born = new Map<string, number>();
    private readonly t0 = Date.now();

    constructor(
        private readonly scale: number,
        private readonly answerMs = 0,
    ) {}

    create(id: string): void {
        this.born.set(id, Date.now());
    }

    readonly client = {
        getInstance: async (id: string) => this.answer("byId", () => this.record(id)),
        listAllInstances: async () => this.answer("list", () => [...this.born.keys()].map((id) => this.record(id))),
    } as unknown as NovitaClient;

    count(kind: "byId" | "list"): number {
        return this.calls.filter((c) => c.kind === kind).length;
    }

    private async answer<T>(kind: "byId" | "list", read: () => T): Promise<T> {
        const real = Date.now() - this.t0;
        this.calls.push({ kind, at: real / this.scale, real });
        if (this.answerMs > 0) await new Promise((r) => setTimeout(r, this.answerMs));
        return read();
    }

    private record(id: string): Instance {
        const age = (Date.now() - this.born.get(id)!) / this.scale;
        return { id, status: age >= BOOT_API_MS ? "running" : "pulling", portMappings: [] } as unknown as Instance;
    }
}

const opts = (timeScale: number, extra: Partial<WatchOptions> = {}): WatchOptions => ({ timeoutMs: 900_000, timeScale, label: "w", goal: "running", ...extra });

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test("a single wait asks by id at the times the schedule sets from the time waited: a 60 s boot is seen by the 33rd poll", async () => {
    const api = new FakeApi(1);
    api.create("a");
    const asked: number[] = [];
    const spy: Schedule = (elapsedApiMs) => {
        asked.push(elapsedApiMs);
        return pollDelayMs(elapsedApiMs);
    };
    const watcher = new InstanceWatcher(api.client, spy);
    const done = watcher.wait("a", reach("running"), opts(1));
    await jest.advanceTimersByTimeAsync(BOOT_API_MS + 20_000);
    expect((await done)!.status).toBe("running");

    const at = api.calls.map((c) => c.at);
    expect(api.count("list")).toBe(0);
    expect(at[0]).toBe(0); // the first poll at once
    // Every other poll comes the schedule's interval after the previous one (timers run in whole milliseconds).
    for (let k = 1; k < at.length; k++) {
        const late = at[k]! - at[k - 1]! - pollDelayMs(at[k - 1]!);
        expect(late).toBeGreaterThanOrEqual(0);
        expect(late).toBeLessThan(1);
    }
    expect(asked).toEqual(at.slice(0, -1)); // the schedule was fed the time waited at each poll but the last
    expect(at.at(-2)!).toBeLessThan(BOOT_API_MS); // the last poll is the first one at or after the boot
    expect(at.at(-1)!).toBeGreaterThanOrEqual(BOOT_API_MS);
    expect(at).toHaveLength(33); // wait.ts: "13, 33 and 52 polls for boots of 10, 60 and 300 s"
    expect(watcher.stats).toEqual({ byId: 33, lists: 0 });
});

test("many waits share list rounds: one confirming GET per wait, about as many rounds as one wait alone polls", async () => {
    // Twelve instances created one after the other (a quarter second of API time apart), then waited on together.
    const scale = 0.01;
    const api = new FakeApi(scale);
    const ids = Array.from({ length: 12 }, (_, i) => `i${i}`);
    for (const id of ids) {
        api.create(id);
        jest.advanceTimersByTime(250 * scale);
    }
    const watcher = new InstanceWatcher(api.client, pollDelayMs);
    const done = Promise.all(ids.map((id) => watcher.wait(id, reach("running"), opts(scale))));
    await jest.advanceTimersByTimeAsync((BOOT_API_MS + 20_000) * scale);
    expect((await done).map((i) => i!.status)).toEqual(ids.map(() => "running"));
    // Each wait is confirmed once by id; only the last one or two waits still running poll by id.
    expect(api.count("byId")).toBeGreaterThanOrEqual(ids.length);
    expect(api.count("byId")).toBeLessThanOrEqual(ids.length + 6);
    // One list per round (12 instances fit one page), about as many rounds as one wait alone polls (33).
    expect(api.count("list")).toBeGreaterThanOrEqual(15);
    expect(api.count("list")).toBeLessThanOrEqual(40);
    expect(api.count("list") + api.count("byId")).toBeLessThan(ids.length * 20);
    expect(watcher.stats).toEqual({ byId: api.count("byId"), lists: api.count("list") });
});

test("polls are timed from the start of the previous poll: slow answers do not stretch the schedule", async () => {
    // Every answer takes 8 ms real (0.8 s API at 0.01). Timed from the request, ten 0.9 s intervals take exactly
    // 10 × 9 ms; timed from the answer they would take 10 × 17 ms.
    const scale = 0.01;
    const api = new FakeApi(scale, 8);
    api.create("slow");
    const watcher = new InstanceWatcher(api.client, pollDelayMs);
    const result = watcher.wait("slow", () => (api.calls.length >= 11 ? { done: true } : undefined), opts(scale));
    await jest.advanceTimersByTimeAsync(1_000);
    await result;
    expect(api.calls.slice(0, 11).map((c) => c.real)).toEqual([0, 9, 18, 27, 36, 45, 54, 63, 72, 81, 90]);
});
