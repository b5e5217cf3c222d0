import { startSimulator, type Simulator } from "../../src/simulator";
import { create, get, post } from "./helpers";

type I = Record<string, any>;

describe("simulator list instances", () => {
    let sim: Simulator;
    const made: string[] = [];
    beforeAll(async () => {
        sim = await startSimulator({ seed: "list" });
        for (let i = 0; i < 5; i++) made.push(await create(sim, { name: `web-${i}` }));
        made.push(await create(sim, { name: "trainer", productId: "H100-80GB.16c240g", clusterId: "us-ca-6" }));
    });
    afterAll(() => sim.close());

    const list = async (query: Record<string, string | number>) => {
        const r = await get(sim, "/v1/gpu/instances", query);
        expect(r.status).toBe(200);
        return r.json as { instances: I[]; total: number };
    };

    it("answers {instances, total}, newest first, with pageNum 0 as the first page by default", async () => {
        const r = await list({ pageSize: 4, pageNum: 0 });
        expect(Object.keys(r).sort()).toEqual(["instances", "total"]);
        expect(r.total).toBe(6);
        expect(r.instances.map((i) => i.id)).toEqual([...made].reverse().slice(0, 4));
        const p1 = await list({ pageSize: 4, pageNum: 1 });
        expect(p1.instances.map((i) => i.id)).toEqual([...made].reverse().slice(4));
        expect((await list({ pageSize: 4, pageNum: 2 })).instances).toEqual([]);
    });

    it("encodes list items with the list quirks: no endpoint in portMappings, volumeMounts size as a string", async () => {
        const id = await create(sim, { name: "quirks", ports: "80/http" });
        const item = (await list({ pageSize: 50, pageNum: 0, name: "quirks" })).instances[0]!;
        expect(item.id).toBe(id);
        expect(item.portMappings).toEqual([{ port: 80, type: "http" }]);
        expect(item.volumeMounts).toEqual([{ type: "local", size: "60", mountPath: "/workspace" }]);
        expect(item).toMatchObject({ gpuNum: "1", cpuNum: "16", memory: "62", rootfsSize: 50, billingMode: "onDemand", endTime: "-1" });
        await post(sim, "/v1/gpu/instance/delete", { instanceId: id });
    });

    it("filters name and productName fuzzily and status exactly, with total counting the matches", async () => {
        const web = await list({ pageSize: 2, pageNum: 0, name: "WEB" });
        expect(web.total).toBe(5);
        expect(web.instances).toHaveLength(2);
        const h100 = await list({ pageSize: 10, pageNum: 0, productName: "h100 sxm" });
        expect(h100.instances.map((i) => i.name)).toEqual(["trainer"]);
        sim.advance(61);
        expect((await list({ pageSize: 10, pageNum: 0, status: "running" })).total).toBe(6);
        expect((await list({ pageSize: 10, pageNum: 0, status: "run" })).total).toBe(0);
    });

    it("paging is optional: no pageSize answers every match, no pageNum the first page, and MCP's pageNumber is ignored", async () => {
        const all = await list({});
        expect(all.total).toBe(all.instances.length);
        expect(all.instances.map((i) => i.id).slice(-6)).toEqual([...made].reverse());
        expect((await list({ pageSize: 2 })).instances.map((i) => i.id)).toEqual(all.instances.slice(0, 2).map((i) => i.id));
        // pageNumber is not a parameter of the API (the docs name pageNum): it is ignored like any unknown one.
        expect((await list({ pageSize: 2, pageNumber: 2 })).instances.map((i) => i.id)).toEqual(all.instances.slice(0, 2).map((i) => i.id));
    });

    it("pageSize 0 answers an empty page with the total", async () => {
        const r = await list({ pageSize: 0, pageNum: 0 });
        expect(r.instances).toEqual([]);
        expect(r.total).toBeGreaterThanOrEqual(6);
    });
});

describe("simulator paging with pageBase 1", () => {
    it("treats pageNum 1 as the first page and pageNum 0 as 1", async () => {
        const sim = await startSimulator({ pageBase: 1 });
        try {
            const ids: string[] = [];
            for (let i = 0; i < 3; i++) ids.push(await create(sim, { name: `p${i}` }));
            const page = async (n: number) => (await get(sim, "/v1/gpu/instances", { pageSize: 2, pageNum: n })).json;
            const first = await page(1);
            expect(first.instances.map((i: I) => i.id)).toEqual([ids[2], ids[1]]);
            expect(first.total).toBe(3);
            expect((await page(0)).instances).toEqual(first.instances);
            expect((await page(2)).instances.map((i: I) => i.id)).toEqual([ids[0]]);
            expect((await page(3)).instances).toEqual([]);
        } finally {
            await sim.close();
        }
    });
});

describe("simulator removed instances in lists", () => {
    it("lists a removed instance with status removed during the retention, then drops it", async () => {
        const sim = await startSimulator({ removedRetentionSeconds: 30 });
        try {
            const id = await create(sim, { name: "doomed" });
            await post(sim, "/v1/gpu/instance/delete", { instanceId: id });
            sim.advance(6);
            const r = (await get(sim, "/v1/gpu/instances", { pageSize: 10, pageNum: 0, status: "removed" })).json;
            expect(r.instances.map((i: I) => i.id)).toEqual([id]);
            expect(sim.instances()).toEqual([]); // the snapshot holds instances not yet removed
            sim.advance(30);
            expect((await get(sim, "/v1/gpu/instances", { pageSize: 10, pageNum: 0 })).json).toEqual({ instances: [], total: 0 });
        } finally {
            await sim.close();
        }
    });
});
