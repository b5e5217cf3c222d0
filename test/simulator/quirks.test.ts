/**
 * Quirks mode: the simulator answers with the variety the real API is known or suspected to send, holds items
 * made outside Pulumi, and the client reads all of it into the same normalised objects as the plain encoding.
 */
import { NovitaClient } from "../../src/api/client";
import { CONSOLE_INSTANCE, CPU_INSTANCE, startSimulator, type Simulator } from "../../src/simulator";
import { main } from "../../src/simulator/cli";
import { create, get, post } from "./helpers";

type I = Record<string, any>;
const list = async (sim: Simulator, query: Record<string, string | number> = {}) => (await get(sim, "/v1/gpu/instances", query)).json as { instances: I[] | null; total: number | string };

describe("quirks off (the default)", () => {
    let sim: Simulator;
    beforeAll(async () => (sim = await startSimulator({ seed: "plain" })));
    afterAll(() => sim.close());

    it("holds nothing made outside Pulumi and sends only the documented fields", async () => {
        expect(sim.outsideInstances()).toEqual([]);
        expect(await list(sim)).toEqual({ instances: [], total: 0 });
        await create(sim, { name: "plain" });
        const [item] = (await list(sim)).instances!;
        expect(item).not.toHaveProperty("Id");
        expect(item).not.toHaveProperty("simulatorExtension");
        expect(item!.gpuNum).toBe("1");
    });
});

describe("quirks on", () => {
    let sim: Simulator;
    const made: string[] = [];
    beforeAll(async () => {
        sim = await startSimulator({ seed: "quirky", quirks: true });
        for (let i = 0; i < 8; i++) made.push(await create(sim, { name: `q-${i}` }));
    });
    afterAll(() => sim.close());

    it("lists the console and CPU instances made outside Pulumi after the ones made through the API", async () => {
        const r = await list(sim);
        expect(Number(r.total)).toBe(10);
        const items = r.instances!;
        expect(items.slice(0, 8).map((i) => i.id)).toEqual([...made].reverse());
        expect(items[8]).toEqual(CONSOLE_INSTANCE);
        expect(items[9]).toEqual(CPU_INSTANCE);
        expect(items[9]).not.toHaveProperty("id");
        expect(items[8]).toMatchObject({ status: "hibernating", clusterId: null, gpuNum: "", portMappings: [{ port: 8888, type: "http" }, { port: 5353, type: "udp" }] });
        expect(items[9]).toMatchObject({ Id: "3560b7fec915bbf9", kind: "cpu" });
        expect(items[9]).not.toHaveProperty("gpuNum");
        // They are what the account holds besides what the API made: not in instances(), which the invariants compare.
        expect(sim.instances()).toHaveLength(8);
        expect(sim.outsideInstances()).toEqual([CONSOLE_INSTANCE, CPU_INSTANCE]);
        // The list filters apply to them too.
        expect((await list(sim, { status: "hibernating" })).instances!.map((i) => i.name)).toEqual(["console-notebook"]);
        expect((await list(sim, { name: "cpu-worker" })).instances!.map((i) => i.Id)).toEqual(["3560b7fec915bbf9"]);
    });

    it("spells fields both ways across items: numbers and numeric strings, null ids, Id beside id, extra fields", async () => {
        const items = (await list(sim)).instances!.slice(0, 8);
        const kinds = (f: string) => new Set(items.map((i) => (i[f] === null ? "null" : typeof i[f])));
        expect(kinds("gpuNum")).toEqual(new Set(["number", "string"]));
        expect(kinds("rootfsSize")).toEqual(new Set(["number", "string"]));
        expect(kinds("imageAuthId")).toEqual(new Set(["null", "string"]));
        expect(items.some((i) => i.Id === i.id)).toBe(true);
        expect(items.some((i) => i.billingMode === "")).toBe(true);
        expect(items.every((i) => i.simulatorExtension && Array.isArray(i.gpuIds))).toBe(true);
        // What carries meaning keeps its value: every item is still running-bound, on demand, one GPU.
        expect(items.every((i) => Number(i.gpuNum) === 1 && ["onDemand", ""].includes(i.billingMode))).toBe(true);
    });

    it("serves an outside instance by id, deletes it on request and refuses other actions on it", async () => {
        const s = await startSimulator({ seed: "outside-actions", quirks: true });
        try {
            expect((await get(s, "/v1/gpu/instance", { instanceId: "3560b7fec915bbf9" })).json).toEqual(CPU_INSTANCE);
            const start = await post(s, "/v1/gpu/instance/start", { instanceId: "07ed667185a895bb" });
            expect([start.status, start.json.message]).toEqual([400, "invalid state change"]);
            const del = await post(s, "/v1/gpu/instance/delete", { instanceId: "07ed667185a895bb" });
            expect([del.status, del.json]).toEqual([200, {}]);
            expect(s.outsideInstances()).toEqual([CPU_INSTANCE]);
            expect((await get(s, "/v1/gpu/instance", { instanceId: "07ed667185a895bb" })).json.reason).toBe("RESOURCE_NOT_FOUND");
        } finally {
            await s.close();
        }
    });

    it("offers a community template with a udp port, and spells some template ids id instead of Id", async () => {
        const community = (await get(sim, "/v1/templates", { channel: "community" })).json.template as I[];
        expect(community.find((t) => (t.Id ?? t.id) === "101")?.ports).toContainEqual(expect.objectContaining({ type: "udp" }));
        const all = (await get(sim, "/v1/templates")).json.template as I[];
        expect(all.some((t) => "id" in t && !("Id" in t))).toBe(true);
        expect(all.some((t) => "Id" in t)).toBe(true);
    });

    it("the client reads every quirky answer into what it reads from the plain encoding", async () => {
        const plain = await startSimulator({ seed: "quirky" });
        try {
            for (let i = 0; i < 8; i++) await create(plain, { name: `q-${i}` });
            const read = (s: Simulator) => new NovitaClient({ apiKey: s.apiKey, baseUrl: s.baseUrl });
            const [q, p] = [read(sim), read(plain)];
            const outside = new Set(["07ed667185a895bb", "3560b7fec915bbf9"]);
            const quirkyInstances = (await q.listAllInstances()).filter((i) => !outside.has(i.id));
            // billingMode "" (observed live) reads as undefined and network is sent only in quirks mode; the two
            // simulators started at different times. All else must be equal.
            const normalise = (xs: object[]) =>
                xs.map((x) => ({ ...x, billingMode: undefined, network: undefined, createdAt: undefined, lastStartedAt: undefined }));
            expect(normalise(quirkyInstances)).toEqual(normalise(await p.listAllInstances()));
            expect(normalise(await Promise.all(made.map((id) => q.getInstance(id))))).toEqual(normalise(await Promise.all(made.map((id) => p.getInstance(id)))));
            expect(await q.listClusters()).toEqual(await p.listClusters());
            expect(await q.listProducts({ clusterId: "as-sgp-2" })).toEqual(await p.listProducts({ clusterId: "as-sgp-2" }));
            const official = { channel: "official" as const };
            expect((await q.listTemplates(official)).templates).toEqual((await p.listTemplates(official)).templates);
            expect(q.stats.skippedItems).toBe(0);
            const [cpu, consoleMade] = [await q.getInstance("3560b7fec915bbf9"), await q.getInstance("07ed667185a895bb")];
            expect(cpu).toMatchObject({ id: "3560b7fec915bbf9", kind: "cpu", cpuNum: 4 });
            expect(consoleMade).toMatchObject({ status: "hibernating", portMappings: [{ port: 8888, type: "http" }, { port: 5353, type: "udp" }] });
            expect([cpu.gpuNum, consoleMade.gpuNum, consoleMade.clusterId]).toEqual([undefined, undefined, undefined]);
        } finally {
            await plain.close();
        }
    });
});

test("addOutsideInstance adds an item made outside Pulumi to a simulator without quirks", async () => {
    const sim = await startSimulator({ seed: "added" });
    try {
        expect(sim.addOutsideInstance({ id: "aaaaaaaaaaaaaaaa", name: "by-hand", status: "running" })).toBe("aaaaaaaaaaaaaaaa");
        expect(sim.addOutsideInstance({ name: "no id", status: "creating" })).toBeUndefined();
        expect((await list(sim)).instances!.map((i) => i.name)).toEqual(["by-hand", "no id"]);
        expect(() => sim.addOutsideInstance([] as unknown as Record<string, unknown>)).toThrow(/JSON object/);
    } finally {
        await sim.close();
    }
});

test("the CLI's --quirks starts a simulator in quirks mode", async () => {
    const sim = (await main(["--quirks"], { out: () => {}, handleSignals: false }))!;
    try {
        expect(sim.outsideInstances()).toHaveLength(2);
    } finally {
        await sim.close();
    }
});
