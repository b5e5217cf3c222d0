import { DeploymentError, plainOutputs, type NovitaTestStack } from "pulumi-novita/testing";
import { loadExample, startExample } from "./helpers";

const example = loadExample("spot-fallback");
let stack: NovitaTestStack | undefined;
afterEach(async () => {
    await stack?.close();
    stack = undefined;
});

async function upWith(maxPricePerHour?: number, prepare?: (s: NovitaTestStack) => void) {
    stack = await startExample(example, { config: maxPricePerHour === undefined ? {} : { maxPricePerHour: String(maxPricePerHour) } });
    prepare?.(stack);
    return stack.engine.up(example.program);
}

async function destroyAndCheck() {
    await stack!.engine.destroy();
    expect(stack!.liveInstances()).toEqual([]);
}

test("spot in the first region when it has spot capacity; the price is per-GPU × 2", async () => {
    const up = await upWith();
    expect(plainOutputs(up)).toEqual({
        region: "AS-SGP-02", product: "4090.16c62g", billingMode: "spot", pricePerHour: 0.36,
        attempts: ["4090.16c62g in as-sgp-2 (spot): created"],
    });
    expect(stack!.instanceFor("trainer")).toMatchObject({ gpuNum: 2, billingMode: "spot", status: "running" });
    await destroyAndCheck();
});

test("a spot candidate refused at create (INSUFFICIENT_RESOURCE) fails over to the next spot candidate", async () => {
    const up = await upWith(undefined, (s) =>
        s.simulator.inject({ kind: "status", status: 400, reason: "INSUFFICIENT_RESOURCE", message: "Insufficient resources", method: "POST", path: "/v1/gpu/instance/create" }),
    );
    expect(plainOutputs(up)).toMatchObject({
        region: "CN-HK-01", billingMode: "spot",
        attempts: ["4090.16c62g in as-sgp-2 (spot): soldOut", "4090.16c62g in cn-hongkong-1 (spot): created"],
    });
    expect(stack!.orphans()).toEqual([]); // the refused candidate left nothing behind
    await destroyAndCheck();
});

test("no spot left in any of the three regions: on-demand, still under the cap", async () => {
    const up = await upWith(undefined, (s) => {
        for (const [p, c] of [["4090.16c62g", "as-sgp-2"], ["4090.16c62g", "cn-hongkong-1"], ["4090.16c96g.v2", "as-in-1"]]) s.simulator.setSoldOut(p!, c!, "spot");
    });
    expect(plainOutputs(up)).toMatchObject({ region: "AS-SGP-02", billingMode: "onDemand", pricePerHour: 0.7 });
    await destroyAndCheck();
});

test("maxPricePerHour caps the instance price: at $0.30 only AS-IN-01's $0.15 × 2 spot qualifies", async () => {
    const up = await upWith(0.3);
    expect(plainOutputs(up)).toMatchObject({ region: "AS-IN-01", product: "4090.16c96g.v2", billingMode: "spot", pricePerHour: 0.3 });
    await destroyAndCheck();
});

test("a cap nothing meets fails the up with the reasons, and creates nothing", async () => {
    const err = await upWith(0.2).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeploymentError);
    const message = (err as DeploymentError).message;
    expect(message).toContain("No offer satisfies the selector");
    expect(message).toContain("AS-IN-01 (as-in-1): over max price: cheapest $0.30/h (4090.16c96g.v2 spot) > maxPricePerHour $0.20/h");
    expect(message).toContain("raise it to at least $0.30/h");
    expect(stack!.liveInstances()).toEqual([]);
    // No resource; the default provider registered before the failing Check stays in state, as under the real
    // CLI (a failed first `up` exports [Stack, pulumi:providers:pulumi-nodejs]).
    expect(stack!.engine.state.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))).toEqual([]);
});
