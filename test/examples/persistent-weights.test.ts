import { changesOf, hasNoChanges, planOf, plainOutputs, startNovitaTestStack, type NovitaTestStack } from "pulumi-novita/testing";
import { loadExample, startExample } from "./helpers";

const example = loadExample("persistent-weights");
const stacks: NovitaTestStack[] = [];
afterEach(async () => {
    for (const s of stacks.splice(0).reverse()) await s.close();
});

test("persistent weights: a 100 GB volume in US-CA-06 mounted at /models by an instance placed there; converges; destroys both", async () => {
    const stack = await startExample(example);
    stacks.push(stack);
    const up = await stack.engine.up(example.program);
    expect(planOf(up)).toEqual({ weights: "create", inference: "create" });
    const [volume] = stack.simulator.networkStorages();
    expect(plainOutputs(up)).toEqual({
        volume: volume!.name,
        volumeRegion: "US-CA-06",
        volumeSizeGb: 100,
        serverRegion: "US-CA-06", // AS-SGP-02 is listed first, but the volume is in US-CA-06
        endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
    expect(volume).toMatchObject({ name: expect.stringMatching(/^weights-[0-9a-f]{7}$/), size: 100, clusterId: "us-ca-6" });
    expect(stack.instanceFor("inference")).toMatchObject({ status: "running", clusterId: "us-ca-6", networkStorages: [{ id: volume!.id, mountPoint: "/models" }] });
    expect(stack.orphans()).toEqual([]);

    expect(hasNoChanges(await stack.engine.preview(example.program))).toBe(true);

    await stack.engine.destroy();
    expect(stack.liveInstances()).toEqual([]);
    expect(stack.simulator.networkStorages()).toEqual([]);
});

test("growing the volume (volumeSizeGb 200) is one in-place update; the instance and its mount are untouched", async () => {
    const first = await startExample(example);
    stacks.push(first);
    await first.engine.up(example.program);
    const instanceId = first.instanceFor("inference")!.id;
    const volumeId = first.simulator.networkStorages()[0]!.id;

    // Same simulator and state, new stack config: what `pulumi config set volumeSizeGb 200` does.
    const second = await startNovitaTestStack({
        simulator: first.simulator, project: example.project, stack: "dev", config: { volumeSizeGb: "200" },
        engine: { providerCwd: example.dir, state: first.engine.state },
    });
    stacks.push(second);
    const up = await second.engine.up(example.program);
    expect(changesOf(up).map((c) => [c.name, c.op, c.changedKeys])).toEqual([["weights", "update", ["size"]]]);
    expect(second.simulator.networkStorages()).toEqual([expect.objectContaining({ id: volumeId, size: 200, mountedBy: [instanceId] })]);
    expect(second.instanceFor("inference")).toMatchObject({ id: instanceId, status: "running" });
    await second.engine.destroy();
    expect(second.simulator.networkStorages()).toEqual([]);
});
