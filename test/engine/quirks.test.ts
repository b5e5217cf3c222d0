/**
 * A representative GpuInstance lifecycle through the offline engine against a simulator in quirks mode, whatever
 * NOVITA_SIM_QUIRKS says: answers as varied as the real API's (numbers as strings or numbers, `""` and `null` for
 * absent values, `Id` beside `id`, unknown fields) and instances made outside Pulumi on the account (a console
 * instance with an unknown status and a udp port, a CPU instance). The stack must behave exactly as on a plain
 * simulator, never touch the outside instances, and show no drift that is only a difference of spelling.
 */
import * as novita from "../../src";
import { GPU, simStatus, startNovitaStack, type NovitaStack } from "./harness";

let s: NovitaStack;
let outside: Record<string, unknown>[];
beforeEach(async () => {
    s = await startNovitaStack({ quirks: true }, { "novita:debug": "true" });
    outside = s.sim.outsideInstances();
});
afterEach(async () => {
    const after = s.sim.outsideInstances();
    const ids = new Set<unknown>(outside.map((o) => o.id ?? o.Id).filter((id) => typeof id === "string"));
    const touching = s.sim.requestLog().filter((r) => r.method === "POST" && ids.has((r.body as { instanceId?: string })?.instanceId));
    await s.dispose();
    // Whatever the test did, what was made outside Pulumi is still there, unchanged, and nothing acted on it.
    expect(after).toEqual(outside);
    expect(touching).toEqual([]);
});

const base: novita.GpuInstanceArgs = { productId: "4090.16c62g", clusterId: "as-sgp-2", imageUrl: "nginx:1.27", ports: ["8888/http"], envs: { MODE: "train" } };
const stack = (args: Partial<novita.GpuInstanceArgs> = {}) => () => {
    const gpu = new novita.GpuInstance("trainer", { ...base, ...args });
    return { id: gpu.id, status: gpu.status };
};
const step = (r: { steps: { name: string; op: string; changedKeys?: string[] }[] }, name = "trainer") => r.steps.find((x) => x.name === name)!;

test("up, no-op up, refresh, update, drift and destroy behave as on a plain simulator", async () => {
    expect(outside.map((o) => o.name)).toEqual(["console-notebook", "cpu-worker"]);
    const up = await s.engine.up(stack());
    expect(step(up).op).toBe("create");
    const outs = s.byName("trainer").outputs;
    expect(outs).toMatchObject({
        status: "running", state: "running", productId: "4090.16c62g", clusterId: "as-sgp-2", clusterName: "AS-SGP-02",
        gpuNum: 1, cpuNum: 16, memory: 62, billingMode: "onDemand", rootfsSize: 60, pricePerHour: 0.35,
    });
    expect(outs.portMappings).toEqual([{ port: 8888, type: "http", endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) }]);
    s.assertInstancesMatchState();

    s.sim.clearRequestLog();
    expect(step(await s.engine.up(stack())).op).toBe("same");
    expect(s.sim.requestLog()).toHaveLength(0);

    // A refresh reads the quirky encoding: nothing but spelling differs, so nothing changes.
    const r = await s.engine.refresh();
    expect(step(r).changedKeys ?? []).toEqual([]);
    expect(step(await s.engine.up(stack())).op).toBe("same");

    const update = await s.engine.up(stack({ envs: { MODE: "serve" } }));
    expect(step(update)).toMatchObject({ op: "update", changedKeys: ["envs"] });

    const id = s.byName("trainer").id;
    await simStatus(s.sim, id, "running");
    s.sim.outOfBand.stop(id);
    await simStatus(s.sim, id, "exited");
    const drift = await s.engine.refresh();
    expect(step(drift).changedKeys).toEqual(expect.arrayContaining(["state", "status"]));
    expect(step(await s.engine.up(stack({ envs: { MODE: "serve" } })))).toMatchObject({ op: "update", changedKeys: ["state"] });

    await s.engine.destroy();
    expect(s.sim.instances()).toHaveLength(0);
    expect(s.resources(GPU)).toHaveLength(0);
});

test("placement records the product, cluster and billing mode it chose, even where the API answers billingMode \"\"", async () => {
    await s.engine.up(() => void new novita.GpuInstance("gpu", { placement: { productName: "RTX 4090", regions: ["AS-SGP-02"] }, imageUrl: "nginx" }));
    const outs = s.byName("gpu").outputs;
    expect(outs).toMatchObject({ productId: "4090.16c62g", clusterId: "as-sgp-2", billingMode: "onDemand" });
    expect(step(await s.engine.up(() => void new novita.GpuInstance("gpu", { placement: { productName: "RTX 4090", regions: ["AS-SGP-02"] }, imageUrl: "nginx" })), "gpu").op).toBe("same");
    s.assertInstancesMatchState();
});

test("an instance from a template with a udp port runs with the template's http port and no udp", async () => {
    const program = () => void new novita.GpuInstance("dns", { productId: "4090.16c62g", templateId: "101" });
    await s.engine.up(program);
    const i = s.sim.instance(s.byName("dns").id)!;
    expect(i).toMatchObject({ imageUrl: "coredns/coredns:1.11.1", rootfsSize: 20 });
    expect(i.ports).toEqual([{ port: 8888, type: "http" }]);
    expect(step(await s.engine.up(program), "dns").op).toBe("same");
});

test("an unreadable item already on the account under the same name is skipped with a debug line, and the create goes on", async () => {
    // No id: the client cannot use it. It was there before the create, so it is not taken for the new instance.
    s.sim.addOutsideInstance({ name: "half-made", status: "creating", gpuNum: "1" });
    outside = s.sim.outsideInstances();
    const up = await s.engine.up(stack({ name: "half-made" }));
    expect(step(up).op).toBe("create");
    const lines = up.diagnostics.map((d) => d.message).join("\n");
    expect(lines).toMatch(/skipped unreadable instances item \d+ \("half-made"\): id: /);
    expect(s.sim.instances().map((i) => i.name)).toEqual(["half-made"]);
    s.assertInstancesMatchState();
});
