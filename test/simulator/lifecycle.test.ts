import { startSimulator, type Simulator } from "../../src/simulator";
import { create, expectInOrder, freezeWallClock, frozenSimulatorPerTest, get, post, status, waitForStatus, waitUntil } from "./helpers";

/**
 * timeScale 1, the wall clock frozen and manual `advance()`: every phase boundary is hit deterministically, however
 * long the requests in between take.
 */
describe("simulator instance lifecycle over HTTP (manual clock)", () => {
    let sim: Simulator;
    frozenSimulatorPerTest({ bootSeconds: 60 }, (s) => (sim = s));

    /** Creates and advances to running (boot 60 s). */
    async function running(overrides: Record<string, unknown> = {}): Promise<string> {
        const id = await create(sim, overrides);
        sim.advance(61);
        expect(await status(sim, id)).toBe("running");
        return id;
    }

    it("create answers {id} with a 16-hex id and walks pending → toCreate → creating → pulling → running", async () => {
        const r = await post(sim, "/v1/gpu/instance/create", { name: "a", productId: "4090.16c62g", gpuNum: 1, rootfsSize: 50, imageUrl: "img", kind: "gpu" });
        expect(r.status).toBe(200);
        expect(Object.keys(r.json)).toEqual(["id"]);
        const id = r.json.id;
        expect(id).toMatch(/^[0-9a-f]{16}$/);
        expect(await status(sim, id)).toBe("pending");
        const seen = [];
        for (const t of [1.5, 4.5, 12, 20, 23]) { // → 1.5 s, 6 s, 18 s, 38 s, 61 s
            sim.advance(t);
            seen.push(await status(sim, id));
        }
        expect(seen).toEqual(["pending", "toCreate", "creating", "pulling", "running"]);
    });

    it("encodes the instance like the real GET: strings for numbers and times, empty strings for absent values", async () => {
        const id = await create(sim, { gpuNum: 2, ports: "8888/http, 22/tcp", envs: [{ key: "A", value: "1" }] });
        const before = (await get(sim, "/v1/gpu/instance", { instanceId: id })).json;
        expect(before.lastStartedAt).toBe("0");
        sim.advance(61);
        const i = (await get(sim, "/v1/gpu/instance", { instanceId: id })).json;
        expect(i).toMatchObject({
            id, name: "sim-test", status: "running", clusterId: "as-sgp-2", clusterName: "AS-SGP-02",
            productId: "4090.16c62g", productName: "RTX 4090 24GB", cpuNum: "32", memory: "124", gpuNum: "2",
            rootfsSize: 50, imageAuthId: "", command: "", entrypoint: "", kind: "gpu", billingMode: "onDemand",
            endTime: "-1", spotStatus: "", spotReclaimTime: "0", envs: [{ key: "A", value: "1" }],
            volumeMounts: [{ type: "local", size: 120, mountPath: "/workspace" }],
        });
        expect(i.createdAt).toMatch(/^\d{10}$/);
        expect(Number(i.lastStartedAt)).toBeGreaterThanOrEqual(Number(i.createdAt) + 60);
        expect(i.lastStoppedAt).toBe("0");
        expect(i.statusError).toBeUndefined();
        expect(i.portMappings).toEqual([
            // Served by the simulator (issue #14): loopback listeners, in Novita's two endpoint shapes.
            { port: 8888, type: "http", endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) },
            { port: 22, type: "tcp", endpoint: expect.stringMatching(/^127\.0\.0\.1:\d+$/) },
        ]);
    });

    it("stop answers {instanceId, state} and walks toStop → stopping → exited, setting lastStoppedAt", async () => {
        const id = await running();
        const r = await post(sim, "/v1/gpu/instance/stop", { instanceId: id });
        expect(r.status).toBe(200);
        expect(r.json).toEqual({ instanceId: id, state: "toStop" });
        sim.advance(2.5);
        expect(await status(sim, id)).toBe("stopping");
        sim.advance(3);
        expect(await status(sim, id)).toBe("exited");
        expect((await get(sim, "/v1/gpu/instance", { instanceId: id })).json.lastStoppedAt).not.toBe("0");
    });

    it("start answers {instanceId, state} and walks toStart → starting → running", async () => {
        const id = await running();
        await post(sim, "/v1/gpu/instance/stop", { instanceId: id });
        sim.advance(6);
        const r = await post(sim, "/v1/gpu/instance/start", { instanceId: id });
        expect(r.json).toEqual({ instanceId: id, state: "toStart" });
        sim.advance(2.5);
        expect(await status(sim, id)).toBe("starting");
        sim.advance(3);
        expect(await status(sim, id)).toBe("running");
    });

    // Behaviour changed by issue #12: restart and delete answered an empty body; every 2xx now carries JSON.
    it("restart answers 200 with {} and walks toRestart → restarting → running", async () => {
        const id = await running();
        const r = await post(sim, "/v1/gpu/instance/restart", { instanceId: id });
        expect([r.status, r.text, r.headers.get("content-type")]).toEqual([200, "{}", "application/json; charset=utf-8"]);
        expect(await status(sim, id)).toBe("toRestart");
        sim.advance(2.5);
        expect(await status(sim, id)).toBe("restarting");
        sim.advance(3);
        expect(await status(sim, id)).toBe("running");
    });

    it("delete answers 200 with {}, walks toRemove → removing → removed, then is not found after the retention", async () => {
        const id = await running();
        const r = await post(sim, "/v1/gpu/instance/delete", { instanceId: id });
        expect([r.status, r.text]).toEqual([200, "{}"]);
        expect(await status(sim, id)).toBe("toRemove");
        sim.advance(2.5);
        expect(await status(sim, id)).toBe("removing");
        sim.advance(3);
        expect(await status(sim, id)).toBe("removed");
        sim.advance(25);
        expect(await status(sim, id)).toBe("removed");
        sim.advance(6);
        const gone = await get(sim, "/v1/gpu/instance", { instanceId: id });
        expect(gone.status).toBe(400);
        expect(gone.json).toEqual({ code: 400, reason: "RESOURCE_NOT_FOUND", message: expect.any(String), metadata: {} });
    });

    it("upgrade answers {}, applies image/auth/envs/command/entrypoint and walks toReset → resetting → pulling → running", async () => {
        const id = await running();
        const r = await post(sim, "/v1/gpu/instance/upgrade", {
            instanceId: id, imageUrl: "new/image:2", envs: [{ key: "B", value: "2" }], command: "run", entrypoint: "/bin/sh",
            save: true, networkVolume: { volumeMounts: [] },
        });
        expect([r.status, r.json]).toEqual([200, {}]);
        const i = (await get(sim, "/v1/gpu/instance", { instanceId: id })).json;
        expect(i).toMatchObject({ status: "toReset", imageUrl: "new/image:2", envs: [{ key: "B", value: "2" }], command: "run", entrypoint: "/bin/sh" });
        sim.advance(2.5);
        expect(await status(sim, id)).toBe("resetting");
        sim.advance(3);
        expect(await status(sim, id)).toBe("pulling");
        sim.advance(40);
        expect(await status(sim, id)).toBe("running");
    });

    it("edit answers {}, replaces ports and grows the root disk without a status change, running or exited", async () => {
        const id = await running({ ports: "80/http" });
        const r = await post(sim, "/v1/gpu/instance/edit", { instanceId: id, ports: [{ port: 8080, type: "http" }, { port: 22, type: "tcp" }], expandRootDisk: 20 });
        expect([r.status, r.json]).toEqual([200, {}]);
        let i = (await get(sim, "/v1/gpu/instance", { instanceId: id })).json;
        expect(i.status).toBe("running");
        expect(i.rootfsSize).toBe(70);
        expect(i.portMappings.map((p: { port: number; type: string }) => `${p.port}/${p.type}`)).toEqual(["8080/http", "22/tcp"]);
        await post(sim, "/v1/gpu/instance/stop", { instanceId: id });
        sim.advance(6);
        expect((await post(sim, "/v1/gpu/instance/edit", { instanceId: id, expandRootDisk: 5 })).status).toBe(200);
        i = (await get(sim, "/v1/gpu/instance", { instanceId: id })).json;
        expect([i.status, i.rootfsSize]).toEqual(["exited", 75]);
    });

    it("edit cannot grow the root disk past the product's maxRootFS", async () => {
        const id = await running({ rootfsSize: 490 });
        const r = await post(sim, "/v1/gpu/instance/edit", { instanceId: id, expandRootDisk: 20 });
        expect(r.status).toBe(400);
        expect(r.json.reason).toBe("VALIDATOR_PARAM");
        expect(r.json.message).toContain("expandRootDisk");
    });

    it.each([
        ["start while running", "start", "running"],
        ["stop while exited", "stop", "exited"],
        ["restart while exited", "restart", "exited"],
        ["upgrade while creating", "upgrade", "creating"],
        ["edit while pulling", "edit", "pulling"],
        ["delete while removing", "delete", "removing"],
        ["start while starting", "start", "starting"],
    ])("refuses %s with 400 'invalid state change'", async (_label, action, state) => {
        const id = await create(sim);
        if (state !== "creating" && state !== "pulling") sim.advance(61);
        if (state === "creating") sim.advance(12);
        if (state === "pulling") sim.advance(30);
        if (state === "exited") {
            await post(sim, "/v1/gpu/instance/stop", { instanceId: id });
            sim.advance(6);
        }
        if (state === "starting") {
            await post(sim, "/v1/gpu/instance/stop", { instanceId: id });
            sim.advance(6);
            await post(sim, "/v1/gpu/instance/start", { instanceId: id });
            sim.advance(2.5);
        }
        if (state === "removing") {
            await post(sim, "/v1/gpu/instance/delete", { instanceId: id });
            sim.advance(2.5);
        }
        expect(await status(sim, id)).toBe(state);
        const body =
            action === "upgrade"
                ? { instanceId: id, imageUrl: "x", envs: [], command: "", entrypoint: "", save: false, networkVolume: { volumeMounts: [] } }
                : { instanceId: id };
        const r = await post(sim, `/v1/gpu/instance/${action}`, body);
        expect(r.status).toBe(400);
        expect(r.json).toEqual({ code: 400, reason: "REQUEST", message: "invalid state change", metadata: {} });
        expect(await status(sim, id)).toBe(state);
    });

    it("answers 400 RESOURCE_NOT_FOUND for unknown ids on every instance endpoint", async () => {
        for (const action of ["start", "stop", "restart", "delete"]) {
            const r = await post(sim, `/v1/gpu/instance/${action}`, { instanceId: "0000000000000000" });
            expect([r.status, r.json.reason]).toEqual([400, "RESOURCE_NOT_FOUND"]);
        }
        expect((await get(sim, "/v1/gpu/instance", { instanceId: "0000000000000000" })).status).toBe(400);
    });

    it("spot instances carry spotStatus running; monthly ones an endTime and refuse release", async () => {
        const spot = await create(sim, { billingMode: "spot" });
        expect((await get(sim, "/v1/gpu/instance", { instanceId: spot })).json).toMatchObject({ billingMode: "spot", spotStatus: "running", endTime: "-1" });
        const monthly = await create(sim, { month: 1 });
        const m = (await get(sim, "/v1/gpu/instance", { instanceId: monthly })).json;
        expect(m.billingMode).toBe("monthly");
        expect(Number(m.endTime) - Number(m.createdAt)).toBe(30 * 86400);
        const del = await post(sim, "/v1/gpu/instance/delete", { instanceId: monthly });
        expect([del.status, del.json.reason]).toEqual([400, "PREPAID_INSTANCE_NOT_SUPPORT_RELEASE"]);
    });

    it("migrate moves a stopped instance back to running through migrating and pulling", async () => {
        const id = await running();
        await post(sim, "/v1/gpu/instance/stop", { instanceId: id });
        sim.advance(6);
        const r = await post(sim, "/v1/gpu/instance/migrate", { instanceId: id });
        expect([r.status, r.json]).toEqual([200, {}]);
        expect(await status(sim, id)).toBe("migrating");
        sim.advance(11);
        expect(await status(sim, id)).toBe("pulling");
        sim.advance(40);
        expect(await status(sim, id)).toBe("running");
    });
});

describe("simulator lifecycle on a time-scaled clock", () => {
    it("runs a whole create → stop → start → delete cycle in real time at timeScale 0.001", async () => {
        const sim = await startSimulator({ timeScale: 0.001, bootSeconds: 60, removedRetentionSeconds: 30 });
        try {
            const id = await create(sim);
            expectInOrder(await waitForStatus(sim, id, "running"), ["pending", "toCreate", "creating", "pulling", "running"]);
            await post(sim, "/v1/gpu/instance/stop", { instanceId: id });
            expectInOrder(await waitForStatus(sim, id, "exited"), ["toStop", "stopping", "exited"]);
            await post(sim, "/v1/gpu/instance/start", { instanceId: id });
            expectInOrder(await waitForStatus(sim, id, "running"), ["toStart", "starting", "running"]);
            await post(sim, "/v1/gpu/instance/delete", { instanceId: id });
            // Removed, then not found after 30 simulated seconds of retention (30 ms real): polled until not found,
            // since a loaded machine may poll less often than that and skip the removed phase like any other.
            const seen: string[] = [];
            const last = await waitUntil(() => `the removed instance to be forgotten; saw ${seen.join(" → ")}`, async () => {
                const r = await get(sim, "/v1/gpu/instance", { instanceId: id });
                if (r.status !== 200) return r.status;
                if (seen.at(-1) !== r.json.status) seen.push(r.json.status);
                return false;
            });
            expectInOrder(seen, ["toRemove", "removing", "removed"]);
            expect(last).toBe(400);
        } finally {
            await sim.close();
        }
    });

    it("a boot takes bootSeconds × timeScale of real time", async () => {
        // The wall clock is frozen and moved by hand, so the boundary is exact and request time does not blur it.
        freezeWallClock();
        const sim = await startSimulator({ timeScale: 0.01, bootSeconds: 30 }); // 300 ms
        try {
            const created = Date.now();
            const id = await create(sim);
            jest.setSystemTime(created + 299);
            expect(await status(sim, id)).toBe("pulling");
            jest.setSystemTime(created + 301);
            expect(await status(sim, id)).toBe("running");
        } finally {
            await sim.close();
            jest.useRealTimers();
        }
    });

    it("answers 404 for unknown ids when notFoundStatus is 404", async () => {
        const sim = await startSimulator({ notFoundStatus: 404 });
        try {
            const r = await get(sim, "/v1/gpu/instance", { instanceId: "ffffffffffffffff" });
            expect(r.status).toBe(404);
            expect(r.json).toEqual({ code: 404, reason: "RESOURCE_NOT_FOUND", message: expect.any(String), metadata: {} });
            const t = await get(sim, "/v1/template", { templateId: "999999" });
            expect([t.status, t.json.reason]).toEqual([400, "TEMPLATE_NOT_FOUND"]);
        } finally {
            await sim.close();
        }
    });
});
