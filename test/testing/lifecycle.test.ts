import { Item } from "./fixtures/item-provider";
import { items, startStack, type TestStack } from "./fixtures/setup";
import type { OperationResult } from "../../src/testing";

const methods = (r: OperationResult) => r.rpcs.map((c) => c.method);
const opsOf = (r: OperationResult) => Object.fromEntries(r.steps.map((s) => [s.name, s.op]));

let s: TestStack;
beforeEach(async () => (s = await startStack()));
afterEach(() => s.dispose());

const twoItems = (size = 2) => () => {
    const a = new Item("a", { name: "alpha", size });
    const b = new Item("b", { name: "beta" });
    return { aEtag: a.etag, bId: b.id };
};

test("preview runs only Check and Diff and creates nothing", async () => {
    const first = await s.engine.preview(twoItems());
    expect(new Set(methods(first))).toEqual(new Set(["configure", "check"]));
    expect(opsOf(first)).toEqual({ "demo-dev": "create", a: "create", b: "create" });
    expect(first.summary.create).toBe(3);
    expect(s.api.calls()).toEqual([]);
    expect(s.engine.state).toEqual([]);

    await s.engine.up(twoItems());
    const stateAfterUp = s.engine.state;
    const callsAfterUp = s.api.calls();

    const changed = await s.engine.preview(twoItems(7));
    expect(new Set(methods(changed))).toEqual(new Set(["configure", "check", "diff"]));
    expect(changed.steps.find((x) => x.name === "a")).toMatchObject({ op: "update", changedKeys: ["size"] });
    expect(s.api.calls()).toEqual(callsAfterUp);
    expect(s.engine.state).toEqual(stateAfterUp);
});

test("up creates every resource and records its id, inputs and outputs", async () => {
    const up = await s.engine.up(twoItems());
    expect(opsOf(up)).toEqual({ "demo-dev": "create", a: "create", b: "create" });
    expect(methods(up).filter((m) => m === "create")).toHaveLength(2);
    expect(s.api.items.size).toBe(2);

    const [a, b] = ["a", "b"].map((n) => items(s.engine).find((r) => r.name === n)!);
    const apiA = s.api.items.get(a.id)!;
    expect(apiA).toMatchObject({ name: "alpha", size: 2 });
    expect(a.inputs).toMatchObject({ name: "alpha", size: 2 });
    expect(a.outputs).toMatchObject({ name: "alpha", size: 2, etag: apiA.etag, providerVersion: "v1" });
    expect(b.inputs.size).toBe(1); // default applied by check() is stored as an input
    expect(up.outputs).toEqual({ aEtag: apiA.etag, bId: b.id });
});

test("a second up with the same program reports only same steps and sends no Create/Update", async () => {
    await s.engine.up(twoItems());
    const calls = s.api.calls();
    const again = await s.engine.up(twoItems());
    expect(new Set(again.steps.map((x) => x.op))).toEqual(new Set(["same"]));
    expect(again.summary).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0, same: 3 });
    expect(methods(again)).not.toContain("create");
    expect(methods(again)).not.toContain("update");
    expect(methods(again).filter((m) => m === "diff")).toHaveLength(2);
    expect(s.api.calls()).toEqual(calls);
});

test("an input change is an update reporting the changed keys", async () => {
    await s.engine.up(twoItems(2));
    const before = items(s.engine).find((r) => r.name === "a")!;
    const up = await s.engine.up(twoItems(5));
    const step = up.steps.find((x) => x.name === "a")!;
    expect(step).toMatchObject({ op: "update", changedKeys: ["size"], id: before.id });
    expect(opsOf(up).b).toBe("same");
    expect(s.api.calls().slice(-1)).toEqual([`PUT ${before.id}`]);
    const after = items(s.engine).find((r) => r.name === "a")!;
    expect(after).toMatchObject({ id: before.id, inputs: { size: 5 }, outputs: { size: 5 } });
});

test("removing a resource from the program deletes it at the end of the run", async () => {
    await s.engine.up(twoItems());
    const b = items(s.engine).find((r) => r.name === "b")!;
    const up = await s.engine.up(async () => {
        const a = new Item("a", { name: "alpha", size: 2 });
        await new Promise((resolve) => a.id.apply(resolve)); // every registration so far is done...
        new Item("c", { name: "gamma" }); // ...and c registers after that: b's delete still waits for it
    });
    const steps = up.steps.map((x) => `${x.op} ${x.name}`);
    expect(steps.slice(0, 3).sort()).toEqual(["create c", "same a", "same demo-dev"]);
    expect(steps[3]).toBe("delete b"); // after every registration
    expect(up.steps[3].oldId).toBe(b.id);
    expect(s.api.calls().slice(-2)).toEqual(["POST gamma", `DELETE ${b.id}`]);
    expect(items(s.engine).map((r) => r.name).sort()).toEqual(["a", "c"]);
});

test("preview, up, up, refresh and destroy run one after another in one process", async () => {
    const program = twoItems();
    expect((await s.engine.preview(program)).summary.create).toBe(3);
    expect((await s.engine.up(program)).summary.create).toBe(3);
    expect((await s.engine.up(program)).summary.same).toBe(3);
    const refreshed = await s.engine.refresh();
    expect(refreshed.summary).toMatchObject({ same: 3, refresh: 0, delete: 0 });
    const destroyed = await s.engine.destroy();
    expect(destroyed.summary.delete).toBe(3);
    expect(s.engine.state).toEqual([]);
    expect(s.api.items.size).toBe(0);
    // and the engine is reusable afterwards
    expect((await s.engine.up(program)).summary.create).toBe(3);
});
