/** The helpers of `pulumi-novita/testing` that users assert with (README "Testing your stack"). */
import * as novita from "pulumi-novita";
import { startSimulator } from "pulumi-novita/simulator";
import { NovitaClient } from "../../src/api/client";
import { changesOf, planOf, plainOutputs, progressLines, startNovitaTestStack } from "pulumi-novita/testing";

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
