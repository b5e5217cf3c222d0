/**
 * The pre-create snapshot is shared by the creates of one round (src/api/snapshot.ts): concurrent creates list the
 * account once, not once each, and reconciliation after an ambiguous failure still finds exactly its own instance.
 */
import { NovitaClient } from "../../src/api/client";
import { startSimulator, type Simulator } from "../../src/simulator";

let sim: Simulator;
const client = () => new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, retry: { baseDelayMs: 5, maxDelayMs: 20 }, timeScale: 0.001 });
const createBody = (name: string) => ({ name, productId: "4090.16c62g", clusterId: "as-sgp-2", gpuNum: 1, rootfsSize: 60, imageUrl: "nginx", kind: "gpu" as const });
const lists = () => sim.requestLog().filter((r) => r.method === "GET" && r.path === "/v1/gpu/instances");
const posts = () => sim.requestLog().filter((r) => r.method === "POST" && r.path === "/v1/gpu/instance/create");

beforeAll(async () => (sim = await startSimulator({ timeScale: 0.001, seed: 43 })));
afterAll(() => sim.close());
beforeEach(() => {
    sim.clearFaults();
    sim.clearRequestLog();
});

test("ten concurrent creates take one snapshot of the whole account before any POST", async () => {
    const c = client();
    const names = Array.from({ length: 10 }, (_, i) => `round-${i}`);
    const ids = await Promise.all(names.map((n) => c.createInstance(createBody(n))));
    expect(new Set(ids.map((x) => x.id)).size).toBe(10);
    expect(lists().map((r) => r.query.name)).toEqual([undefined]);
    expect(lists()[0]!.startedAt).toBeLessThanOrEqual(Math.min(...posts().map((r) => r.startedAt)));
    expect(c.snapshots.taken).toBe(1);
});

test("a create on its own lists by name, as before", async () => {
    const c = client();
    await c.createInstance(createBody("alone"));
    expect(lists().map((r) => r.query.name)).toEqual(["alone"]);
});

test("an ambiguous failure in a round: the lookup reads the snapshot's scope and finds only its own instance", async () => {
    const c = client();
    // An instance named like one of the round's, made before it: in the snapshot, so never mistaken for the new one.
    const old = await c.createInstance(createBody("amb-1"));
    sim.clearRequestLog();
    sim.inject({ path: "/v1/gpu/instance/create", method: "POST", kind: "status", status: 502, phase: "after", count: 1 });
    const names = ["amb-0", "amb-1", "amb-2", "amb-3"];
    const ids = await Promise.all(names.map((n) => c.createInstance(createBody(n))));
    for (const [k, n] of names.entries()) {
        const live = sim.instances().filter((i) => i.name === n).map((i) => i.id);
        expect(live).toContain(ids[k]!.id);
        expect(live).toHaveLength(n === "amb-1" ? 2 : 1);
    }
    expect(ids[1]!.id).not.toBe(old.id);
    // One POST per name: the 502 (processed) was reconciled by a lookup of the whole account, not re-sent.
    expect(posts()).toHaveLength(4);
    expect(lists().every((r) => r.query.name === undefined)).toBe(true);
});
