/**
 * The shared instance watcher over real HTTP against the simulator: by id for one or two waits, shared list
 * rounds for more, per-wait deadlines. How many polls fit in a boot depends on how long requests take, hence on
 * machine load, so the exact schedule and the poll counts are proven on fake timers in watcher-schedule.test.ts;
 * here only what holds whatever the load is asserted.
 */
import { NovitaClient } from "../../src/api/client";
import { NovitaApiError } from "../../src/api/errors";
import type { Instance } from "../../src/api/schemas/responses";
import { reach } from "../../src/provider/gpu-instance/lifecycle";
import { pollDelayMs } from "../../src/provider/wait";
import { InstanceWatcher, WaitFailedError, WaitTimeoutError, type WatchOptions } from "../../src/provider/watcher";
import { startSimulator, type Simulator } from "../../src/simulator";

/** Coarse enough that request time (a millisecond or two) does not blur a 1 s API-time schedule. */
const SCALE = 0.01;
let sim: Simulator;
let client: NovitaClient;
let watcher: InstanceWatcher;
let n = 0;

beforeEach(async () => {
    sim = await startSimulator({ timeScale: SCALE, seed: 7, bootSeconds: 60 });
    client = new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, timeScale: SCALE, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    watcher = new InstanceWatcher(client, pollDelayMs);
});
afterEach(() => sim.close());

async function create(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
        const { id } = await client.createInstance({
            name: `w-${++n}`, productId: "4090.16c62g", clusterId: "us-ca-6", gpuNum: 1, rootfsSize: 60, imageUrl: "nginx", kind: "gpu",
            ports: [{ port: 8888, type: "http" }],
        });
        ids.push(id);
    }
    sim.clearRequestLog();
    return ids;
}

const opts = (extra: Partial<WatchOptions> = {}): WatchOptions => ({ timeoutMs: 900_000, timeScale: SCALE, label: "w", goal: "running", ...extra });
const gets = (path: string) => sim.requestLog().filter((r) => r.method === "GET" && r.path === path).length;
const BY_ID = "/v1/gpu/instance";
const LIST = "/v1/gpu/instances";

test("a single wait polls by id only, each next poll timed by the schedule from the time waited", async () => {
    const [id] = await create(1);
    const asked: number[] = [];
    const spy = (elapsedApiMs: number) => {
        asked.push(elapsedApiMs);
        return pollDelayMs(elapsedApiMs);
    };
    const single = new InstanceWatcher(client, spy);
    const done = await single.wait(id!, reach("running"), opts());
    expect(done!.status).toBe("running");
    expect(gets(LIST)).toBe(0);
    // Every poll but the last (which saw running) asked the schedule for the next gap, fed the API time already
    // waited, which only grows. (How many polls fit in the boot depends on request time: see watcher-schedule.)
    const polls = gets(BY_ID);
    expect(polls).toBeGreaterThanOrEqual(1);
    expect(asked).toHaveLength(polls - 1);
    for (let k = 1; k < asked.length; k++) expect(asked[k]!).toBeGreaterThan(asked[k - 1]!);
    expect(single.stats).toEqual({ byId: polls, lists: 0 });
});

test("many waits share list rounds: one confirming GET per wait, far fewer requests than polling each", async () => {
    const ids = await create(12);
    const lines: string[] = [];
    const done = await Promise.all(ids.map((id) => watcher.wait(id, reach("running"), opts({ label: id, progress: (l) => lines.push(l) }))));
    expect(done.map((i) => i!.status)).toEqual(ids.map(() => "running"));
    // Callers get the full record (port endpoints are only in GET by id), never a list item.
    for (const i of done) expect(i!.portMappings[0]!.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // Each wait is confirmed once by id, after list rounds (twelve waits due at once always share a list).
    // How many rounds fit in the boot depends on request time; the counts are proven in watcher-schedule.test.ts.
    expect(gets(BY_ID)).toBeGreaterThanOrEqual(ids.length);
    expect(gets(LIST)).toBeGreaterThanOrEqual(1);
    expect(watcher.stats).toEqual({ byId: gets(BY_ID), lists: gets(LIST) });
    // Progress: one line per status change per instance, in lifecycle order, ending with running.
    const order = ["pending", "toCreate", "creating", "pulling", "running"];
    for (const id of ids) {
        const seen = lines.filter((l) => l.startsWith(`${id}: `)).map((l) => l.split(": ")[1]!.split(" ")[0]!);
        expect(seen).toEqual(order.filter((s) => seen.includes(s)));
        expect(seen.at(-1)).toBe("running");
    }
});

test("a statusError seen in a list round fails that wait with the full record; the others carry on", async () => {
    const ok = await create(3);
    sim.failNextCreate({ message: "failed to pull image: manifest unknown" });
    const [bad] = await create(1);
    const results = await Promise.allSettled([...ok, bad!].map((id) => watcher.wait(id, reach("running"), opts())));
    expect(results.slice(0, 3).map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
    const failure = (results[3] as PromiseRejectedResult).reason;
    expect(failure).toBeInstanceOf(WaitFailedError);
    expect(failure.message).toMatch(/manifest unknown/);
    expect((failure.last as Instance).portMappings[0]!.endpoint).toBeDefined();
    expect(gets(LIST)).toBeGreaterThan(0);
});

test("instances that drop out of the list are asked by id: not found ends a delete wait", async () => {
    await sim.close();
    sim = await startSimulator({ timeScale: SCALE, seed: 8, bootSeconds: 1, removedRetentionSeconds: 0 });
    client = new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, timeScale: SCALE, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    watcher = new InstanceWatcher(client, pollDelayMs);
    const ids = await create(4);
    await Promise.all(ids.map((id) => watcher.wait(id, reach("running"), opts())));
    for (const id of ids) await client.deleteInstance(id);
    sim.clearRequestLog();
    const gone = await Promise.all(ids.map((id) => watcher.wait(id, (i) => (i.status === "removed" ? { done: true } : undefined), opts({ goneIsDone: true }))));
    expect(gone).toEqual([undefined, undefined, undefined, undefined]);
    expect(sim.requestLog().filter((r) => r.path === BY_ID && r.status === 400)).toHaveLength(4);
});

test("deadlines are per wait: a stuck instance times out while the others finish", async () => {
    const ok = await create(3);
    sim.stickNextCreate();
    const [stuck] = await create(1);
    const results = await Promise.allSettled([
        ...ok.map((id) => watcher.wait(id, reach("running"), opts())),
        watcher.wait(stuck!, reach("running"), opts({ timeoutMs: 90_000, label: "stuck-one" })),
    ]);
    expect(results.slice(0, 3).every((r) => r.status === "fulfilled")).toBe(true);
    const timeout = (results[3] as PromiseRejectedResult).reason;
    expect(timeout).toBeInstanceOf(WaitTimeoutError);
    expect(timeout.message).toMatch(/^still pulling after (\d+m)?\d+s, waiting for running \(timeout 1m30s\)$/); // callers put the label in front
    expect(timeout.last.status).toBe("pulling");
});

test("a list that keeps failing rejects the waits of that round with the API error, after the client's retries", async () => {
    const ids = await create(4);
    sim.inject({ path: LIST, method: "GET", kind: "status", status: 500, count: 6 });
    const results = await Promise.allSettled(ids.map((id) => watcher.wait(id, reach("running"), opts())));
    for (const r of results) {
        expect(r.status).toBe("rejected");
        expect((r as PromiseRejectedResult).reason).toBeInstanceOf(NovitaApiError);
    }
    expect(sim.requestLog().filter((r) => r.path === LIST).map((r) => r.status)).toEqual([500, 500, 500, 500, 500, 500]);
    expect(watcher.size).toBe(0);
});
