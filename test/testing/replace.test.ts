import { DeploymentError } from "../../src/testing";
import { Item } from "./fixtures/item-provider";
import { items, startStack, type TestStack } from "./fixtures/setup";

let s: TestStack;
beforeEach(async () => (s = await startStack()));
afterEach(() => s.dispose());

const idOf = (name: string) => items(s.engine).find((r) => r.name === name)!.id;

test("a replace creates the replacement first and deletes the old resource at the end of the run", async () => {
    await s.engine.up(() => void new Item("a", { name: "alpha" }));
    const oldId = idOf("a");
    const up = await s.engine.up(async () => {
        const a = new Item("a", { name: "alpha-2" });
        await new Promise((resolve) => a.id.apply(resolve)); // the replacement's step is done...
        new Item("late", { name: "late" }); // ...and the program still registers more afterwards
    });
    const step = up.steps.find((x) => x.name === "a")!;
    expect(step).toMatchObject({ op: "replace", replaces: ["name"], changedKeys: ["name"], oldId, deleteBeforeReplace: false });
    expect(step.id).not.toBe(oldId);
    // create-then-delete, and the delete only after every registration (DeleteReplaced at the end)
    expect(s.api.calls().slice(-3)).toEqual(["POST alpha-2", "POST late", `DELETE ${oldId}`]);
    expect(items(s.engine).map((r) => [r.name, r.id, r.pendingDelete ?? false]).sort()).toEqual([
        ["a", step.id, false],
        ["late", idOf("late"), false],
    ]);
    expect(up.summary).toMatchObject({ replace: 1, create: 1, delete: 0 });
});

test("a replacement runs Check again without olds, so defaults such as auto-names are recomputed", async () => {
    await s.engine.up(() => void new Item("a", { name: "alpha" }));
    s.api.observations.length = 0;
    await s.engine.up(() => void new Item("a", { name: "alpha-2" }));
    const checks = s.api.observations.filter((o) => o.rpc === "check").map((o) => o.olds as { name?: string });
    expect(checks.map((olds) => olds.name ?? null)).toEqual(["alpha", null]);
});

test("the deleteBeforeReplace resource option deletes the old resource before creating the new one", async () => {
    await s.engine.up(() => void new Item("a", { name: "alpha" }, { deleteBeforeReplace: true }));
    const oldId = idOf("a");
    const up = await s.engine.up(() => void new Item("a", { name: "alpha-2" }, { deleteBeforeReplace: true }));
    expect(up.steps.find((x) => x.name === "a")).toMatchObject({ op: "replace", deleteBeforeReplace: true, oldId });
    expect(s.api.calls().slice(-2)).toEqual([`DELETE ${oldId}`, "POST alpha-2"]);
    expect(s.api.items.has(oldId)).toBe(false);
});

test("a provider diff answering deleteBeforeReplace deletes the old resource first", async () => {
    await s.engine.up(() => void new Item("a", { name: "alpha", exclusive: true }));
    const oldId = idOf("a");
    const up = await s.engine.up(() => void new Item("a", { name: "alpha-2", exclusive: true }));
    expect(up.steps.find((x) => x.name === "a")).toMatchObject({ op: "replace", deleteBeforeReplace: true });
    expect(s.api.calls().slice(-2)).toEqual([`DELETE ${oldId}`, "POST alpha-2"]);
});

test("a replaced resource whose delete failed stays pending and is deleted first on the next up", async () => {
    await s.engine.up(() => void new Item("a", { name: "alpha" }));
    const oldId = idOf("a");
    s.api.failNext("DELETE", 500, "backend busy");
    const failed = await s.engine.up(() => void new Item("a", { name: "alpha-2" })).catch((e) => e);
    expect(failed).toBeInstanceOf(DeploymentError);
    expect(failed.message).toContain("backend busy");
    const pending = items(s.engine).filter((r) => r.pendingDelete);
    expect(pending.map((r) => r.id)).toEqual([oldId]);

    const next = await s.engine.up(() => void new Item("a", { name: "alpha-2" }));
    expect(next.steps[0]).toMatchObject({ op: "delete", oldId });
    expect(s.api.calls().slice(-1)).toEqual([`DELETE ${oldId}`]);
    expect(items(s.engine).filter((r) => r.pendingDelete)).toEqual([]);
});

test("a protected resource is neither replaced nor deleted", async () => {
    await s.engine.up(() => void new Item("a", { name: "alpha" }, { protect: true }));
    const id = idOf("a");
    const replace = await s.engine.up(() => void new Item("a", { name: "alpha-2" }, { protect: true })).catch((e) => e);
    expect(replace).toBeInstanceOf(DeploymentError);
    expect(replace.message).toContain("marked for protection");
    const destroy = await s.engine.destroy().catch((e) => e);
    expect(destroy).toBeInstanceOf(DeploymentError);
    expect(destroy.message).toContain("marked for protection");
    expect(s.api.items.has(id)).toBe(true);
    expect(s.api.calls().filter((c) => c.startsWith("DELETE"))).toEqual([]);
    // unprotect with an up, then destroy works
    await s.engine.up(() => void new Item("a", { name: "alpha" }));
    await s.engine.destroy();
    expect(s.api.items.has(id)).toBe(false);
});

test("retainOnDelete removes the resource from state without deleting it", async () => {
    await s.engine.up(() => void new Item("a", { name: "alpha" }, { retainOnDelete: true }));
    const id = idOf("a");
    const destroyed = await s.engine.destroy();
    expect(destroyed.steps.find((x) => x.name === "a")).toMatchObject({ op: "delete", oldId: id });
    expect(destroyed.rpcs.map((c) => c.method)).not.toContain("delete");
    expect(s.api.items.has(id)).toBe(true);
    expect(s.engine.state).toEqual([]);
});
