import { Item } from "./fixtures/item-provider";
import { startStack, type TestStack } from "./fixtures/setup";

let s: TestStack;
beforeEach(async () => (s = await startStack()));
afterEach(() => s.dispose());

test(".get() reads an existing resource, records it as external, and destroy leaves it alone", async () => {
    const existing = s.api.seed("shared", 8);
    const program = () => {
        const found = Item.get("shared", existing.id);
        const mine = new Item("mine", { name: found.name.apply((n) => `${n}-copy`), size: found.size });
        return { foundSize: found.size, mine: mine.name };
    };
    const up = await s.engine.up(program);
    expect(up.steps.find((x) => x.name === "shared")).toMatchObject({ op: "read", id: existing.id });
    expect(up.outputs).toEqual({ foundSize: 8, mine: "shared-copy" });
    const read = s.engine.state.find((r) => r.name === "shared")!;
    expect(read).toMatchObject({ id: existing.id, external: true, outputs: { name: "shared", size: 8 } });
    expect(typeof read.inputs.__provider).toBe("string");

    const again = await s.engine.up(program);
    expect(again.steps.find((x) => x.name === "shared")!.op).toBe("read");
    expect(again.steps.find((x) => x.name === "mine")!.op).toBe("same");

    const destroyed = await s.engine.destroy();
    expect(destroyed.steps.find((x) => x.name === "shared")!.op).toBe("discard");
    expect(s.api.items.has(existing.id)).toBe(true);
    expect(s.api.calls().filter((c) => c.startsWith("DELETE"))).toHaveLength(1); // only "mine"
    expect(s.engine.state).toEqual([]);
});

test("a resource no longer read is dropped from state without a delete", async () => {
    const existing = s.api.seed("shared");
    await s.engine.up(() => void Item.get("shared", existing.id));
    const up = await s.engine.up(() => undefined);
    expect(up.steps.find((x) => x.name === "shared")!.op).toBe("discard");
    expect(up.rpcs.map((c) => c.method)).not.toContain("delete");
    expect(s.api.items.has(existing.id)).toBe(true);
});

test("reading an id the provider does not find is recorded under that id with the outputs returned, as ReadStep does: no engine error", async () => {
    // Pulumi's engine (step.go ReadStep.Apply) fails a read only when the provider returns no outputs; the dynamic-
    // provider server always returns `__provider`. Refusing a missing id is the provider's job (GpuInstance does).
    const up = await s.engine.up(() => void Item.get("ghost", "item-404"));
    expect(up.steps.find((x) => x.name === "ghost")).toMatchObject({ op: "read", id: "item-404" });
    const ghost = s.engine.state.find((r) => r.name === "ghost")!;
    expect(ghost).toMatchObject({ id: "item-404", external: true });
    expect(Object.keys(ghost.outputs)).toEqual(["__provider"]);
});
