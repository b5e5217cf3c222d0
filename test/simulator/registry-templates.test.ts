import { startSimulator, type Simulator } from "../../src/simulator";
import { create, frozenSimulatorPerTest, get, post } from "./helpers";

describe("simulator registry auths", () => {
    let sim: Simulator;
    // timeScale 1 with the wall clock frozen: an instance is "still removing" until advance() says otherwise.
    frozenSimulatorPerTest({ seed: "reg" }, (s) => (sim = s));

    const list = async () => (await get(sim, "/v1/repository/auths")).json.data as { id: string; name: string; username: string; password: string }[];

    it("save answers {} without the id; list returns the auth with a 32-char id and the password in clear", async () => {
        const r = await post(sim, "/v1/repository/auth/save", { name: "ghcr", username: "bot", password: "hunter22" });
        expect([r.status, r.json]).toEqual([200, {}]);
        const data = await list();
        expect(data).toEqual([{ id: expect.stringMatching(/^[a-z0-9]{32}$/), name: "ghcr", username: "bot", password: "hunter22" }]);
        expect(sim.registryAuths()).toEqual(data);
    });

    it("accepts duplicate names (reality unknown: stay permissive)", async () => {
        await post(sim, "/v1/repository/auth/save", { name: "dup", username: "a", password: "pw1" });
        await post(sim, "/v1/repository/auth/save", { name: "dup", username: "b", password: "pw2" });
        const data = await list();
        expect(data).toHaveLength(2);
        expect(new Set(data.map((a) => a.id)).size).toBe(2);
    });

    it("delete {id} answers {}; an unknown id is RESOURCE_NOT_FOUND", async () => {
        await post(sim, "/v1/repository/auth/save", { name: "x", username: "u", password: "p" });
        const [a] = await list();
        const r = await post(sim, "/v1/repository/auth/delete", { id: a!.id });
        expect([r.status, r.json]).toEqual([200, {}]);
        expect(await list()).toEqual([]);
        const again = await post(sim, "/v1/repository/auth/delete", { id: a!.id });
        expect([again.status, again.json.reason]).toEqual([400, "RESOURCE_NOT_FOUND"]);
    });

    it("refuses to delete an auth used by an instance that is not removed (IMAGE_AUTH_IN_USE), and allows it once removed", async () => {
        await post(sim, "/v1/repository/auth/save", { name: "priv", username: "u", password: "p" });
        const [a] = await list();
        const id = await create(sim, { imageAuthId: a!.id });
        expect((await get(sim, "/v1/gpu/instance", { instanceId: id })).json.imageAuthId).toBe(a!.id);
        const r = await post(sim, "/v1/repository/auth/delete", { id: a!.id });
        expect(r.json).toEqual({ code: 400, reason: "IMAGE_AUTH_IN_USE", message: expect.any(String), metadata: {} });
        await post(sim, "/v1/gpu/instance/delete", { instanceId: id });
        expect((await post(sim, "/v1/repository/auth/delete", { id: a!.id })).json.reason).toBe("IMAGE_AUTH_IN_USE"); // still removing
        sim.advance(6);
        expect((await post(sim, "/v1/repository/auth/delete", { id: a!.id })).status).toBe(200);
    });

    it("redacts passwords in the request log", async () => {
        await post(sim, "/v1/repository/auth/save", { name: "logme", username: "u", password: "very-secret-pw" });
        const entry = sim.requestLog().find((e) => e.path === "/v1/repository/auth/save")!;
        expect(entry.body).toEqual({ name: "logme", username: "u", password: "[REDACTED]" });
        expect(JSON.stringify(sim.requestLog())).not.toContain("very-secret-pw");
    });
});

describe("simulator templates", () => {
    let sim: Simulator;
    beforeEach(async () => void (sim = await startSimulator()));
    afterEach(() => sim.close());

    it("get answers {template} with capital Id, numeric-string ids and Unix-second createdAt", async () => {
        const r = await get(sim, "/v1/template", { templateId: "1" });
        expect(r.status).toBe(200);
        expect(Object.keys(r.json)).toEqual(["template"]);
        expect(r.json.template).toMatchObject({
            Id: "1", channel: "official", type: "instance", image: expect.any(String), rootfsSize: 60,
            ports: [{ type: "http", ports: [8888] }], envs: [{ key: "JUPYTER_ENABLE_LAB", value: "yes" }],
            startCommand: expect.any(String), entrypoint: "", createdAt: "1711995567",
        });
        expect(r.json.template.id).toBeUndefined();
    });

    it("an unknown template is 400 TEMPLATE_NOT_FOUND", async () => {
        const r = await get(sim, "/v1/template", { templateId: "424242" });
        expect(r.json).toEqual({ code: 400, reason: "TEMPLATE_NOT_FOUND", message: "template not found", metadata: {} });
    });

    it("list answers {template: [...], total} by channel, with paging", async () => {
        const all = (await get(sim, "/v1/templates", { channel: "official", isMyCommunity: false })).json;
        expect(all.total).toBe(3);
        expect(all.template.map((t: { Id: string }) => t.Id)).toEqual(["1", "2", "3"]);
        const page = (await get(sim, "/v1/templates", { channel: "official", isMyCommunity: false, pageSize: 2, pageNum: 1 })).json;
        expect(page).toMatchObject({ total: 3, template: [{ Id: "3" }] });
        const community = (await get(sim, "/v1/templates", { channel: "community", isMyCommunity: false })).json;
        expect(community.template.map((t: { Id: string }) => t.Id)).toEqual(["100"]);
        const named = (await get(sim, "/v1/templates", { channel: "official", isMyCommunity: false, name: "stable diffusion" })).json;
        expect(named.template.map((t: { Id: string }) => t.Id)).toEqual(["2"]);
    });

    it("create {template} answers {templateId}; the private template is listed, fetched and deleted ({templateId})", async () => {
        const c = await post(sim, "/v1/template/create", { template: { name: "mine", type: "instance", channel: "private", image: "me/img:1", rootfsSize: 10, ports: [{ type: "http", ports: [80] }] } });
        expect(c.status).toBe(200);
        const id = c.json.templateId;
        expect(id).toMatch(/^\d+$/);
        const mine = (await get(sim, "/v1/templates", { channel: "private", isMyCommunity: true })).json;
        expect(mine).toMatchObject({ total: 1, template: [{ Id: id, name: "mine", channel: "private", image: "me/img:1", createdAt: expect.stringMatching(/^\d{10}$/) }] });
        // Booleans in any case (Python clients send True), and both parameters optional: no channel lists every
        // channel the account sees, its own private template included.
        expect((await get(sim, "/v1/templates", { channel: "private", isMyCommunity: "True" })).json.total).toBe(1);
        expect((await get(sim, "/v1/templates", { isMyCommunity: "TRUE" })).json.template.map((t: { Id: string }) => t.Id)).toEqual([id]);
        const every = (await get(sim, "/v1/templates")).json;
        expect(every.template.map((t: { channel: string }) => t.channel).sort()).toEqual(["community", "official", "official", "official", "private"]);
        expect((await get(sim, "/v1/templates", { channel: "official" })).json.total).toBe(3);
        expect((await get(sim, "/v1/template", { templateId: id })).json.template.Id).toBe(id);
        const d = await post(sim, "/v1/template/delete", { templateId: id });
        expect([d.status, d.json]).toEqual([200, { templateId: id }]);
        expect((await get(sim, "/v1/template", { templateId: id })).json.reason).toBe("TEMPLATE_NOT_FOUND");
        expect(sim.templates().some((t) => t.Id === id)).toBe(false);
    });

    it("template create validates with the shared schema; official templates cannot be deleted", async () => {
        const bad = await post(sim, "/v1/template/create", { template: { name: "x", type: "instance", channel: "official", image: "i", rootfsSize: 10 } });
        expect([bad.status, bad.json.reason]).toEqual([400, "VALIDATOR_PARAM"]);
        expect(bad.json.message).toContain("template.channel");
        const ports = await post(sim, "/v1/template/create", { template: { name: "x", type: "instance", channel: "private", image: "i", rootfsSize: 10, ports: [{ type: "http", ports: Array.from({ length: 11 }, (_, i) => 8000 + i) }] } });
        expect(ports.json.message).toContain("template.ports.0.ports");
        const d = await post(sim, "/v1/template/delete", { templateId: "1" });
        expect([d.status, d.json.reason]).toEqual([403, "FORBIDDEN"]);
        expect((await post(sim, "/v1/template/delete", { templateId: "777" })).json.reason).toBe("TEMPLATE_NOT_FOUND");
    });
});
