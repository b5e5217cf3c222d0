import { startSimulator, type Simulator } from "../../src/simulator";
import { create, createBody, get, post } from "./helpers";

/** Every request is validated with the shared zod schemas: 400 VALIDATOR_PARAM naming the field, never the value. */
describe("simulator request validation", () => {
    let sim: Simulator;
    beforeAll(async () => void (sim = await startSimulator()));
    afterAll(() => sim.close());

    const expectInvalid = (r: { status: number; json: any }, field: string) => {
        expect(r.status).toBe(400);
        expect(r.json).toEqual({ code: 400, reason: "VALIDATOR_PARAM", message: expect.any(String), metadata: {} });
        expect(r.json.message).toContain(field);
    };
    const createWith = (overrides: Record<string, unknown>) => post(sim, "/v1/gpu/instance/create", createBody(overrides));

    it.each([
        ["gpuNum 9", { gpuNum: 9 }, "gpuNum"],
        ["gpuNum 0", { gpuNum: 0 }, "gpuNum"],
        ["rootfsSize 5", { rootfsSize: 5 }, "rootfsSize"],
        ["rootfsSize 6145", { rootfsSize: 6145 }, "rootfsSize"],
        ["reserved port 2222", { ports: "2222/tcp" }, "ports.0.port"],
        ["port 70000", { ports: "70000/http" }, "ports.0.port"],
        ["101 envs", { envs: Array.from({ length: 101 }, (_, i) => ({ key: `K${i}`, value: "v" })) }, "envs"],
        ["env key of 512 chars", { envs: [{ key: "k".repeat(512), value: "v" }] }, "envs.0.key"],
        ["imageUrl of 501 chars", { imageUrl: "i".repeat(501) }, "imageUrl"],
        ["name of 256 chars", { name: "n".repeat(256) }, "name"],
        ["unknown billingMode", { billingMode: "hourly" }, "billingMode"],
        ["kind other than gpu/cpu", { kind: "tpu" }, "kind"],
        ["16 ports", { ports: Array.from({ length: 16 }, (_, i) => `${8000 + i}/http`).join(",") }, "ports"],
        ["a port spec that is not <port>/<type>", { ports: "80/ftp" }, "ports"],
        ["the same port twice", { ports: "80/http, 80/tcp" }, "ports"],
        ["autoRenewMonth 13", { autoRenewMonth: 13 }, "autoRenewMonth"],
    ])("create with %s is VALIDATOR_PARAM naming %s", async (_label, overrides, field) => {
        expectInvalid(await createWith(overrides), field);
    });

    it("names a missing required field as required", async () => {
        const body = createBody();
        delete body.imageUrl;
        const r = await post(sim, "/v1/gpu/instance/create", body);
        expectInvalid(r, "imageUrl");
        expect(r.json.message).toContain("imageUrl: is required");
    });

    it("never echoes values in validation messages (env values, port specs, passwords)", async () => {
        const secret = "s3cr3t-".repeat(600); // > 4095 chars
        const r = await createWith({ envs: [{ key: "TOKEN", value: secret }] });
        expectInvalid(r, "envs.0.value");
        expect(r.text).not.toContain("s3cr3t");
        const p = await createWith({ ports: "8080/http, 9999/udp" });
        expectInvalid(p, "ports");
        expect(p.text).not.toContain("9999/udp");
        const a = await post(sim, "/v1/repository/auth/save", { name: "reg", username: "u", password: "p".repeat(1025) });
        expectInvalid(a, "password");
        expect(a.text).not.toContain("ppppp");
    });

    // Behaviour changed by issue #12: paging is optional (see list.test.ts), but given values are still checked.
    it("list instances checks pageSize and pageNum when they are given", async () => {
        expect((await get(sim, "/v1/gpu/instances")).status).toBe(200);
        expectInvalid(await get(sim, "/v1/gpu/instances", { pageSize: 10, pageNum: "first" }), "pageNum");
        expectInvalid(await get(sim, "/v1/gpu/instances", { pageSize: "ten", pageNum: 0 }), "pageSize");
        expectInvalid(await get(sim, "/v1/gpu/instances", { pageSize: -1, pageNum: 0 }), "pageSize");
    });

    it("get instance requires instanceId", async () => {
        expectInvalid(await get(sim, "/v1/gpu/instance"), "instanceId");
    });

    it("actions require instanceId", async () => {
        for (const a of ["start", "stop", "restart", "delete", "edit"]) expectInvalid(await post(sim, `/v1/gpu/instance/${a}`, {}), "instanceId");
    });

    it("edit validates its ports array and the ports + tools budget", async () => {
        const id = await create(sim, { tools: [{ name: "Jupyter", port: "8888", type: "http" }] });
        sim.advance(61);
        expectInvalid(await post(sim, "/v1/gpu/instance/edit", { instanceId: id, ports: [{ port: 2223, type: "tcp" }] }), "ports.0.port");
        expectInvalid(await post(sim, "/v1/gpu/instance/edit", { instanceId: id, ports: [{ port: 80, type: "udp" }] }), "ports.0.type");
        expectInvalid(await post(sim, "/v1/gpu/instance/edit", { instanceId: id, expandRootDisk: -1 }), "expandRootDisk");
        const fifteen = Array.from({ length: 15 }, (_, i) => ({ port: 9000 + i, type: "http" }));
        expectInvalid(await post(sim, "/v1/gpu/instance/edit", { instanceId: id, ports: fifteen }), "ports"); // 15 + 1 tool > 15
        expect((await post(sim, "/v1/gpu/instance/edit", { instanceId: id, ports: fifteen.slice(1) })).status).toBe(200);
    });

    it("upgrade requires every documented field", async () => {
        const id = await create(sim);
        const r = await post(sim, "/v1/gpu/instance/upgrade", { instanceId: id, imageUrl: "x" });
        expectInvalid(r, "envs");
        for (const f of ["command", "entrypoint", "save", "networkVolume"]) expect(r.json.message).toContain(f);
    });

    it("tools need port numbers", async () => {
        expectInvalid(await createWith({ tools: [{ name: "Jupyter", port: "jupyter", type: "http" }] }), "tools.0.port");
    });

    // Behaviour changed by issue #12: channel and isMyCommunity are optional (see registry-templates.test.ts).
    it("templates list checks channel and isMyCommunity when they are given", async () => {
        expectInvalid(await get(sim, "/v1/templates", { channel: "public" }), "channel");
        expectInvalid(await get(sim, "/v1/templates", { channel: "private", isMyCommunity: "yes" }), "isMyCommunity");
    });
});
