/**
 * Refresh and destroy configure the provider from state, as Pulumi's engine does: the default
 * `pulumi:providers:pulumi-nodejs` provider recorded by the last `up`, whose inputs are the stack config of that
 * `up` (resource/deploy/deployment.go EnsureProvider → providers/registry.go Same). So after `novita:apiKey` is
 * rotated (the old key revoked), refresh and destroy fail until an `up` records the new key. The same scenario
 * runs under the real CLI in test/cli/engine-rules-config.test.ts.
 */
import * as novita from "../../src";
import { DeploymentError, OfflineEngine, type ConfigValue, type StateResource } from "../../src/testing";
import { startSimulator, type Simulator } from "../../src/simulator";
import { closedPort } from "../simulator/helpers";
import { GPU, TIME_SCALE } from "./harness";

const PROVIDER = "pulumi:providers:pulumi-nodejs";
let sim: Simulator;
const engines: OfflineEngine[] = [];
beforeEach(async () => (sim = await startSimulator({ timeScale: TIME_SCALE, seed: 1, apiKey: "sk_sim_key_a_0123456789abcdef" })));
afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.close()));
    await sim.close();
});

const program = () => void new novita.GpuInstance("gpu", { productId: "4090.16c62g", imageUrl: "nginx" });

/** An engine for the same stack, as `pulumi` would see it with this stack config and the state saved so far. */
function engineWith(config: Record<string, ConfigValue>, state: readonly StateResource[] = []): OfflineEngine {
    const engine = new OfflineEngine({
        project: "p",
        stack: "dev",
        config: { "novita:apiKey": { value: sim.apiKey, secret: true }, "novita:baseUrl": sim.baseUrl, "novita:timeScale": String(TIME_SCALE), ...config },
        state,
    });
    engines.push(engine);
    return engine;
}

const providerEntry = (state: StateResource[]) => state.find((r) => r.type === PROVIDER)!;
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error("expected the operation to fail"); }, (e: unknown) => e as DeploymentError);

test("up records the default provider with the stack config (the key secret), before the resources that reference it", async () => {
    const engine = engineWith({});
    await engine.up(program);
    const state = engine.state;
    const provider = providerEntry(state);
    expect(provider).toMatchObject({
        urn: "urn:pulumi:dev::p::pulumi:providers:pulumi-nodejs::default",
        custom: true,
        inputs: { "novita:apiKey": sim.apiKey, "novita:baseUrl": sim.baseUrl, "novita:timeScale": String(TIME_SCALE) },
        secretInputKeys: ["novita:apiKey"],
        secretKeys: ["novita:apiKey"],
    });
    expect(provider.outputs).toEqual(provider.inputs);
    const gpu = state.find((r) => r.type === GPU)!;
    expect(gpu.provider).toBe(`${provider.urn}::${provider.id}`);
    expect(state.indexOf(provider)).toBeLessThan(state.indexOf(gpu));

    await engine.up(program);
    expect(providerEntry(engine.state).id).toBe(provider.id); // same provider, updated in place
    await engine.destroy();
    expect(engine.state.filter((r) => r.custom)).toEqual([]); // the provider leaves with its last resource
});

test("after a key rotation, destroy, refresh and up --refresh fail with 403 INVALID_API_KEY naming novita:apiKey; an up records the new key, then destroy succeeds", async () => {
    const keyA = sim.apiKey;
    const first = engineWith({});
    await first.up(program);
    const id = sim.instances()[0].id;

    const keyB = sim.rotateApiKey("sk_sim_key_b_fedcba9876543210"); // Novita console: regenerate key; A is revoked
    const rotated = engineWith({ "novita:apiKey": { value: keyB, secret: true } }, first.state);

    const destroy = await failure(rotated.destroy());
    expect(destroy).toBeInstanceOf(DeploymentError);
    expect(destroy.message).toContain("403 INVALID_API_KEY");
    expect(destroy.message).toContain("The API key from stack config novita:apiKey was refused");
    expect(destroy.message).toContain("saved by the last `pulumi up`");
    for (const key of [keyA, keyB]) expect(JSON.stringify(destroy.result)).not.toContain(key);
    expect(sim.instance(id)?.status).toBe("running");

    expect((await failure(rotated.refresh())).message).toContain("403 INVALID_API_KEY");
    // `up --refresh` does not help: its refresh runs before the program, with the provider recorded in state.
    const upRefresh = await failure(rotated.up(program, { refresh: true }));
    expect(upRefresh.message).toContain("403 INVALID_API_KEY");
    expect(upRefresh.result.rpcs.map((c) => c.method)).not.toContain("check"); // the program never ran
    expect(providerEntry(rotated.state).inputs["novita:apiKey"]).toBe(keyA);

    const up = await rotated.up(program);
    expect(up.steps.find((s) => s.name === "gpu")).toMatchObject({ op: "same", id });
    expect(providerEntry(rotated.state).inputs["novita:apiKey"]).toBe(keyB);

    await rotated.refresh();
    await rotated.destroy();
    expect(sim.instance(id)?.status).not.toBe("running");
    expect(rotated.state.filter((r) => r.custom)).toEqual([]);
});

test("a changed novita:baseUrl is not used by destroy until an up: it still deletes through the recorded URL", async () => {
    const first = engineWith({});
    await first.up(program);
    const id = sim.instances()[0].id;
    const moved = engineWith({ "novita:baseUrl": `http://127.0.0.1:${await closedPort()}/gpu-instance/openapi` }, first.state);
    const destroyed = await moved.destroy();
    expect(destroyed.steps.find((s) => s.name === "gpu")).toMatchObject({ op: "delete", oldId: id });
    expect(sim.instances().filter((i) => i.status === "running")).toEqual([]);
});

test("a state saved before providers were recorded (no provider entry) refreshes and destroys with the current config", async () => {
    const first = engineWith({});
    await first.up(program);
    const legacy = first.state.filter((r) => r.type !== PROVIDER).map(({ provider: _p, ...r }) => r);
    const keyB = sim.rotateApiKey();
    const engine = engineWith({ "novita:apiKey": { value: keyB, secret: true } }, legacy);
    await engine.refresh();
    await engine.destroy();
    expect(sim.instances().filter((i) => i.status === "running")).toEqual([]);
});

test("a resource whose provider reference is not in the state fails to delete, naming the reference", async () => {
    const first = engineWith({});
    await first.up(program);
    const broken = first.state.map((r) => (r.type === GPU ? { ...r, provider: "urn:pulumi:dev::p::pulumi:providers:pulumi-nodejs::default::nope" } : r));
    const err = await failure(engineWith({}, broken).destroy());
    expect(err.message).toContain("could not find provider urn:pulumi:dev::p::pulumi:providers:pulumi-nodejs::default::nope");
    expect(sim.instances()).toHaveLength(1);
});
