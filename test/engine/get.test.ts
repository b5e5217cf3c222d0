/**
 * `GpuInstance.get` / `RegistryAuth.get` through the offline engine, which follows Pulumi's ReadStep (step.go): it
 * raises no error of its own when the provider answers a read with no id, and records the requested id with whatever
 * outputs came back. So a typo'd id is refused by the provider's `read`, naming the id, and these tests prove that.
 */
import * as novita from "../../src";
import { NovitaClient } from "../../src/api/client";
import { DeploymentError } from "../../src/testing";
import { AUTH, GPU, startNovitaStack, type NovitaStack } from "./harness";

let s: NovitaStack;
beforeEach(async () => (s = await startNovitaStack()));
afterEach(() => s.dispose());

const failure = (p: Promise<unknown>): Promise<DeploymentError> =>
    p.then(
        () => { throw new Error("expected the operation to fail"); },
        (e) => { expect(e).toBeInstanceOf(DeploymentError); return e as DeploymentError; },
    );
const consoleClient = () => new NovitaClient({ apiKey: s.sim.apiKey, baseUrl: s.sim.baseUrl });

test("GpuInstance.get of an id Novita does not know fails, naming the id; nothing is recorded", async () => {
    const err = await failure(s.engine.up(() => ({ name: novita.GpuInstance.get("gpu", "no-such-instance-1").name })));
    expect(err.message).toContain("no GPU instance no-such-instance-1 (GpuInstance.get)");
    expect(err.result.steps.find((x) => x.name === "gpu")).toMatchObject({ op: "read" });
    expect(s.resources(GPU)).toEqual([]);
});

test("GpuInstance.get of a deleted instance fails the same way", async () => {
    const { id } = await consoleClient().createInstance({ name: "short-lived", productId: "4090.16c62g", gpuNum: 1, rootfsSize: 60, imageUrl: "nginx", kind: "gpu" });
    s.sim.outOfBand.delete(id);
    const err = await failure(s.engine.up(() => void novita.GpuInstance.get("gpu", id)));
    expect(err.message).toContain(`no GPU instance ${id} (GpuInstance.get)`);
});

test("RegistryAuth.get of an id Novita does not know fails, naming the id", async () => {
    const err = await failure(s.engine.up(() => ({ name: novita.RegistryAuth.get("auth", "no-such-auth-1").name })));
    expect(err.message).toContain("no registry auth no-such-auth-1 (RegistryAuth.get)");
    expect(s.resources(AUTH)).toEqual([]);
});

test("RegistryAuth.get of an existing auth reads it (the password stays secret)", async () => {
    const auth = await consoleClient().saveRegistryAuth({ name: "console-auth", username: "bot", password: "pw-get-1234" });
    const up = await s.engine.up(() => {
        const a = novita.RegistryAuth.get("auth", auth.id);
        return { name: a.name, username: a.username };
    });
    expect(up.outputs).toEqual({ name: "console-auth", username: "bot" });
    expect(s.byName("auth")).toMatchObject({ id: auth.id, external: true });
    s.assertNoPlaintext([up], ["pw-get-1234"]);
});

test("a refresh still drops a read resource whose instance was deleted since (no error)", async () => {
    const { id } = await consoleClient().createInstance({ name: "read-then-gone", productId: "4090.16c62g", gpuNum: 1, rootfsSize: 60, imageUrl: "nginx", kind: "gpu" });
    await s.engine.up(() => void novita.GpuInstance.get("gpu", id));
    expect(s.byName("gpu").outputs).toMatchObject({ instanceId: id, name: "read-then-gone" });
    s.sim.outOfBand.delete(id);
    const refreshed = await s.engine.refresh();
    expect(refreshed.steps.find((x) => x.name === "gpu")).toMatchObject({ op: "delete" });
    expect(s.resources(GPU)).toEqual([]);
});

test("a refresh drops a managed RegistryAuth deleted in the console (no error)", async () => {
    await s.engine.up(() => void new novita.RegistryAuth("auth", { username: "bot", password: "pw-gone-1234" }));
    await consoleClient().deleteRegistryAuth(s.byName("auth").id);
    const refreshed = await s.engine.refresh();
    expect(refreshed.steps.find((x) => x.name === "auth")).toMatchObject({ op: "delete" });
    expect(s.resources(AUTH)).toEqual([]);
});
