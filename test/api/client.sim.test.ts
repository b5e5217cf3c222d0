/** NovitaClient against the simulator over real HTTP: every endpoint, normalised. */
import { NovitaClient } from "../../src/api/client";
import { NovitaValidationError, isCapacityError, isInvalidStateChange, isNotFound, NovitaApiError } from "../../src/api/errors";
import { startSimulator, type Simulator } from "../../src/simulator";
import { waitUntil } from "../simulator/helpers";

let sim: Simulator;
let client: NovitaClient;
const fast = { baseDelayMs: 5, maxDelayMs: 20 };

beforeAll(async () => {
    // Removed instances stay visible for a simulated day (86 s real), so a wait for `removed` cannot miss it.
    sim = await startSimulator({ timeScale: 0.001, bootSeconds: 60, seed: 7, removedRetentionSeconds: 86_400 });
    client = new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, retry: fast, timeScale: 0.001 });
});
afterAll(() => sim.close());
beforeEach(() => sim.clearRequestLog());

function until(id: string, status: string) {
    return waitUntil(`${id} to reach ${status}`, async () => {
        const inst = await client.getInstance(id);
        return inst.status === status && inst;
    });
}

const create = (name: string, extra: Record<string, unknown> = {}) =>
    client.createInstance({ name, productId: "4090.16c62g", clusterId: "as-sgp-2", gpuNum: 1, rootfsSize: 60, imageUrl: "nginx:1.27", kind: "gpu", ...extra });

describe("catalogue", () => {
    test("clusters are listed with ids and names", async () => {
        const clusters = await client.listClusters();
        expect(clusters.map((c) => c.name)).toEqual(expect.arrayContaining(["AS-SGP-02", "CN-HK-01", "AS-IN-01"]));
        expect(typeof clusters[0]!.supportNetworkStorage).toBe("boolean");
    });

    test("product prices arrive as 1e-5 USD numeric strings and come out as USD per GPU-hour numbers", async () => {
        const products = await client.listProducts({ clusterId: "as-sgp-2" });
        const p = products.find((x) => x.id === "4090.16c62g")!;
        expect(p.pricePerHour).toBe(0.35);
        expect(p.spotPricePerHour).toBe(0.18);
        expect(p.availableDeploy).toBe(true);
        expect(p.inventoryState).toBe("normal");
        expect(p.regions.some((r) => r.startsWith("AS-SGP-02"))).toBe(true);
        const raw = sim.requestLog().at(-1)!;
        expect(raw.query).toEqual({ clusterId: "as-sgp-2" });
    });

    test("billingMethod=spot reports spot availability; a sold-out combination says so", async () => {
        sim.setSoldOut("4090.16c62g", "as-sgp-2", "spot");
        const spot = (await client.listProducts({ clusterId: "as-sgp-2", billingMethod: "spot" })).find((x) => x.id === "4090.16c62g")!;
        expect(spot.availableDeploy).toBe(false);
        expect(spot.inventoryState).toBe("none");
        sim.setCapacity("4090.16c62g", "as-sgp-2", 8, "spot");
    });

    test("bad filters fail naming the field, before any request", async () => {
        const e = await client.listProducts({ gpuNum: 9 }).catch((x) => x);
        expect(e).toBeInstanceOf(NovitaValidationError);
        expect(e.field).toBe("gpuNum");
        expect(sim.requestLog()).toHaveLength(0);
    });
});

describe("instances", () => {
    test("create → get: numbers, dates, enums and endpoints are normalised through the lifecycle", async () => {
        sim.stickNextCreate(); // held in pulling until released: the first read is before running whatever the load
        const { id } = await create("norm-1", { ports: [{ port: 8888, type: "http" }, { port: 22, type: "tcp" }], envs: [{ key: "A", value: "1" }] });
        expect(id).toMatch(/^[0-9a-f]{16}$/);
        const created = sim.requestLog().find((r) => r.path === "/v1/gpu/instance/create")!;
        expect((created.body as { ports: string }).ports).toBe("8888/http,22/tcp");
        const first = await client.getInstance(id);
        expect(["pending", "toCreate", "creating", "pulling"]).toContain(first.status);
        sim.release(id);
        const i = await until(id, "running");
        expect(i.gpuNum).toBe(1);
        expect(typeof i.cpuNum).toBe("number");
        expect(i.createdAt).toBeInstanceOf(Date);
        expect(i.billingMode).toBe("onDemand");
        expect(i.imageAuthId).toBeUndefined();
        expect(i.spotStatus).toBeUndefined();
        expect(i.endTime).toBeUndefined();
        expect(i.envs).toEqual([{ key: "A", value: "1" }]);
        expect(i.portMappings.find((p) => p.port === 8888)!.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    });

    test("stop, start, restart, edit, upgrade and delete are accepted whatever their body shape", async () => {
        const { id } = await create("actions-1");
        await until(id, "running");
        await expect(client.stopInstance(id)).resolves.toBeDefined();
        await until(id, "exited");
        await client.startInstance(id);
        await until(id, "running");
        await expect(client.restartInstance(id)).resolves.toEqual({});
        await until(id, "running");
        await client.editInstance({ instanceId: id, ports: [{ port: 7860, type: "http" }], expandRootDisk: 20 });
        const edited = await client.getInstance(id);
        expect(edited.rootfsSize).toBe(80);
        expect(edited.portMappings.map((p) => p.port)).toEqual([7860]);
        await client.upgradeInstance({ instanceId: id, imageUrl: "nginx:1.28", envs: [{ key: "B", value: "2" }], command: "", entrypoint: "", save: true, networkVolume: { volumeMounts: [] } });
        const upgraded = await until(id, "running");
        expect(upgraded.imageUrl).toBe("nginx:1.28");
        await expect(client.deleteInstance(id)).resolves.toEqual({});
        await until(id, "removed");
    });

    test("an illegal action is an 'invalid state change' API error", async () => {
        const { id } = await create("illegal-1");
        await until(id, "running");
        const e = await client.startInstance(id).catch((x) => x);
        expect(isInvalidStateChange(e)).toBe(true);
        expect(e.status).toBe(400);
    });

    test("not found is recognised both as the documented 400 and as a 404", async () => {
        expect(isNotFound(await client.getInstance("0000000000000000").catch((x) => x))).toBe(true);
        const sim404 = await startSimulator({ notFoundStatus: 404 });
        try {
            const c = new NovitaClient({ apiKey: sim404.apiKey, baseUrl: sim404.baseUrl });
            const e = await c.getInstance("0000000000000000").catch((x) => x);
            expect(e.status).toBe(404);
            expect(isNotFound(e)).toBe(true);
        } finally {
            await sim404.close();
        }
    });

    test("no stock is a capacity error", async () => {
        const e = await create("full-1", { productId: "A100-80GB.14c240g", clusterId: "as-sgp-2" }).catch((x) => x);
        expect(isCapacityError(e)).toBe(true);
    });

    test("listAllInstances pages through every instance whatever the page base", async () => {
        for (const base of [0, 1] as const) {
            const s = await startSimulator({ pageBase: base, timeScale: 0.001 });
            try {
                const c = new NovitaClient({ apiKey: s.apiKey, baseUrl: s.baseUrl });
                for (let n = 0; n < 7; n++) await c.createInstance({ name: `page-${n}`, productId: "4090.16c62g", gpuNum: 1, rootfsSize: 60, imageUrl: "x", kind: "gpu" });
                const all = await c.listAllInstances({ name: "page" }, 3);
                expect(all.map((i) => i.name).sort()).toEqual(Array.from({ length: 7 }, (_, n) => `page-${n}`));
                const one = await c.listInstances({ pageSize: 3, pageNum: base });
                expect(one.total).toBe(7);
                expect(one.instances).toHaveLength(3);
            } finally {
                await s.close();
            }
        }
    });

    test("bad create parameters fail naming the field, before any request", async () => {
        const e = await client.createInstance({ name: "bad", productId: "p", gpuNum: 9, rootfsSize: 60, imageUrl: "x", kind: "gpu" }).catch((x) => x);
        expect(e).toBeInstanceOf(NovitaValidationError);
        expect(e.field).toBe("gpuNum");
        const noName = await client.createInstance({ productId: "p", gpuNum: 1, rootfsSize: 60, imageUrl: "x", kind: "gpu" }).catch((x) => x);
        expect(noName.field).toBe("name");
        expect(sim.requestLog()).toHaveLength(0);
    });
});

describe("registry auths and templates", () => {
    test("save answers {} yet the client returns the new auth with its id; list shows the password; delete removes it", async () => {
        const a = await client.saveRegistryAuth({ name: "ghcr-a", username: "bot", password: "p4ssw0rd-a" });
        expect(a.id).toMatch(/^[a-z0-9]{32}$/);
        expect((await client.listRegistryAuths()).find((x) => x.id === a.id)!.password).toBe("p4ssw0rd-a");
        await client.deleteRegistryAuth(a.id);
        expect((await client.listRegistryAuths()).some((x) => x.id === a.id)).toBe(false);
    });

    test("an existing name is refused before anything is sent", async () => {
        await client.saveRegistryAuth({ name: "ghcr-dup", username: "bot", password: "p4ssw0rd-d" });
        sim.clearRequestLog();
        const e = await client.saveRegistryAuth({ name: "ghcr-dup", username: "bot", password: "other-pass" }).catch((x) => x);
        expect(e).toBeInstanceOf(NovitaValidationError);
        expect(e.field).toBe("name");
        expect(sim.requestLog().filter((r) => r.method === "POST")).toHaveLength(0);
    });

    test("deleting an auth an instance uses is IMAGE_AUTH_IN_USE", async () => {
        const a = await client.saveRegistryAuth({ name: "ghcr-used", username: "bot", password: "p4ssw0rd-u" });
        await create("uses-auth", { imageAuthId: a.id });
        const e = await client.deleteRegistryAuth(a.id).catch((x) => x);
        expect(e).toBeInstanceOf(NovitaApiError);
        expect(e.reason).toBe("IMAGE_AUTH_IN_USE");
    });

    test("a template's capital Id and fields are normalised; an unknown one is TEMPLATE_NOT_FOUND", async () => {
        const t = await client.getTemplate("1");
        expect(t.id).toBe("1");
        expect(t.ports).toEqual([{ type: "http", ports: [8888] }]);
        expect(t.createdAt).toBeInstanceOf(Date);
        const e = await client.getTemplate("999").catch((x) => x);
        expect(e.reason).toBe("TEMPLATE_NOT_FOUND");
        expect(isNotFound(e)).toBe(true);
        const list = await client.listTemplates({ channel: "official", isMyCommunity: false, pageSize: 10, pageNum: 0 });
        expect(list.templates.length).toBeGreaterThanOrEqual(3);
    });
});
