import { startSimulator, type Simulator } from "../../src/simulator";
import { create, frozenSimulatorPerTest, get, post, status, waitForStatus } from "./helpers";

// The manual-clock tests freeze the wall clock (timeScale 1): simulated time moves only by advance().
describe("simulator out-of-band actions (as if done in the console)", () => {
    let sim: Simulator;
    frozenSimulatorPerTest({}, (s) => (sim = s));

    it("outOfBand.stop walks a running instance to exited; outOfBand.start brings it back", async () => {
        const id = await create(sim);
        sim.advance(61);
        sim.outOfBand.stop(id);
        expect(await status(sim, id)).toBe("toStop");
        sim.advance(6);
        expect(await status(sim, id)).toBe("exited");
        sim.outOfBand.start(id);
        sim.advance(6);
        expect(await status(sim, id)).toBe("running");
    });

    it("outOfBand.delete removes the instance, which then disappears after the retention", async () => {
        const id = await create(sim);
        sim.outOfBand.delete(id); // allowed in any live state, even while creating
        expect(await status(sim, id)).toBe("toRemove");
        sim.advance(6);
        expect(await status(sim, id)).toBe("removed");
        expect(sim.instances()).toEqual([]);
        sim.advance(31);
        expect((await get(sim, "/v1/gpu/instance", { instanceId: id })).json.reason).toBe("RESOURCE_NOT_FOUND");
    });

    it("out-of-band actions follow the same rules and throw on an illegal one", async () => {
        const id = await create(sim);
        expect(() => sim.outOfBand.stop(id)).toThrow(/invalid state change/);
        expect(() => sim.outOfBand.start("0000000000000000")).toThrow(/unknown instance/);
        sim.advance(61);
        sim.outOfBand.stop(id);
        sim.advance(6);
        sim.setSoldOut("4090.16c62g", "as-sgp-2"); // its GPU went back to the pool and was taken
        expect(() => sim.outOfBand.start(id)).toThrow(/INSUFFICIENT_RESOURCE/);
    });
});

describe("simulator instance behaviour controls", () => {
    let sim: Simulator;
    frozenSimulatorPerTest({ bootSeconds: 60 }, (s) => (sim = s));

    it("failNextCreate makes the next create fail: exited with statusError {state, message}", async () => {
        sim.failNextCreate({ message: "image pull failed" });
        const bad = await create(sim);
        const good = await create(sim);
        sim.advance(30);
        expect(await status(sim, bad)).toBe("pulling");
        expect((await get(sim, "/v1/gpu/instance", { instanceId: bad })).json.statusError).toBeUndefined();
        sim.advance(31);
        const i = (await get(sim, "/v1/gpu/instance", { instanceId: bad })).json;
        expect(i.status).toBe("exited");
        expect(i.statusError).toEqual({ state: "pulling", message: "image pull failed" });
        expect(await status(sim, good)).toBe("running");
        const listed = (await get(sim, "/v1/gpu/instances", { pageSize: 10, pageNum: 0 })).json.instances;
        expect(listed.find((x: { id: string }) => x.id === bad).statusError).toEqual({ state: "pulling", message: "image pull failed" });
        expect(sim.instance(bad)!.statusError).toEqual({ state: "pulling", message: "image pull failed" });
    });

    it("failNextCreate can target a product or cluster and several creates", async () => {
        sim.failNextCreate({ productId: "3090.16c92g", count: 2 });
        const other = await create(sim);
        const a = await create(sim, { productId: "3090.16c92g" });
        const b = await create(sim, { productId: "3090.16c92g" });
        const c = await create(sim, { productId: "3090.16c92g" });
        sim.advance(61);
        expect([await status(sim, other), await status(sim, a), await status(sim, b), await status(sim, c)]).toEqual(["running", "exited", "exited", "running"]);
        expect(sim.instance(a)!.statusError!.message).toBe("failed to pull image: manifest unknown");
    });

    it("starting a failed instance retries and clears statusError", async () => {
        sim.failNextCreate();
        const id = await create(sim);
        sim.advance(61);
        expect((await post(sim, "/v1/gpu/instance/start", { instanceId: id })).status).toBe(200);
        sim.advance(6);
        const i = (await get(sim, "/v1/gpu/instance", { instanceId: id })).json;
        expect([i.status, i.statusError]).toEqual(["running", undefined]);
    });

    it("stickNextCreate holds the instance in pulling until release(id)", async () => {
        sim.stickNextCreate();
        const stuck = await create(sim);
        const normal = await create(sim);
        sim.advance(600);
        expect(await status(sim, stuck)).toBe("pulling");
        expect(await status(sim, normal)).toBe("running");
        expect(sim.instance(stuck)!.stuck).toBe(true);
        sim.release(stuck);
        expect(await status(sim, stuck)).toBe("running");
    });

    it("stickInPulling(id) holds an instance that has not reached pulling yet", async () => {
        const id = await create(sim);
        sim.advance(10);
        expect(await status(sim, id)).toBe("creating");
        sim.stickInPulling(id);
        sim.advance(300);
        expect(await status(sim, id)).toBe("pulling");
        sim.release(id);
        expect(await status(sim, id)).toBe("running");
    });

    it("setBootSeconds changes the boot time of later creates", async () => {
        sim.setBootSeconds(600);
        const slow = await create(sim);
        sim.advance(250); // pulling starts at 35% = 210 s
        expect(await status(sim, slow)).toBe("pulling");
        sim.advance(351);
        expect(await status(sim, slow)).toBe("running");
    });

    it("instances() is a normalised snapshot of the live instances", async () => {
        await post(sim, "/v1/repository/auth/save", { name: "r", username: "u", password: "p" });
        const auth = sim.registryAuths()[0]!;
        const id = await create(sim, { name: "snap", gpuNum: 2, ports: "80/http", envs: [{ key: "K", value: "V" }], imageAuthId: auth.id, command: "c", billingMode: "spot" });
        const [s] = sim.instances();
        expect(s).toEqual({
            id, name: "snap", status: "pending", statusError: undefined, productId: "4090.16c62g", productName: "RTX 4090 24GB",
            clusterId: "as-sgp-2", clusterName: "AS-SGP-02", gpuNum: 2, billingMode: "spot", kind: "gpu",
            imageUrl: "nvidia/cuda:12.4.1-runtime-ubuntu22.04", imageAuthId: auth.id, hasInlineImageAuth: false,
            envs: [{ key: "K", value: "V" }], ports: [{ port: 80, type: "http" }], tools: [], command: "c", entrypoint: "",
            rootfsSize: 50, minCudaVersion: undefined, createdAt: expect.any(Date), lastStartedAt: undefined, lastStoppedAt: undefined, stuck: false,
            networkStorages: [],
        });
        s!.envs.push({ key: "X", value: "Y" });
        expect(sim.instances()[0]!.envs).toHaveLength(1); // a copy
    });
});

describe("simulator determinism", () => {
    async function ids(seed: string | undefined): Promise<string[]> {
        const sim = await startSimulator({ seed });
        try {
            const out = [await create(sim), await create(sim)];
            await post(sim, "/v1/repository/auth/save", { name: "a", username: "u", password: "p" });
            out.push(sim.registryAuths()[0]!.id);
            const t = await post(sim, "/v1/template/create", { template: { name: "t", type: "instance", channel: "private", image: "i", rootfsSize: 10 } });
            out.push(t.json.templateId);
            return out;
        } finally {
            await sim.close();
        }
    }

    it("the same seed gives the same ids; another seed or none gives others", async () => {
        const a = await ids("seed-1");
        expect(await ids("seed-1")).toEqual(a);
        const b = await ids("seed-2");
        expect(b.slice(0, 3)).not.toEqual(a.slice(0, 3));
        const c = await ids(undefined);
        expect(c.slice(0, 3)).not.toEqual(a.slice(0, 3));
        expect(a[0]).toMatch(/^[0-9a-f]{16}$/);
        expect(a[2]).toMatch(/^[a-z0-9]{32}$/);
    });

    it("tcp endpoints are stable for an instance and port", async () => {
        const sim = await startSimulator({ seed: "ports" });
        try {
            const id = await create(sim, { ports: "22/tcp" });
            const ep = async () => (await get(sim, "/v1/gpu/instance", { instanceId: id })).json.portMappings[0].endpoint;
            const first = await ep();
            expect(await ep()).toBe(first);
            expect(first).toMatch(/^127\.0\.0\.1:\d+$/); // a listener the simulator serves (issue #14)
        } finally {
            await sim.close();
        }
    });
});

describe("simulator metrics endpoint (outside the /gpu-instance prefix)", () => {
    it("serves /openapi/v1/metrics/gpu/instance with per-GPU series, defaults for bad parameters", async () => {
        const sim = await startSimulator({ timeScale: 0.001 });
        try {
            const id = await create(sim, { gpuNum: 2 });
            await waitForStatus(sim, id, "running");
            const r = await get(sim, "/openapi/v1/metrics/gpu/instance", { instanceId: id, interval: 5, startTime: "soon" });
            expect(r.status).toBe(200);
            expect(Object.keys(r.json).sort()).toEqual(["cpuUtilization", "gpuMemUtilization", "gpuUtilization", "memUtilization", "rootDiskUtilization"]);
            expect(r.json.cpuUtilization).toHaveLength(5); // 60 s at the default 15 s interval
            expect(r.json.cpuUtilization[0]).toEqual({ timestamp: expect.stringMatching(/^\d+$/), value: expect.any(Number) });
            expect(r.json.gpuUtilization.gpuIds.map((g: { gpuId: string }) => g.gpuId)).toEqual(["0", "1"]);
            expect((await get(sim, "/openapi/v1/metrics/gpu/instance", { instanceId: "nope" })).json.reason).toBe("RESOURCE_NOT_FOUND");
            expect((await get(sim, "/openapi/v1/metrics/gpu/instance", { instanceId: id }, { auth: null })).status).toBe(403);
        } finally {
            await sim.close();
        }
    });
});
