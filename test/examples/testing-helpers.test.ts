/** The helpers of `pulumi-novita/testing` that users assert with (README "Testing your stack"). */
import * as novita from "pulumi-novita";
import { startSimulator } from "pulumi-novita/simulator";
import { NovitaClient } from "../../src/api/client";
import {
    advanceToStatus,
    changesOf,
    GPU_INSTANCE_TYPE,
    instanceOrphans,
    planOf,
    plainOutputs,
    plaintextLeaks,
    progressLines,
    startNovitaTestStack,
    type OperationResult,
    type StateResource,
} from "pulumi-novita/testing";

const program = () => {
    const auth = new novita.RegistryAuth("same", { username: "u", password: "pw-helpers-1" });
    const gpu = new novita.GpuInstance("same", { productId: "4090.16c62g", clusterId: "as-sgp-2", imageUrl: "img:1", imageAuthId: auth.id });
    return { password: auth.password, id: gpu.id };
};

test("orphans() names live instances missing from state and state entries gone from the simulator", async () => {
    const stack = await startNovitaTestStack();
    try {
        await stack.engine.up(program);
        expect(stack.orphans()).toEqual([]);
        const managed = stack.instanceFor("same")!;
        const client = new NovitaClient({ apiKey: stack.simulator.apiKey, baseUrl: stack.simulator.baseUrl, timeScale: 0.001 });
        const stray = await client.createInstance({ name: "stray", productId: "3090.16c92g", gpuNum: 1, rootfsSize: 20, imageUrl: "img:1", kind: "gpu", billingMode: "onDemand" });
        stack.simulator.outOfBand.delete(managed.id);
        expect(stack.orphans()).toEqual([
            expect.stringMatching(new RegExp(`^instance stray \\(${stray.id}, \\w+\\) exists but is not in the stack's state$`)),
            `resource same (${managed.id}) is in the stack's state but not live in the simulator`,
        ]);
        stack.simulator.outOfBand.delete(stray.id);
        await stack.engine.refresh();
        await stack.engine.destroy();
        expect(stack.orphans()).toEqual([]);
    } finally {
        await stack.close();
    }
});

test("planOf keys a name shared by two resource types as Type::name; plainOutputs masks or reveals secrets, shows unknowns", async () => {
    const stack = await startNovitaTestStack({ project: "helpers", stack: "ci" });
    try {
        expect(plainOutputs(await stack.engine.preview(program))).toEqual({ password: "[secret]", id: "[unknown]" });
        const up = await stack.engine.up(program);
        expect(planOf(up)).toEqual({ "RegistryAuth::same": "create", "GpuInstance::same": "create" });
        expect(changesOf(up).map((c) => c.op)).toEqual(["create", "create"]);
        expect(plainOutputs(up)).toEqual({ password: "[secret]", id: expect.any(String) });
        expect(plainOutputs(up, { reveal: true }).password).toBe("pw-helpers-1");
        expect(progressLines(up).at(-1)).toMatch(/^\[novita\] same-[0-9a-f]+ \([0-9a-f]+\): running \(/);
        expect(stack.config["novita:apiKey"]).toEqual({ value: stack.simulator.apiKey, secret: true });
        await stack.engine.destroy();
    } finally {
        await stack.close();
    }
});

test("a simulator passed in is shared, its time scale used, and left running by close()", async () => {
    const sim = await startSimulator({ timeScale: 0.002 });
    try {
        const stack = await startNovitaTestStack({ simulator: sim });
        expect(stack.config["novita:timeScale"]).toBe("0.002");
        await stack.close();
        const res = await fetch(`${sim.baseUrl}/v1/clusters`, { headers: { Authorization: `Bearer ${sim.apiKey}` } });
        expect(res.status).toBe(200);
    } finally {
        await sim.close();
    }
});

/** A GpuInstance state entry, as the engine records one, for the pure checks. */
const gpuEntry = (name: string, id: string, extra: Partial<StateResource> = {}): StateResource => ({
    urn: `urn:pulumi:dev::p::${GPU_INSTANCE_TYPE}::${name}`, type: GPU_INSTANCE_TYPE, name, custom: true, id, inputs: {}, outputs: { name },
    dependencies: [], propertyDependencies: {}, secretKeys: [], secretInputKeys: [], ...extra,
});

test("instanceOrphans reports an instance held by two resources, and one held only by a replacement's pending delete", async () => {
    const sim = await startSimulator({ timeScale: 0.001 });
    try {
        const client = new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, timeScale: 0.001 });
        const make = (name: string) => client.createInstance({ name, productId: "3090.16c92g", gpuNum: 1, rootfsSize: 20, imageUrl: "img:1", kind: "gpu", billingMode: "onDemand" });
        const [a, old] = [(await make("a")).id, (await make("old")).id];
        expect(instanceOrphans(sim, [gpuEntry("a", a), gpuEntry("old", old)])).toEqual([]);
        expect(instanceOrphans(sim, [gpuEntry("a", a), gpuEntry("b", a), gpuEntry("old", old, { pendingDelete: true })])).toEqual([
            expect.stringMatching(new RegExp(`^instance old \\(${old}, \\w+\\) is in the stack's state only as the pending delete of resource old$`)),
            `resources a, b all hold instance ${a}`,
        ]);
        // Read resources (`.get`) are not the stack's: their instances are orphans as far as the stack goes.
        expect(instanceOrphans(sim, [gpuEntry("a", a), gpuEntry("old", old, { external: true })])).toEqual([expect.stringMatching(/^instance old .* exists but is not in the stack's state$/)]);
    } finally {
        await sim.close();
    }
});

test("plaintextLeaks names where a secret is readable (not the secret), and leaves secret outputs and step inputs alone", () => {
    const secret = "pw-leak-check-1";
    const result: OperationResult = {
        kind: "up", project: "p", stack: "dev", outputs: { shown: `x${secret}` }, rpcs: [],
        steps: [{ urn: "u", type: GPU_INSTANCE_TYPE, name: "gpu", op: "create", inputs: { password: secret } }],
        summary: { create: 1, update: 0, replace: 0, delete: 0, same: 0, read: 0, refresh: 0, discard: 0, failed: 0 },
        diagnostics: [{ severity: "info", source: "provider", message: `password ${secret}` }],
    };
    const state = [
        gpuEntry("kept", "1", { outputs: { password: secret }, secretKeys: ["password"] }),
        gpuEntry("open", "2", { outputs: { env: [{ value: secret }] }, inputs: { password: secret } }),
        gpuEntry("code", "3", { outputs: { __provider: `exports.k = "${secret}"` }, secretKeys: ["__provider"] }),
    ];
    const leaks = plaintextLeaks([result], ["", "other", secret], state);
    expect(leaks).toEqual([
        "state open.env holds secret #3 in plaintext",
        "state code.__provider holds secret #3 in plaintext",
        "up diagnostic (provider) holds secret #3 in plaintext",
        "up stack outputs holds secret #3 in plaintext",
    ]);
    expect(leaks.join("\n")).not.toContain(secret);
    expect(plaintextLeaks([{ ...result, outputs: {}, diagnostics: [] }], [secret])).toEqual([]);
});

test("a stack's plaintextLeaks always looks for the simulator's API key; advanceToStatus brings an instance to a status on the simulator's clock, or says it cannot", async () => {
    const stack = await startNovitaTestStack();
    try {
        const up = await stack.engine.up(program);
        expect(stack.plaintextLeaks([up], ["pw-helpers-1"])).toEqual([]);
        const printed = { ...up, diagnostics: [{ severity: "info" as const, source: "provider" as const, message: `key ${stack.simulator.apiKey}` }] };
        expect(stack.plaintextLeaks([printed])).toEqual(["up diagnostic (provider) holds secret #1 in plaintext"]);

        const id = stack.instanceFor("same")!.id;
        stack.simulator.outOfBand.stop(id);
        advanceToStatus(stack.simulator, id, "exited");
        expect(stack.simulator.instance(id)!.status).toBe("exited");
        expect(() => advanceToStatus(stack.simulator, id, "running", 60)).toThrow(`${id} never reached running within 60 s of simulated time (now exited)`);
        await stack.engine.refresh();
        await stack.engine.destroy();
    } finally {
        await stack.close();
    }
});
