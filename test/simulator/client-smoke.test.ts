import { NovitaClient } from "../../src/api/client";
import { Limiter } from "../../src/api/limiter";
import { startSimulator, type Simulator } from "../../src/simulator";
import { waitUntil } from "./helpers";

/** Smoke check: our NovitaClient parses every response shape the simulator sends. */
describe("NovitaClient against the simulator", () => {
    let sim: Simulator;
    let client: NovitaClient;
    beforeAll(async () => {
        sim = await startSimulator({ timeScale: 0.001, seed: "client" });
        client = new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, timeScale: sim.timeScale, limiter: new Limiter(4) });
    });
    afterAll(() => sim.close());
    const until = (id: string, status: string) => waitUntil(`${id} to be ${status}`, async () => (await client.getInstance(id)).status === status);

    it("parses clusters and products (prices in USD per hour)", async () => {
        const clusters = await client.listClusters();
        expect(clusters.map((c) => c.id)).toContain("as-sgp-2");
        const products = await client.listProducts({ clusterId: "as-sgp-2", productName: "4090" });
        expect(products).toHaveLength(1);
        expect(products[0]).toMatchObject({ id: "4090.16c62g", pricePerHour: 0.35, spotPricePerHour: 0.18, availableDeploy: true, inventoryState: "normal" });
        const h100 = (await client.listProducts({ productName: "H100" }))[0]!;
        expect(h100.spotPricePerHour).toBeUndefined();
        expect(h100.monthlyPrices[0]).toEqual({ month: 1, pricePerMonth: expect.any(Number) });
    });

    it("parses create, get, list and every action response", async () => {
        const { id } = await client.createInstance({ name: "smoke", productId: "4090.16c62g", gpuNum: 1, rootfsSize: 50, imageUrl: "img", kind: "gpu", clusterId: "as-sgp-2", ports: [{ port: 8888, type: "http" }] });
        const got = await client.getInstance(id);
        expect(got).toMatchObject({ id, name: "smoke", gpuNum: 1, cpuNum: 16, memory: 62, billingMode: "onDemand", imageAuthId: undefined, spotStatus: undefined, endTime: undefined });
        expect(got.createdAt).toBeInstanceOf(Date);
        expect(got.portMappings[0]).toEqual({ port: 8888, type: "http", endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
        const page = await client.listInstances({ pageSize: 10, pageNum: 0 });
        expect(page.total).toBe(1);
        expect(page.instances[0]!.volumeMounts[0]!.size).toBe(60);
        expect((await client.listAllInstances({ name: "smoke" })).map((i) => i.id)).toEqual([id]);

        await until(id, "running");
        expect(await client.stopInstance(id)).toEqual({ instanceId: id, state: "toStop" });
        await until(id, "exited");
        expect(await client.editInstance({ instanceId: id, expandRootDisk: 10 })).toEqual({});
        expect(await client.startInstance(id)).toEqual({ instanceId: id, state: "toStart" });
        await until(id, "running");
        expect(await client.restartInstance(id)).toEqual({});
        await until(id, "running");
        expect(await client.upgradeInstance({ instanceId: id, imageUrl: "img:2", envs: [], command: "", entrypoint: "", save: true, networkVolume: { volumeMounts: [] } })).toEqual({});
        expect(await client.deleteInstance(id)).toEqual({});
    });

    it("parses a failed instance's statusError", async () => {
        sim.failNextCreate({ message: "bad image" });
        const { id } = await client.createInstance({ name: "fails", productId: "3090.16c92g", gpuNum: 1, rootfsSize: 20, imageUrl: "img", kind: "gpu" });
        const inst = await waitUntil("the statusError", async () => {
            const i = await client.getInstance(id);
            return i.statusError !== undefined && i;
        });
        expect(inst.statusError).toEqual({ state: "pulling", message: "bad image" });
    });

    it("parses registry auths (save finds the id by name) and deletes them", async () => {
        const saved = await client.saveRegistryAuth({ name: "smoke-reg", username: "u", password: "p" });
        expect(saved).toEqual({ id: expect.stringMatching(/^[a-z0-9]{32}$/), name: "smoke-reg", username: "u", password: "p" });
        expect((await client.listRegistryAuths()).map((a) => a.id)).toEqual([saved.id]);
        await client.deleteRegistryAuth(saved.id);
        expect(await client.listRegistryAuths()).toEqual([]);
    });

    it("parses templates", async () => {
        const t = await client.getTemplate("1");
        expect(t).toMatchObject({ id: "1", channel: "official", rootfsSize: 60, ports: [{ type: "http", ports: [8888] }] });
        expect(t.createdAt).toEqual(new Date(1711995567 * 1000));
        const list = await client.listTemplates({ channel: "official", isMyCommunity: false, pageSize: 2, pageNum: 0 });
        expect(list.total).toBe(3);
        expect(list.templates.map((x) => x.id)).toEqual(["1", "2"]);
    });

    it("maps simulator errors into NovitaApiError with status and reason", async () => {
        await expect(client.getInstance("0000000000000000")).rejects.toMatchObject({ name: "NovitaApiError", status: 400, reason: "RESOURCE_NOT_FOUND" });
        await expect(client.getTemplate("999")).rejects.toMatchObject({ status: 400, reason: "TEMPLATE_NOT_FOUND" });
    });
});
