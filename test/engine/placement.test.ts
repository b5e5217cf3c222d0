/** `placement` on GpuInstance and getOptimalProductOutput in a stack: select at create, fail over, stay sticky. */
import * as novita from "../../src";
import { DeploymentError } from "../../src/testing";
import { GPU, startNovitaStack, type NovitaStack } from "./harness";

let s: NovitaStack;
beforeEach(async () => (s = await startNovitaStack()));
afterEach(() => s.dispose());

type Placement = novita.PlacementArgs;
const sel: Placement = { productName: "RTX 4090", regions: ["AS-SGP-02", "CN-HK-01", "AS-IN-01"] };
const program = (placement: Placement = sel, count = 1) => () => {
    for (let i = 0; i < count; i++) new novita.GpuInstance(count === 1 ? "gpu" : `gpu-${i}`, { placement, imageUrl: "nginx" });
};
const gpu = (name = "gpu") => s.byName(name).outputs as Record<string, unknown> & { placementAttempts: { outcome: string; clusterId: string; message: string | null }[] };
const createPosts = () => s.sim.requestLog().filter((r) => r.path === "/v1/gpu/instance/create");
/** Refuses creates in one cluster with INSUFFICIENT_RESOURCE (as when stock vanished between listing and create). */
const refuseIn = (clusterId: string, count = 1) =>
    s.sim.inject({ path: (r) => r.path === "/v1/gpu/instance/create" && (r.body as { clusterId?: string }).clusterId === clusterId, kind: "status", status: 400, reason: "INSUFFICIENT_RESOURCE", count });

test("the provider picks at create time and records the choice and the attempts", async () => {
    await s.engine.up(program({ ...sel, strategy: "cheapest" }));
    expect(gpu()).toMatchObject({ productId: "4090.16c96g.v2", clusterId: "cn-hongkong-1", clusterName: "CN-HK-01", billingMode: "onDemand", pricePerGpuHour: 0.29, pricePerHour: 0.29 });
    expect(gpu().placementAttempts).toEqual([{ productId: "4090.16c96g.v2", clusterId: "cn-hongkong-1", billingMode: "onDemand", outcome: "created", message: null, instanceId: s.byName("gpu").id }]);
    s.assertInstancesMatchState();
});

test("INSUFFICIENT_RESOURCE on the first candidate fails over to the next, nothing left behind", async () => {
    refuseIn("as-sgp-2");
    await s.engine.up(program());
    expect(gpu().placementAttempts.map((a) => [a.clusterId, a.outcome])).toEqual([["as-sgp-2", "soldOut"], ["cn-hongkong-1", "created"]]);
    expect(gpu().clusterId).toBe("cn-hongkong-1");
    s.assertInstancesMatchState();
});

test("an instance that fails to start for lack of capacity is deleted and the next candidate tried", async () => {
    s.sim.failNextCreate({ message: "insufficient GPU resources on the node", clusterId: "as-sgp-2" });
    await s.engine.up(program());
    const attempts = gpu().placementAttempts;
    expect(attempts.map((a) => [a.clusterId, a.outcome])).toEqual([["as-sgp-2", "failedToStart"], ["cn-hongkong-1", "created"]]);
    expect(attempts[0]!.message).toMatch(/insufficient/);
    expect(s.sim.instances()).toHaveLength(1);
    s.assertInstancesMatchState();
});

test("spot then on-demand: spot anywhere first, on-demand when every spot create is refused", async () => {
    for (const c of ["as-sgp-2", "cn-hongkong-1", "as-in-1"]) refuseIn(c);
    await s.engine.up(program({ ...sel, billingMode: "spotThenOnDemand" }));
    const attempts = gpu().placementAttempts;
    expect(attempts.slice(0, 3).every((a) => a.outcome === "soldOut")).toBe(true);
    expect(gpu()).toMatchObject({ billingMode: "onDemand", clusterId: "as-sgp-2" });
    expect(s.sim.instance(s.byName("gpu").id)!.billingMode).toBe("onDemand");
});

test("all regions sold out: one aggregated error, no instance left behind, nothing recorded", async () => {
    s.sim.setSoldOut("4090.16c62g", "as-sgp-2");
    s.sim.setSoldOut("4090.16c96g.v2", "cn-hongkong-1");
    s.sim.setSoldOut("4090.16c96g.v2", "as-in-1");
    const err = await s.engine.up(program()).catch((e) => e);
    expect(err).toBeInstanceOf(DeploymentError);
    for (const r of ["AS-SGP-02", "CN-HK-01", "AS-IN-01"]) expect(err.message).toContain(r);
    expect(createPosts()).toHaveLength(0);
    expect(s.sim.instances()).toHaveLength(0);
    expect(s.resources(GPU)).toHaveLength(0);
});

test("capacity refused at create everywhere: every attempt listed, nothing left running", async () => {
    for (const c of ["as-sgp-2", "cn-hongkong-1", "as-in-1"]) refuseIn(c, 5);
    const err = await s.engine.up(program()).catch((e) => e);
    expect(err.message).toMatch(/no capacity for any placement candidate; nothing was left running/);
    expect(s.sim.instances()).toHaveLength(0);
});

test("sticky: a later price move never re-selects or replaces; previews make no API call", async () => {
    await s.engine.up(program({ ...sel, strategy: "cheapest" }));
    const id = s.byName("gpu").id;
    s.sim.setPrice("4090.16c62g", { onDemand: 0.1 }); // Singapore is now far cheaper
    s.sim.clearRequestLog();
    const pv = await s.engine.preview(program({ ...sel, strategy: "cheapest" }));
    expect(pv.steps.find((x) => x.name === "gpu")!.op).toBe("same");
    const up = await s.engine.up(program({ ...sel, strategy: "cheapest" }));
    expect(up.steps.find((x) => x.name === "gpu")!.op).toBe("same");
    expect(s.byName("gpu").id).toBe(id);
    expect(s.sim.requestLog()).toHaveLength(0);
});

test("a selector change the current placement still satisfies updates in place; one it no longer satisfies replaces", async () => {
    await s.engine.up(program());
    const id = s.byName("gpu").id;
    s.sim.clearRequestLog();
    const kept = await s.engine.up(program({ ...sel, regions: ["CN-HK-01", "AS-SGP-02"], maxPricePerHour: 0.5, strategy: "cheapest" }));
    expect(kept.steps.find((x) => x.name === "gpu")).toMatchObject({ op: "update", changedKeys: ["placement"] });
    expect(s.byName("gpu").id).toBe(id);
    expect(s.sim.requestLog().filter((r) => r.method === "POST")).toHaveLength(0);
    const moved = await s.engine.up(program({ ...sel, regions: ["CN-HK-01"] }));
    expect(moved.steps.find((x) => x.name === "gpu")).toMatchObject({ op: "replace", replaces: ["placement"] });
    expect(gpu().clusterId).toBe("cn-hongkong-1");
    s.assertInstancesMatchState();
});

test("maxPricePerHour is checked against the live price at create time", async () => {
    s.sim.setPrice("4090.16c62g", { onDemand: 0.9 });
    s.sim.setPrice("4090.16c96g.v2", { onDemand: 0.9 });
    const err = await s.engine.up(program({ ...sel, maxPricePerHour: 0.5 })).catch((e) => e);
    expect(err.message).toMatch(/maxPricePerHour/);
    expect(s.sim.instances()).toHaveLength(0);
});

test("sold-out combinations are remembered by the provider process: later instances skip them", async () => {
    // The memory lasts 3 min of API time. Run the provider at time scale 1 so that means 3 real minutes whatever
    // the machine's load (at 0.001 it would be 180 ms, less than a loaded machine may take between the two
    // creates); instances boot at once (bootSeconds 0), so the provider's real-time polls cost nothing.
    const real = await startNovitaStack({ bootSeconds: 0 }, { "novita:timeScale": "1" });
    try {
        real.sim.inject({ path: (r) => r.path === "/v1/gpu/instance/create" && (r.body as { clusterId?: string }).clusterId === "as-sgp-2", kind: "status", status: 400, reason: "INSUFFICIENT_RESOURCE" });
        await real.engine.up(() => {
            const first = new novita.GpuInstance("gpu-0", { placement: sel, imageUrl: "nginx" });
            new novita.GpuInstance("gpu-1", { placement: sel, imageUrl: "nginx" }, { dependsOn: [first] });
        });
        const attempts = (name: string) => (real.byName(name).outputs as ReturnType<typeof gpu>).placementAttempts;
        expect(attempts("gpu-0").map((a) => a.outcome)).toEqual(["soldOut", "created"]);
        expect(attempts("gpu-1").map((a) => a.outcome)).toEqual(["skipped", "created"]);
        expect(attempts("gpu-1")[0]!.message).toMatch(/sold out .*ago/);
        const posts = real.sim.requestLog().filter((r) => r.path === "/v1/gpu/instance/create");
        expect(posts.filter((r) => (r.body as { clusterId: string }).clusterId === "as-sgp-2")).toHaveLength(1);
        real.assertInstancesMatchState();
    } finally {
        await real.dispose();
    }
});

test("getOptimalProductOutput feeding productId and clusterId: the pick becomes plain inputs", async () => {
    const prog = () => {
        const pick = novita.getOptimalProductOutput({ productName: "RTX 4090", strategy: "cheapest" });
        const g = new novita.GpuInstance("gpu", { productId: pick.productId, clusterId: pick.clusterId, imageUrl: "nginx" });
        return { region: pick.region, price: pick.pricePerHour, id: g.id };
    };
    const up = await s.engine.up(prog);
    expect(up.outputs).toMatchObject({ region: "CN-HK-01", price: 0.29 });
    expect(gpu()).toMatchObject({ productId: "4090.16c96g.v2", clusterId: "cn-hongkong-1" });
    // When the catalogue moves, the data-source style follows it (a replace the preview shows): that is its contract.
    s.sim.setPrice("4090.16c62g", { onDemand: 0.2 });
    const pv = await s.engine.preview(prog);
    expect(pv.steps.find((x) => x.name === "gpu")).toMatchObject({ op: "replace", replaces: expect.arrayContaining(["productId", "clusterId"]) });
});
