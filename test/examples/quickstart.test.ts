import { hasNoChanges, planOf, plainOutputs, type NovitaTestStack } from "pulumi-novita/testing";
import { loadExample, startExample } from "./helpers";

const example = loadExample("quickstart");
let stack: NovitaTestStack;
beforeEach(async () => (stack = await startExample(example)));
afterEach(() => stack.close());

test("quickstart: one JupyterLab instance on the cheapest RTX 4090 of the first default region; converges; destroys cleanly", async () => {
    const up = await stack.engine.up(example.program);
    expect(planOf(up)).toEqual({ notebook: "create" });
    expect(plainOutputs(up)).toEqual({
        jupyterUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), // the endpoint the simulator serves (issue #14)
        region: "AS-SGP-02",
        product: "RTX 4090 24GB",
        pricePerHour: 0.35,
    });
    const live = stack.instanceFor("notebook")!;
    expect(live).toMatchObject({ status: "running", productId: "4090.16c62g", billingMode: "onDemand", imageUrl: "pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime" });
    expect(stack.orphans()).toEqual([]);

    expect(hasNoChanges(await stack.engine.preview(example.program))).toBe(true);

    await stack.engine.destroy();
    expect(stack.liveInstances()).toEqual([]);
    expect(stack.orphans()).toEqual([]);
});
