/**
 * A create whose answer is lost (the server processed it) followed by an outage: the lookups that decide
 * whether the instance exists fail too. They must keep trying within the retry budget instead of giving up
 * at the first failed lookup (which left a paid instance running that no stack knew about), and when the
 * budget runs out, say that the create may have succeeded and name the instance.
 */
import { NovitaClient } from "../../src/api/client";
import { NovitaError } from "../../src/api/errors";
import { startSimulator, type Simulator } from "../../src/simulator";

const SCALE = 0.001;
let sim: Simulator;

beforeEach(async () => {
    sim = await startSimulator({ timeScale: SCALE, seed: 21 });
});
afterEach(() => sim.close());

const client = (debug?: (line: string) => void) => new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, timeScale: SCALE, timeoutMs: 5_000, debug });
const body = (name: string) => ({ name, productId: "4090.16c62g", clusterId: "us-ca-6", gpuNum: 1, rootfsSize: 60, imageUrl: "nginx", kind: "gpu" as const });
const posts = () => sim.requestLog().filter((r) => r.method === "POST" && r.path === "/v1/gpu/instance/create");

/** Hangs the create answer after the server created the instance, then stops the simulator (connection refused). */
async function lostAnswerThenOutage(): Promise<void> {
    sim.inject({ path: "/v1/gpu/instance/create", method: "POST", kind: "hang", phase: "after" });
    while (sim.instances().length === 0) await new Promise((r) => setTimeout(r, 1));
    await sim.pause();
}

test("lookups that fail during a short outage are retried: the created instance is found, never created twice", async () => {
    // The outage ends on an event, not after some time: as soon as a whole lookup (with its own retries) has
    // failed. Giving up at the first failed lookup would then fail the create; retrying it finds the instance.
    let resumed: Promise<void> | undefined;
    const created = client((line) => {
        if (!resumed && /createInstance: lookup failed/.test(line)) resumed = sim.resume();
    }).createInstance(body("outage-short"));
    await lostAnswerThenOutage();
    const { id } = await created;
    expect(resumed).toBeDefined();
    await resumed;
    expect(sim.instances().map((i) => i.id)).toEqual([id]);
    expect(posts()).toHaveLength(1);
});

test("an outage longer than the retry budget: the error says the create may have succeeded and names the instance", async () => {
    const created = client().createInstance(body("outage-long")).catch((e: unknown) => e);
    await lostAnswerThenOutage(); // the simulator stays down until the create has given up
    const err = (await created) as NovitaError;
    expect(err).toBeInstanceOf(NovitaError);
    expect(err.message).toMatch(/may have succeeded/);
    expect(err.message).toContain('"outage-long"');
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(posts()).toHaveLength(1);
});
