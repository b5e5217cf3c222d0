/** RegistryAuth with GpuInstance: private images, rotation in one up, collisions, delete while in use. */
import * as pulumi from "@pulumi/pulumi";
import * as novita from "../../src";
import { NovitaClient } from "../../src/api/client";
import { DeploymentError } from "../../src/testing";
import { AUTH, startNovitaStack, type NovitaStack } from "./harness";

let s: NovitaStack;
beforeEach(async () => (s = await startNovitaStack()));
afterEach(() => s.dispose());

const program = (password: string, username = "bot") => () => {
    const auth = new novita.RegistryAuth("ghcr", { username, password: pulumi.secret(password) });
    const gpu = new novita.GpuInstance("trainer", { productId: "4090.16c62g", imageUrl: "ghcr.io/acme/trainer:1", imageAuthId: auth.id });
    return { authId: auth.id, authName: auth.name, password: auth.password, instance: gpu.id };
};

test("a private image runs with the auth's id; the password stays secret everywhere", async () => {
    const up = await s.engine.up(program("pw-rotation-1"));
    const auth = s.byName("ghcr");
    expect(s.sim.registryAuths()).toEqual([{ id: auth.id, name: auth.outputs.name, username: "bot", password: "pw-rotation-1" }]);
    expect(s.sim.instance(s.byName("trainer").id)!.imageAuthId).toBe(auth.id);
    expect(String(auth.outputs.name)).toMatch(/^ghcr-[0-9a-f]{7}$/);
    expect(auth.secretKeys).toContain("password");
    s.assertNoPlaintext([up], ["pw-rotation-1", s.sim.apiKey]);
});

test("rotating the password converges in one up: new auth, instance upgraded onto it, old auth deleted", async () => {
    await s.engine.up(program("pw-rotation-1"));
    const oldAuth = s.byName("ghcr").id;
    const instanceId = s.byName("trainer").id;
    s.sim.clearRequestLog();

    const up = await s.engine.up(program("pw-rotation-2"));
    expect(up.steps.find((x) => x.name === "ghcr")).toMatchObject({ op: "replace", replaces: ["password"] });
    expect(up.steps.find((x) => x.name === "trainer")).toMatchObject({ op: "update", changedKeys: ["imageAuthId"] });
    const newAuth = s.byName("ghcr").id;
    expect(newAuth).not.toBe(oldAuth);
    expect(s.sim.registryAuths().map((a) => [a.id, a.password])).toEqual([[newAuth, "pw-rotation-2"]]);
    expect(s.sim.instance(instanceId)!.imageAuthId).toBe(newAuth);
    // Save the new auth, upgrade the instance onto it, then delete the old one: never IMAGE_AUTH_IN_USE.
    const posts = s.sim.requestLog().filter((r) => r.method === "POST").map((r) => `${r.path.split("/").slice(-2).join("/")}:${r.status}`);
    expect(posts).toEqual(["auth/save:200", "instance/upgrade:200", "auth/delete:200"]);
    s.assertInstancesMatchState();
    s.assertNoPlaintext([up], ["pw-rotation-1", "pw-rotation-2", s.sim.apiKey]);
});

test("an explicit name that already exists is a clear error and nothing is saved", async () => {
    await new NovitaClient({ apiKey: s.sim.apiKey, baseUrl: s.sim.baseUrl }).saveRegistryAuth({ name: "dockerhub", username: "x", password: "console-pw" });
    const err = await s.engine.up(() => void new novita.RegistryAuth("hub", { name: "dockerhub", username: "bot", password: "pw-other-1" })).catch((e) => e);
    expect(err).toBeInstanceOf(DeploymentError);
    expect(err.message).toMatch(/name.*"dockerhub" already exists/);
    expect(err.message).not.toContain("pw-other-1");
    expect(s.sim.registryAuths()).toHaveLength(1);
});

test("deleting an auth still used by an instance outside the stack retries, then names the instance", async () => {
    await s.engine.up(() => void new novita.RegistryAuth("ghcr", { username: "bot", password: "pw-in-use-1", timeouts: { delete: "20s" } }));
    const authId = s.byName("ghcr").id;
    const outside = await new NovitaClient({ apiKey: s.sim.apiKey, baseUrl: s.sim.baseUrl }).createInstance({
        name: "made-in-console", productId: "4090.16c62g", gpuNum: 1, rootfsSize: 60, imageUrl: "x", imageAuthId: authId, kind: "gpu",
    });
    const err = await s.engine.destroy().catch((e) => e);
    expect(err).toBeInstanceOf(DeploymentError);
    expect(err.message).toContain(`made-in-console (${outside.id})`);
    const deletes = s.sim.requestLog().filter((r) => r.path === "/v1/repository/auth/delete");
    expect(deletes.length).toBeGreaterThan(1);
    expect(deletes.every((r) => r.status === 400)).toBe(true);
    expect(s.resources(AUTH)).toHaveLength(1); // still managed: a later destroy can finish the job
});

test("a changed username replaces the auth too", async () => {
    await s.engine.up(program("pw-user-1", "bot"));
    const up = await s.engine.up(program("pw-user-1", "robot"));
    expect(up.steps.find((x) => x.name === "ghcr")).toMatchObject({ op: "replace", replaces: ["username"] });
    expect(s.sim.registryAuths().map((a) => a.username)).toEqual(["robot"]);
});
