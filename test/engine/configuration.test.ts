/** Credentials reach the provider through configure() (stack config) or the environment at call time — never the program. */
import * as novita from "../../src";
import { providerText } from "../../src/resources/shims";
import { OfflineEngine } from "../../src/testing";
import { startSimulator, type Simulator } from "../../src/simulator";
import { SIM_QUIRKS, TIME_SCALE } from "./harness";

let sim: Simulator;
let engine: OfflineEngine | undefined;
beforeEach(async () => (sim = await startSimulator({ timeScale: TIME_SCALE, quirks: SIM_QUIRKS })));
afterEach(async () => {
    await engine?.close();
    engine = undefined;
    await sim.close();
});

const program = () => void new novita.GpuInstance("gpu", { productId: "4090.16c62g", imageUrl: "nginx" });

test("NOVITA_API_KEY / NOVITA_BASE_URL in the provider's environment stand in for stack config", async () => {
    engine = new OfflineEngine({
        project: "p", stack: "s",
        env: { NOVITA_API_KEY: sim.apiKey, NOVITA_BASE_URL: sim.baseUrl, NOVITA_TIME_SCALE: String(TIME_SCALE) },
    });
    await engine.up(program);
    expect(sim.instances()).toHaveLength(1);
    const r = engine.state.find((x) => x.name === "gpu")!;
    expect(r.outputs.__provider).toBe(providerText("gpuInstance"));
    expect(JSON.stringify(engine.state)).not.toContain(sim.apiKey);
    await engine.destroy();
});

test("without a key anywhere, the error names novita:apiKey and NOVITA_API_KEY and nothing is created", async () => {
    engine = new OfflineEngine({ project: "p", stack: "s", config: { "novita:baseUrl": sim.baseUrl }, env: { NOVITA_API_KEY: "" } });
    const err = await engine.up(program).catch((e) => e);
    expect(err.message).toMatch(/novita:apiKey.*NOVITA_API_KEY/);
    expect(sim.requestLog()).toHaveLength(0);
});

test("an invalid key is one clear 403 INVALID_API_KEY that does not echo the key", async () => {
    engine = new OfflineEngine({
        project: "p", stack: "s",
        config: { "novita:apiKey": { value: "sk_this_is_not_valid_123", secret: true }, "novita:baseUrl": sim.baseUrl, "novita:timeScale": String(TIME_SCALE) },
    });
    const err = await engine.up(program).catch((e) => e);
    expect(err.message).toMatch(/403/);
    expect(err.message).toMatch(/INVALID_API_KEY/);
    expect(JSON.stringify(err.result)).not.toContain("sk_this_is_not_valid_123");
    expect(sim.instances()).toHaveLength(0);
});

test("stack config wins over the environment", async () => {
    engine = new OfflineEngine({
        project: "p", stack: "s",
        config: { "novita:apiKey": { value: sim.apiKey, secret: true }, "novita:baseUrl": sim.baseUrl, "novita:timeScale": String(TIME_SCALE) },
        env: { NOVITA_API_KEY: "sk_env_key_loses_000000", NOVITA_BASE_URL: "http://127.0.0.1:9" },
    });
    await engine.up(program);
    expect(sim.instances()).toHaveLength(1);
    await engine.destroy();
});
