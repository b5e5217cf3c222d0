// stack.test.ts — runs the program against the embedded Novita simulator; no account, no Pulumi CLI.
import * as novita from "pulumi-novita";
import { hasNoChanges, planOf, plainOutputs, startNovitaTestStack, type NovitaTestStack } from "pulumi-novita/testing";

// In your project: `import program = require("../index");` (your `export = async () => { … }`).
const program = async () => {
    const trainer = new novita.GpuInstance("trainer", {
        placement: { productName: "RTX 4090", billingMode: "spotThenOnDemand", maxPricePerHour: 0.5 },
        imageUrl: "nvcr.io/nvidia/pytorch:24.05-py3",
        envs: { WANDB_API_KEY: "test-key" },
    });
    return { region: trainer.clusterName, billingMode: trainer.billingMode, envs: trainer.envs };
};

let stack: NovitaTestStack;
beforeEach(async () => (stack = await startNovitaTestStack()));
afterEach(() => stack.close());

test("creates a spot instance, converges, destroys cleanly", async () => {
    const up = await stack.engine.up(program);
    expect(planOf(up)).toEqual({ trainer: "create" });
    expect(plainOutputs(up)).toEqual({ region: "AS-SGP-02", billingMode: "spot", envs: "[secret]" });
    expect(stack.instanceFor("trainer")?.status).toBe("running");

    expect(hasNoChanges(await stack.engine.preview(program))).toBe(true);

    await stack.engine.destroy();
    expect(stack.orphans()).toEqual([]);
    expect(stack.liveInstances()).toEqual([]);
});

test("falls back to on-demand when no spot capacity is left", async () => {
    for (const [product, cluster] of [["4090.16c62g", "as-sgp-2"], ["4090.16c62g", "cn-hongkong-1"], ["4090.16c96g.v2", "as-in-1"]]) {
        stack.simulator.setSoldOut(product, cluster, "spot");
    }
    const up = await stack.engine.up(program);
    expect(plainOutputs(up)).toMatchObject({ region: "AS-SGP-02", billingMode: "onDemand" });
    await stack.engine.destroy();
});
