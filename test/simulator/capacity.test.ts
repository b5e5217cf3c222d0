import type { Simulator } from "../../src/simulator";
import { create, createBody, frozenSimulatorPerTest, get, post, status } from "./helpers";

const createRaw = (sim: Simulator, overrides: Record<string, unknown> = {}) => post(sim, "/v1/gpu/instance/create", createBody(overrides));

/** timeScale 1 with the wall clock frozen: simulated time moves only by advance(). */
describe("simulator capacity (GPUs per product × cluster × billing pool)", () => {
    let sim: Simulator;
    frozenSimulatorPerTest({ bootSeconds: 60 }, (s) => (sim = s));

    it("create takes gpuNum GPUs; beyond the free ones it is 400 INSUFFICIENT_RESOURCE", async () => {
        sim.setCapacity("4090.16c62g", "as-sgp-2", 3, "onDemand");
        await create(sim, { gpuNum: 2 });
        expect(sim.freeGpus("4090.16c62g", "as-sgp-2")).toBe(1);
        const r = await createRaw(sim, { gpuNum: 2 });
        expect(r.status).toBe(400);
        expect(r.json).toEqual({ code: 400, reason: "INSUFFICIENT_RESOURCE", message: expect.any(String), metadata: {} });
        await create(sim, { gpuNum: 1 });
        expect(sim.freeGpus("4090.16c62g", "as-sgp-2")).toBe(0);
    });

    it("delete gives the GPUs back at once", async () => {
        sim.setCapacity("4090.16c62g", "as-sgp-2", 1, "onDemand");
        const id = await create(sim);
        expect((await createRaw(sim)).json.reason).toBe("INSUFFICIENT_RESOURCE");
        await post(sim, "/v1/gpu/instance/delete", { instanceId: id });
        expect(sim.freeGpus("4090.16c62g", "as-sgp-2")).toBe(1);
        await create(sim);
    });

    it("stop frees the GPUs once exited, and start must get them again", async () => {
        sim.setCapacity("4090.16c62g", "as-sgp-2", 1, "onDemand");
        const a = await create(sim);
        sim.advance(61);
        await post(sim, "/v1/gpu/instance/stop", { instanceId: a });
        expect(sim.freeGpus("4090.16c62g", "as-sgp-2")).toBe(0); // still stopping
        sim.advance(6);
        expect(await status(sim, a)).toBe("exited");
        expect(sim.freeGpus("4090.16c62g", "as-sgp-2")).toBe(1);
        await create(sim); // someone else takes the GPU
        const r = await post(sim, "/v1/gpu/instance/start", { instanceId: a });
        expect([r.status, r.json.reason]).toEqual([400, "INSUFFICIENT_RESOURCE"]);
        expect(await status(sim, a)).toBe("exited");
    });

    it("spot and on-demand are separate pools", async () => {
        sim.setSoldOut("4090.16c62g", "as-sgp-2", "onDemand");
        expect((await createRaw(sim)).json.reason).toBe("INSUFFICIENT_RESOURCE");
        const id = await create(sim, { billingMode: "spot" });
        expect(sim.instance(id)!.billingMode).toBe("spot");
        expect(sim.freeGpus("4090.16c62g", "as-sgp-2", "spot")).toBe(7);
        sim.setSoldOut("4090.16c62g", "as-sgp-2", "spot");
        expect((await createRaw(sim, { billingMode: "spot" })).json.reason).toBe("INSUFFICIENT_RESOURCE");
    });

    it("monthly instances draw from the on-demand pool", async () => {
        sim.setCapacity("4090.16c62g", "as-sgp-2", 1, "onDemand");
        await create(sim, { month: 3 });
        expect(sim.freeGpus("4090.16c62g", "as-sgp-2", "onDemand")).toBe(0);
    });

    it("spot on a product without spot is 400 UNSUPPORTED_BILLING_MODE, as is monthly on a product without subscriptions", async () => {
        const r = await createRaw(sim, { productId: "H100-80GB.16c240g", clusterId: "us-ca-6", billingMode: "spot" });
        expect([r.status, r.json.reason]).toEqual([400, "UNSUPPORTED_BILLING_MODE"]);
        const m = await createRaw(sim, { productId: "L40S.16c120g", month: 1 });
        expect(m.json.reason).toBe("UNSUPPORTED_BILLING_MODE");
    });

    it("a product not offered in the requested cluster is INSUFFICIENT_RESOURCE; an unknown cluster is VALIDATOR_PARAM", async () => {
        expect((await createRaw(sim, { productId: "H100-80GB.16c240g", clusterId: "as-sgp-2" })).json.reason).toBe("INSUFFICIENT_RESOURCE");
        const u = await createRaw(sim, { clusterId: "mars-1" });
        expect([u.json.reason, u.json.message.includes("clusterId")]).toEqual(["VALIDATOR_PARAM", true]);
    });

    it("without clusterId, places the instance in the cluster with the most free GPUs, deterministically", async () => {
        const id = await create(sim, { clusterId: undefined });
        expect(sim.instance(id)!.clusterId).toBe("us-ca-6"); // 40 free vs 24 in as-sgp-2
        sim.setSoldOut("4090.16c62g", "us-ca-6");
        const id2 = await create(sim, { clusterId: "" });
        expect(sim.instance(id2)!.clusterId).toBe("as-sgp-2");
        sim.setSoldOut("4090.16c62g", "as-sgp-2");
        expect((await createRaw(sim, { clusterId: undefined })).json.reason).toBe("INSUFFICIENT_RESOURCE");
    });

    it("more GPUs than one instance of the product can have is INSUFFICIENT_RESOURCE", async () => {
        expect((await createRaw(sim, { productId: "L40S.16c120g", gpuNum: 8 })).json.reason).toBe("INSUFFICIENT_RESOURCE");
    });

    it("rootfsSize above the product's maxRootFS is VALIDATOR_PARAM naming rootfsSize", async () => {
        const r = await createRaw(sim, { rootfsSize: 501 });
        expect([r.status, r.json.reason]).toEqual([400, "VALIDATOR_PARAM"]);
        expect(r.json.message).toContain("rootfsSize");
        expect((await createRaw(sim, { rootfsSize: 500 })).status).toBe(200);
    });

    it("an unknown productId is VALIDATOR_PARAM naming productId; an unknown imageAuthId is RESOURCE_NOT_FOUND", async () => {
        const p = await createRaw(sim, { productId: "B200.1c1g" });
        expect([p.json.reason, p.json.message.includes("productId")]).toEqual(["VALIDATOR_PARAM", true]);
        expect((await createRaw(sim, { imageAuthId: "nosuchauth" })).json.reason).toBe("RESOURCE_NOT_FOUND");
    });

    it("an unknown network storage id is NETWORK_STORAGE_NOT_FOUND; VPC networks are not simulated, so every networkId is NETWORK_NOT_FOUND", async () => {
        expect((await createRaw(sim, { networkStorages: [{ Id: "d4e82677-3f80-4020-a731-d15b1c589aa8" }] })).json.reason).toBe("NETWORK_STORAGE_NOT_FOUND");
        expect((await createRaw(sim, { networkId: "net-1" })).json.reason).toBe("NETWORK_NOT_FOUND");
    });

    it("the products listing reflects GPUs in use", async () => {
        sim.setCapacity("3090.16c92g", "as-in-1", 2, "onDemand");
        const avail = async () => (await get(sim, "/v1/products", { clusterId: "as-in-1", productName: "3090" })).json.data[0];
        expect(await avail()).toMatchObject({ availableDeploy: true, inventoryState: "low" });
        await create(sim, { productId: "3090.16c92g", clusterId: "as-in-1", gpuNum: 2 });
        expect(await avail()).toMatchObject({ availableDeploy: false, inventoryState: "none" });
    });

    it("a failed create gives its GPUs back when it fails", async () => {
        sim.setCapacity("4090.16c62g", "as-sgp-2", 1, "onDemand");
        sim.failNextCreate();
        const id = await create(sim);
        expect(sim.freeGpus("4090.16c62g", "as-sgp-2")).toBe(0);
        sim.advance(60);
        expect(await status(sim, id)).toBe("exited");
        expect(sim.freeGpus("4090.16c62g", "as-sgp-2")).toBe(1);
    });
});
