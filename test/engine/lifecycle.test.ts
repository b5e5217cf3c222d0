/** GpuInstance through the offline engine and the real dynamic-provider server, against the simulator. */
import * as novita from "../../src";
import { NovitaClient } from "../../src/api/client";
import { DeploymentError } from "../../src/testing";
import { GPU, simStatus, startNovitaStack, type NovitaStack } from "./harness";

let s: NovitaStack;
beforeEach(async () => (s = await startNovitaStack()));
afterEach(() => s.dispose());

const base: novita.GpuInstanceArgs = { productId: "4090.16c62g", clusterId: "as-sgp-2", imageUrl: "nginx:1.27", ports: ["8888/http"], envs: { MODE: "train", TOKEN: "env-secret-1" } };
const stack = (args: Partial<novita.GpuInstanceArgs> = {}) => () => {
    const gpu = new novita.GpuInstance("trainer", { ...base, ...args });
    return { id: gpu.id, status: gpu.status, state: gpu.state, price: gpu.pricePerHour, mappings: gpu.portMappings, envs: gpu.envs, name: gpu.name };
};
const instance = () => s.sim.instance(s.byName("trainer").id)!;
const mutations = () => s.sim.requestLog().filter((r) => r.method === "POST").map((r) => r.path.replace("/v1/gpu/instance/", ""));
const step = (r: { steps: { name: string; op: string; changedKeys?: string[]; replaces?: string[] }[] }) => r.steps.find((x) => x.name === "trainer")!;

test("preview plans a create and touches nothing", async () => {
    const pv = await s.engine.preview(stack());
    expect(step(pv).op).toBe("create");
    expect(pv.rpcs.map((r) => r.method)).toEqual(["configure", "check"]);
    expect(s.sim.requestLog()).toHaveLength(0);
    expect(s.sim.instances()).toHaveLength(0);
});

test("up creates a running instance with complete outputs; a second up changes nothing and calls nothing", async () => {
    const up = await s.engine.up(stack());
    expect(step(up).op).toBe("create");
    const outs = s.byName("trainer").outputs;
    expect(outs).toMatchObject({
        status: "running", state: "running", productId: "4090.16c62g", productName: "RTX 4090 24GB", clusterId: "as-sgp-2",
        clusterName: "AS-SGP-02", gpuNum: 1, billingMode: "onDemand", pricePerHour: 0.35, rootfsSize: 60, kind: "gpu",
        timeouts: { create: "15m", update: "15m", delete: "10m" },
    });
    expect(outs.portMappings).toEqual([{ port: 8888, type: "http", endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) }]);
    expect(String(outs.name)).toMatch(/^trainer-[0-9a-f]{7}$/);
    expect(typeof outs.createdAt).toBe("string");
    expect(up.diagnostics.some((d) => /trainer-\w+ \(\w+\): running \(/.test(d.message))).toBe(true);
    s.assertInstancesMatchState();

    s.sim.clearRequestLog();
    const again = await s.engine.up(stack());
    expect(step(again).op).toBe("same");
    expect(again.rpcs.map((r) => r.method)).toEqual(["configure", "check", "diff"]);
    expect(s.sim.requestLog()).toHaveLength(0);
    s.assertInstancesMatchState();
});

test("env and port order, and spelled-out defaults, never show as changes", async () => {
    await s.engine.up(stack({ ports: ["8888/http", "22/tcp"] }));
    const again = await s.engine.up(stack({ ports: [{ port: 22, type: "tcp" }, "8888/http"], envs: [{ key: "TOKEN", value: "env-secret-1" }, { key: "MODE", value: "train" }], gpuNum: 1, rootfsSize: 60, state: "running", timeouts: { create: "15m" } }));
    expect(step(again).op).toBe("same");
});

describe("update classes", () => {
    beforeEach(async () => {
        await s.engine.up(stack());
        s.sim.clearRequestLog();
    });

    test("ports: edited in place, no restart, no upgrade", async () => {
        const up = await s.engine.up(stack({ ports: ["8888/http", "7860/http"] }));
        expect(step(up)).toMatchObject({ op: "update", changedKeys: ["ports"] });
        expect(mutations()).toEqual(["edit"]);
        expect(instance().ports.map((p) => p.port).sort()).toEqual([7860, 8888]);
        expect(instance().status).toBe("running");
    });

    test("a bigger root disk is expanded in place by the difference", async () => {
        const up = await s.engine.up(stack({ rootfsSize: 100 }));
        expect(step(up).op).toBe("update");
        expect(mutations()).toEqual(["edit"]);
        expect(s.sim.requestLog().find((r) => r.path.endsWith("/edit"))!.body).toMatchObject({ expandRootDisk: 40 });
        expect(instance().rootfsSize).toBe(100);
    });

    test("image, envs and command go through one upgrade (container reset, same instance)", async () => {
        const id = s.byName("trainer").id;
        const up = await s.engine.up(stack({ imageUrl: "nginx:1.28", envs: { MODE: "serve", TOKEN: "env-secret-1" }, command: "nginx -g 'daemon off;'" }));
        expect(step(up)).toMatchObject({ op: "update", changedKeys: expect.arrayContaining(["imageUrl", "envs", "command"]) });
        expect(mutations()).toEqual(["upgrade"]);
        expect(instance()).toMatchObject({ id, imageUrl: "nginx:1.28", command: "nginx -g 'daemon off;'", status: "running" });
        expect(instance().envs).toContainEqual({ key: "MODE", value: "serve" });
        s.assertInstancesMatchState();
    });

    test("state stops and starts the instance", async () => {
        await s.engine.up(stack({ state: "stopped" }));
        expect(mutations()).toEqual(["stop"]);
        expect(instance().status).toBe("exited");
        expect(s.byName("trainer").outputs.state).toBe("stopped");
        await s.engine.up(stack({ state: "running" }));
        expect(mutations()).toEqual(["stop", "start"]);
        expect(instance().status).toBe("running");
    });

    test("timeouts change without any API call", async () => {
        const up = await s.engine.up(stack({ timeouts: { create: "30m" } }));
        expect(step(up)).toMatchObject({ op: "update", changedKeys: ["timeouts"] });
        expect(s.sim.requestLog()).toHaveLength(0);
        expect(s.byName("trainer").outputs.timeouts).toEqual({ create: "30m", update: "15m", delete: "10m" });
    });
});

describe("replacements", () => {
    test.each([
        ["gpuNum", { gpuNum: 2 }],
        ["rootfsSize", { rootfsSize: 30 }],
        ["clusterId", { clusterId: "us-ca-6" }],
    ])("%s: a new instance is created first, the old one deleted at the end, under a fresh auto-name", async (key, patch) => {
        await s.engine.up(stack());
        const old = s.byName("trainer");
        const up = await s.engine.up(stack(patch as Partial<novita.GpuInstanceArgs>));
        expect(step(up)).toMatchObject({ op: "replace", replaces: [key] });
        const now = s.byName("trainer");
        expect(now.id).not.toBe(old.id);
        expect(now.outputs.name).not.toBe(old.outputs.name);
        const posts = mutations();
        expect(posts.indexOf("create")).toBeLessThan(posts.indexOf("delete"));
        expect(s.sim.instance(old.id)?.status ?? "removed").toBe("removed");
        s.assertInstancesMatchState();
    });

    test("an explicit name change replaces (Novita has no rename)", async () => {
        await s.engine.up(stack({ name: "alpha" }));
        const up = await s.engine.up(stack({ name: "beta" }));
        expect(step(up)).toMatchObject({ op: "replace", replaces: ["name"] });
        expect(s.sim.instances().map((i) => i.name)).toEqual(["beta"]);
    });
});

describe("refresh finds drift, up converges", () => {
    test("an instance stopped in the console shows as state drift and the next up starts it", async () => {
        await s.engine.up(stack());
        const id = s.byName("trainer").id;
        await simStatus(s.sim, id, "running");
        s.sim.outOfBand.stop(id);
        await simStatus(s.sim, id, "exited");
        const r = await s.engine.refresh();
        expect(r.steps.find((x) => x.name === "trainer")!.changedKeys).toEqual(expect.arrayContaining(["state", "status"]));
        expect(s.byName("trainer").outputs.state).toBe("stopped");
        expect(s.byName("trainer").inputs.state).toBe("stopped");
        const up = await s.engine.up(stack());
        expect(step(up)).toMatchObject({ op: "update", changedKeys: ["state"] });
        expect(instance().status).toBe("running");
        expect(step(await s.engine.up(stack())).op).toBe("same");
    });

    test("a refresh of an unchanged stack leaves nothing to do (no perpetual diff)", async () => {
        await s.engine.up(stack());
        await s.engine.refresh();
        expect(step(await s.engine.up(stack())).op).toBe("same");
    });

    test("refresh Diffs each resource after reading it: an unchanged GpuInstance (both forms) and RegistryAuth are no change", async () => {
        const program = () => {
            new novita.GpuInstance("trainer", base);
            new novita.GpuInstance("placed", { placement: { productName: "RTX 4090" }, imageUrl: "nginx:1.27" });
            new novita.RegistryAuth("registry", { username: "ci", password: "registry-secret-1" });
        };
        await s.engine.up(program);
        const refreshed = await s.engine.refresh();
        expect(refreshed.rpcs.filter((c) => c.method === "diff")).toHaveLength(3);
        expect(refreshed.steps.filter((x) => x.type.startsWith("pulumi-nodejs:dynamic")).map((x) => [x.name, x.op]).sort()).toEqual([
            ["placed", "same"],
            ["registry", "same"],
            ["trainer", "same"],
        ]);
        expect(refreshed.summary.refresh).toBe(0);
    });

    test("an instance deleted in the console is dropped by refresh and recreated by up", async () => {
        await s.engine.up(stack());
        const id = s.byName("trainer").id;
        s.sim.outOfBand.delete(id);
        const refreshed = await s.engine.refresh();
        // The step's op is the CLI's result op for it (resOutputsEvent, summary): "delete" (test/cli/engine-rules-steps.test.ts).
        expect(refreshed.steps.find((x) => x.name === "trainer")).toMatchObject({ op: "delete", oldId: id });
        expect(refreshed.summary.delete).toBe(1);
        expect(s.resources(GPU)).toHaveLength(0);
        const up = await s.engine.up(stack());
        expect(step(up).op).toBe("create");
        s.assertInstancesMatchState();
    });
});

describe("failures never orphan a paid GPU", () => {
    test("stuck in pulling past the create timeout: recorded with its id, resumed by the next up", async () => {
        s.sim.stickNextCreate();
        const err = await s.engine.up(stack({ timeouts: { create: "10m" } })).catch((e) => e);
        expect(err).toBeInstanceOf(DeploymentError);
        expect(err.message).toMatch(/still pulling after .*waiting for running/);
        const recorded = s.byName("trainer");
        expect(recorded.initErrors?.length).toBe(1);
        expect(recorded.outputs.__provider).toBeDefined(); // so delete/read of the partial resource still work
        s.assertInstancesMatchState();
        s.sim.release(recorded.id);
        const up = await s.engine.up(stack({ timeouts: { create: "10m" } }));
        expect(step(up).op).toBe("update");
        expect(s.byName("trainer").id).toBe(recorded.id);
        expect(s.byName("trainer").initErrors ?? []).toEqual([]);
        expect(s.byName("trainer").outputs.status).toBe("running");
        expect(s.sim.instances()).toHaveLength(1);
    });

    test("a recorded partial instance can be destroyed", async () => {
        s.sim.stickNextCreate();
        await s.engine.up(stack({ timeouts: { create: "1m" } })).catch(() => undefined);
        await s.engine.destroy();
        expect(s.sim.instances()).toHaveLength(0);
    });

    test("an instance that fails to start is deleted, and the error says why", async () => {
        s.sim.failNextCreate({ message: "failed to pull image: manifest unknown" });
        const err = await s.engine.up(stack()).catch((e) => e);
        expect(err).toBeInstanceOf(DeploymentError);
        expect(err.message).toMatch(/manifest unknown.*deleted/);
        expect(s.resources(GPU)).toHaveLength(0);
        expect(s.sim.instances()).toHaveLength(0);
    });

    test("bad input is rejected by check with the property named, before any request", async () => {
        const err = await s.engine.up(stack({ gpuNum: 9, ports: ["2222/tcp"] })).catch((e) => e);
        expect(err).toBeInstanceOf(DeploymentError);
        expect(err.message).toMatch(/gpuNum/);
        expect(err.message).toMatch(/ports\[0\]\.port/);
        expect(s.sim.requestLog()).toHaveLength(0);
    });
});

test("destroy deletes every instance and waits until they are removed", async () => {
    await s.engine.up(() => {
        new novita.GpuInstance("a", base);
        new novita.GpuInstance("b", { ...base, state: "stopped" });
    });
    expect(s.sim.instances()).toHaveLength(2);
    const d = await s.engine.destroy();
    expect(d.summary.delete).toBeGreaterThanOrEqual(2);
    expect(s.sim.instances()).toHaveLength(0);
    expect(s.resources()).toHaveLength(0);
});

test("GpuInstance.get adopts an existing instance; destroy leaves it alone", async () => {
    const console = new NovitaClient({ apiKey: s.sim.apiKey, baseUrl: s.sim.baseUrl });
    const { id } = await console.createInstance({ name: "console-made", productId: "4090.16c62g", gpuNum: 1, rootfsSize: 60, imageUrl: "nginx", kind: "gpu" });
    const up = await s.engine.up(() => {
        const g = novita.GpuInstance.get("adopted", id);
        return { name: g.name, status: g.status };
    });
    expect(up.steps.find((x) => x.name === "adopted")!.op).toBe("read");
    expect(up.outputs).toMatchObject({ name: "console-made" });
    await s.engine.destroy();
    expect(s.sim.instance(id)!.status).not.toBe("removed");
});

test("secrets: env values are secret outputs and appear nowhere in plaintext", async () => {
    const up = await s.engine.up(stack());
    expect(s.byName("trainer").secretKeys).toEqual(expect.arrayContaining(["envs"]));
    s.assertNoPlaintext([up], ["env-secret-1", s.sim.apiKey]);
});

test("instances of one up share a single price lookup per cluster and billing mode", async () => {
    // The lookup is cached for 60 s of API time. Run the provider at time scale 1 so that means 60 real seconds
    // whatever the machine's load (instances still boot in milliseconds on the simulator's own clock).
    const real = await startNovitaStack({}, { "novita:timeScale": "1" });
    try {
        await real.engine.up(() => {
            for (let i = 0; i < 4; i++) new novita.GpuInstance(`g${i}`, { productId: "4090.16c62g", clusterId: "as-sgp-2", imageUrl: "nginx" });
        });
        expect(real.sim.requestLog().filter((r) => r.path === "/v1/products")).toHaveLength(1);
        expect(real.resources(GPU).map((r) => r.outputs.pricePerHour)).toEqual([0.35, 0.35, 0.35, 0.35]);
        real.assertInstancesMatchState();
    } finally {
        await real.dispose();
    }
});
