import { changesOf, hasNoChanges, plainOutputs, startNovitaTestStack, type NovitaTestStack } from "pulumi-novita/testing";
import { loadExample, printed, startExample } from "./helpers";

const example = loadExample("private-registry");
const config = (password: string) => ({ registryUsername: "acme-ci", registryPassword: { value: password, secret: true } });
const stacks: NovitaTestStack[] = [];
afterEach(async () => {
    for (const s of stacks.splice(0).reverse()) await s.close();
});

test("private registry: the instance pulls with the RegistryAuth; the password never appears; destroy removes both", async () => {
    const stack = await startExample(example, { config: config("ghp_first_password_123") });
    stacks.push(stack);
    const up = await stack.engine.up(example.program);
    const outputs = plainOutputs(up);
    expect(outputs).toMatchObject({
        image: "ghcr.io/acme/private-inference:2.3.1",
        // cheapest RTX 4090 with ≥ 64 GB per GPU across the three regions, CN-HK-01 listed before AS-IN-01 at the same price
        region: "CN-HK-01",
        product: "4090.16c96g.v2",
        pricePerHour: 0.29,
        cheapestNow: "4090.16c96g.v2 in CN-HK-01 at $0.29/h",
    });
    const [auth] = stack.simulator.registryAuths();
    expect(auth).toMatchObject({ name: outputs.registryAuth, username: "acme-ci", password: "ghp_first_password_123" });
    expect(stack.instanceFor("inference")).toMatchObject({ status: "running", imageAuthId: auth!.id });
    expect(printed(up)).not.toContain("ghp_first_password_123");
    expect(stack.engine.state.find((r) => r.name === "ghcr")!.secretKeys).toContain("password");

    await stack.engine.destroy();
    expect(stack.simulator.registryAuths()).toEqual([]);
    expect(stack.liveInstances()).toEqual([]);
});

test("rotating the password converges in one up: new auth, instance upgraded in place (same id), old auth deleted", async () => {
    const first = await startExample(example, { config: config("ghp_old_password_1") });
    stacks.push(first);
    await first.engine.up(example.program);
    const instanceId = first.instanceFor("inference")!.id;
    const oldAuth = first.simulator.registryAuths()[0]!;

    // Same simulator and state, new stack config: what `pulumi config set --secret registryPassword …` does.
    const second = await startNovitaTestStack({
        simulator: first.simulator, project: example.project, stack: "dev", config: config("ghp_new_password_2"),
        engine: { providerCwd: example.dir, state: first.engine.state },
    });
    stacks.push(second);
    const up = await second.engine.up(example.program);
    expect(changesOf(up).map((c) => [c.name, c.op])).toEqual([["ghcr", "replace"], ["inference", "update"]]);
    expect(changesOf(up).find((c) => c.name === "inference")!.changedKeys).toEqual(["imageAuthId"]);
    const auths = second.simulator.registryAuths();
    expect(auths).toHaveLength(1);
    expect(auths[0]!.id).not.toBe(oldAuth.id);
    expect(auths[0]!.password).toBe("ghp_new_password_2");
    expect(second.instanceFor("inference")).toMatchObject({ id: instanceId, imageAuthId: auths[0]!.id, status: "running" });
    expect(printed(up)).not.toMatch(/ghp_(old|new)_password/);
    await second.engine.destroy();
    expect(second.orphans()).toEqual([]);
});

test("ignoreChanges keeps the first pick: a cheaper offer later changes the quote output, not the instance", async () => {
    const stack = await startExample(example, { config: config("ghp_pw_3") });
    stacks.push(stack);
    await stack.engine.up(example.program);
    stack.simulator.setPrice("4090.16c62g", { onDemand: 0.2 }); // now the cheapest, but only 62 GB per GPU
    stack.simulator.setPrice("4090.16c96g.v2", { onDemand: 0.25 }); // cheaper in both regions: a tie, CN-HK-01 is listed first…
    stack.simulator.setSoldOut("4090.16c96g.v2", "cn-hongkong-1"); // …so move the pick to AS-IN-01
    const again = await stack.engine.preview(example.program);
    expect(plainOutputs(again).cheapestNow).toBe("4090.16c96g.v2 in AS-IN-01 at $0.25/h");
    expect(hasNoChanges(again)).toBe(true);
    await stack.engine.destroy();
    expect(stack.orphans()).toEqual([]);
});
