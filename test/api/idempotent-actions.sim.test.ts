/**
 * start and stop are retried as "idempotent by state", but the API is not: when the first attempt was
 * applied and only its answer was lost, the retry is refused with 400 "invalid state change". That refusal
 * must not turn an applied stop/start into a failure; a refusal for any other reason still must.
 */
import { NovitaClient } from "../../src/api/client";
import { NovitaApiError } from "../../src/api/errors";
import { startSimulator, type Simulator } from "../../src/simulator";

const SCALE = 0.001;
let sim: Simulator;
let client: NovitaClient;
let id: string;

async function until(status: string): Promise<void> {
    while (sim.instance(id)?.status !== status) await new Promise((r) => setTimeout(r, 2));
}

beforeEach(async () => {
    sim = await startSimulator({ timeScale: SCALE, seed: 41, bootSeconds: 10 });
    client = new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, timeScale: SCALE });
    ({ id } = await client.createInstance({ name: "act-1", productId: "4090.16c62g", clusterId: "us-ca-6", gpuNum: 1, rootfsSize: 60, imageUrl: "nginx", kind: "gpu" }));
    await until("running");
    sim.clearRequestLog();
});
afterEach(() => sim.close());

const statuses = (verb: string) => sim.requestLog().filter((r) => r.path === `/v1/gpu/instance/${verb}`).map((r) => r.status);

test("a stop whose answer was lost (reset after processing) succeeds: its retry's invalid state change means it was applied", async () => {
    sim.inject({ path: "/v1/gpu/instance/stop", method: "POST", kind: "reset", phase: "after" });
    await expect(client.stopInstance(id)).resolves.toBeDefined();
    expect(statuses("stop")).toEqual(["reset", 400]);
    expect(["toStop", "stopping", "exited"]).toContain(sim.instance(id)!.status);
});

test("a start whose answer was lost (502 after processing) succeeds", async () => {
    await client.stopInstance(id);
    await until("exited");
    sim.clearRequestLog();
    sim.inject({ path: "/v1/gpu/instance/start", method: "POST", kind: "status", status: 502, phase: "after" });
    await expect(client.startInstance(id)).resolves.toBeDefined();
    expect(statuses("start")).toEqual([502, 400]);
    expect(["toStart", "starting", "running"]).toContain(sim.instance(id)!.status);
});

test("a refusal of the first attempt stands: stopping an exited instance is an invalid state change error", async () => {
    await client.stopInstance(id);
    await until("exited");
    const e = await client.stopInstance(id).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NovitaApiError);
    expect((e as NovitaApiError).attempts).toBe(1);
    expect((e as NovitaApiError).apiMessage).toMatch(/invalid state change/);
});
