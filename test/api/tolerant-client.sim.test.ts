/**
 * The tolerant client over HTTP: a list with an item it cannot understand still answers, the item is counted
 * and logged, and reconciliation never reads such an item as "absent" when it may be the object it looks for.
 * The odd answers are injected 200 bodies (the simulator's fault injection), so each test controls them exactly.
 */
import { NovitaClient } from "../../src/api/client";
import { NovitaError } from "../../src/api/errors";
import { startSimulator, type Simulator } from "../../src/simulator";

let sim: Simulator;
const fast = { baseDelayMs: 5, maxDelayMs: 20 };
const createBody = (name: string) => ({ name, productId: "4090.16c62g", clusterId: "as-sgp-2", gpuNum: 1, rootfsSize: 60, imageUrl: "nginx", kind: "gpu" as const });
const item = (over: Record<string, unknown>) => ({ id: "b8f3a01378654e93", name: "x", clusterId: "as-sgp-2", status: "running", imageUrl: "nginx", gpuNum: "1", ...over });
const answer = (body: unknown, count = 1) => ({ path: "/v1/gpu/instances", method: "GET", kind: "status" as const, status: 200, body: JSON.stringify(body), count });
const posts = (path: string) => sim.requestLog().filter((r) => r.method === "POST" && r.path === path);

beforeAll(async () => {
    sim = await startSimulator({ timeScale: 0.001, seed: 12 });
});
afterAll(() => sim.close());
beforeEach(() => {
    sim.clearFaults();
    sim.clearRequestLog();
});

test("a list holding an unreadable item answers the others, counts the skipped one and logs a debug line naming it", async () => {
    const lines: string[] = [];
    const c = new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, retry: fast, debug: (l) => lines.push(l) });
    sim.inject(answer({ instances: [item({}), item({ id: null, name: "console-box" }), item({ id: "3560b7fec915bbf9", status: "hibernating", gpuNum: "" })], total: "3" }));
    const all = await c.listAllInstances();
    expect(all.map((i) => [i.id, i.status, i.gpuNum])).toEqual([["b8f3a01378654e93", "running", 1], ["3560b7fec915bbf9", "hibernating", undefined]]);
    expect(c.stats.skippedItems).toBe(1);
    const skippedLine = lines.find((l) => l.includes("skipped"));
    expect(skippedLine).toMatch(/GET \/v1\/gpu\/instances: skipped unreadable instances item 1 \("console-box"\): id: /);
    expect(skippedLine).not.toContain(sim.apiKey);
});

test("without debug, a skipped item is still counted", async () => {
    const c = new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, retry: fast });
    sim.inject({ path: "/v1/repository/auths", kind: "status", status: 200, body: JSON.stringify({ data: [{ name: "no-id" }, { Id: "a1", name: "ok" }] }) });
    expect(await c.listRegistryAuths()).toEqual([{ id: "a1", name: "ok", username: "", password: "" }]);
    expect(c.stats.skippedItems).toBe(1);
});

test("after a lost create answer, an unreadable item carrying the name stops the create instead of sending it again", async () => {
    const c = new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, retry: fast, timeScale: 0.001 });
    // The create is refused before it runs (nothing made), with a 503: ambiguous, so the client looks the name up.
    sim.inject({ path: "/v1/gpu/instance/create", kind: "status", status: 503, count: 1 });
    // The snapshot taken before the create is the real (empty) list; every lookup after it holds an item named so
    // whose id cannot be read: it may be the instance just made.
    sim.inject({ ...answer({ instances: [item({ id: "", name: "lost-answer" })] }, 10), path: (r) => r.path === "/v1/gpu/instances" && sim.requestLog().some((e) => e.path === "/v1/gpu/instance/create") });
    const e = await c.createInstance(createBody("lost-answer")).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NovitaError);
    expect((e as Error).message).toMatch(/the create of instance "lost-answer" may have succeeded, but the API lists an item that may be it and cannot be read \(id: .*\); check the account/);
    expect(posts("/v1/gpu/instance/create")).toHaveLength(1);
});

test("an unreadable item with the name that was already there before the create does not block it", async () => {
    const c = new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, retry: fast, timeScale: 0.001 });
    const old = item({ id: null, name: "same-name" });
    // Every list (snapshot and lookups) holds the same pre-existing unreadable item and nothing else.
    sim.inject(answer({ instances: [old] }, 10));
    sim.inject({ path: "/v1/gpu/instance/create", kind: "status", status: 503, count: 1 });
    const made = await c.createInstance(createBody("same-name"));
    expect(made.id).toMatch(/^[0-9a-f]{16}$/);
    // Lookups found nothing new, so the create was sent again, once.
    expect(posts("/v1/gpu/instance/create")).toHaveLength(2);
    sim.clearFaults();
    await c.deleteInstance(made.id);
});
