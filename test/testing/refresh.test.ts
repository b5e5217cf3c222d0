import { Item } from "./fixtures/item-provider";
import { items, startStack, type TestStack } from "./fixtures/setup";

let s: TestStack;
beforeEach(async () => (s = await startStack()));
afterEach(() => s.dispose());

const program = () => {
    new Item("a", { name: "alpha", size: 2 });
    new Item("b", { name: "beta", size: 3 });
};
const byName = (name: string) => items(s.engine).find((r) => r.name === name)!;

test("refresh picks up out-of-band drift into outputs and inputs, and the next up corrects it", async () => {
    await s.engine.up(program);
    const a = byName("a");
    s.api.items.get(a.id)!.size = 42; // someone resized it by hand

    const refreshed = await s.engine.refresh();
    expect(refreshed.steps.find((x) => x.name === "a")).toMatchObject({ op: "refresh", changedKeys: ["size"], id: a.id });
    expect(refreshed.steps.find((x) => x.name === "b")!.op).toBe("same");
    expect(refreshed.summary).toMatchObject({ refresh: 1, delete: 0 });
    expect(refreshed.rpcs.filter((c) => c.method === "read")).toHaveLength(2);
    expect(byName("a")).toMatchObject({ id: a.id, outputs: { size: 42, etag: a.outputs.etag }, inputs: { size: 42 } });
    expect(s.api.calls().filter((c) => !c.startsWith("POST"))).toEqual([]); // refresh changes nothing remotely

    const up = await s.engine.up(program);
    expect(up.steps.find((x) => x.name === "a")).toMatchObject({ op: "update", changedKeys: ["size"] });
    expect(s.api.items.get(a.id)!.size).toBe(2);
});

test("refresh drops a resource deleted out of band, and the next up recreates it", async () => {
    await s.engine.up(program);
    const b = byName("b");
    s.api.items.delete(b.id);

    const refreshed = await s.engine.refresh();
    expect(refreshed.steps.find((x) => x.name === "b")).toMatchObject({ op: "delete", oldId: b.id });
    expect(items(s.engine).map((r) => r.name)).toEqual(["a"]);
    expect(refreshed.rpcs.map((c) => c.method)).not.toContain("delete");

    const up = await s.engine.up(program);
    expect(up.steps.find((x) => x.name === "b")!.op).toBe("create");
    expect(byName("b").id).not.toBe(b.id);
});

test("refresh reads with the stored outputs (incl. their __provider) as properties", async () => {
    await s.engine.up(program);
    const a = byName("a");
    await s.engine.refresh();
    const read = s.api.observations.find((o) => o.rpc === "read" && o.name === "alpha")!;
    expect(read.news).toEqual(a.outputs); // outputs, not inputs: etag/token are output-only
    expect(read.news.etag).toBeDefined();
    expect(read.news.__provider).toBe(a.outputs.__provider);
});
