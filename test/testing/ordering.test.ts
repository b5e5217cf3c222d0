import * as os from "os";
import * as pulumi from "@pulumi/pulumi";
import { DeploymentError } from "../../src/testing";
import { Item } from "./fixtures/item-provider";
import { items, startStack, type TestStack } from "./fixtures/setup";

let s: TestStack;
afterEach(() => s.dispose());

/** a <- b (property dependency on a.id) <- c (dependsOn b); d is independent. */
function chain(withDependents = true) {
    return () => {
        const a = new Item("a", { name: "root" });
        new Item("d", { name: "loner" });
        if (!withDependents) return;
        const b = new Item("b", { name: a.id.apply((id) => `child-of-${id}`) });
        new Item("c", { name: "grandchild" }, { dependsOn: [b] });
    };
}

test("destroy deletes dependents before the resources they depend on", async () => {
    s = await startStack();
    await s.engine.up(chain());
    const byName = Object.fromEntries(items(s.engine).map((r) => [r.name, r]));
    expect(byName.b.propertyDependencies.name).toEqual([byName.a.urn]);
    expect(byName.c.dependencies).toEqual([byName.b.urn]);
    const ids = Object.fromEntries(Object.entries(byName).map(([n, r]) => [r.id, n]));

    const destroyed = await s.engine.destroy();
    const order = s.api.calls().filter((c) => c.startsWith("DELETE")).map((c) => ids[c.slice("DELETE ".length)]);
    expect(order).toHaveLength(4);
    expect(order.indexOf("c")).toBeLessThan(order.indexOf("b"));
    expect(order.indexOf("b")).toBeLessThan(order.indexOf("a"));
    // the stack goes last: everything is its child
    expect(destroyed.steps[destroyed.steps.length - 1]).toMatchObject({ op: "delete", type: "pulumi:pulumi:Stack" });
    expect(s.api.items.size).toBe(0);
});

test("resources removed from the program are deleted dependents first", async () => {
    s = await startStack();
    await s.engine.up(chain());
    const id = (n: string) => items(s.engine).find((r) => r.name === n)!.id;
    const [b, c] = [id("b"), id("c")];
    const up = await s.engine.up(chain(false));
    expect(up.steps.filter((x) => x.op === "delete").map((x) => x.name)).toEqual(["c", "b"]);
    expect(s.api.calls().filter((x) => x.startsWith("DELETE"))).toEqual([`DELETE ${c}`, `DELETE ${b}`]);
    expect(items(s.engine).map((r) => r.name).sort()).toEqual(["a", "d"]);
});

test("resource operations run concurrently, never more than `parallel` at once", async () => {
    const program = () => {
        for (let i = 0; i < 6; i++) new Item(`item-${i}`, { name: `n${i}` });
    };
    s = await startStack({ parallel: 2 });
    s.api.barrier(2); // the first creates are held until two are in flight together
    await s.engine.up(program);
    s.api.barrier(2);
    await s.engine.destroy();
    expect(s.api.maxInFlight).toBe(2); // at least 2 (the barriers), and never more over both runs
    await s.dispose();

    s = await startStack({ parallel: 6 });
    s.api.barrier(6); // six creates in flight at once: not serialized
    await s.engine.up(program);
    expect(s.api.maxInFlight).toBe(6);
});

test("with parallel 1 resource operations never overlap (a barrier of two is never met)", async () => {
    s = await startStack({ parallel: 1 });
    s.api.barrier(2, 2000); // 2 s from the first request: it only bounds the wait, two can never be in flight together
    const err = await s.engine.up(() => ["a", "b"].forEach((n) => new Item(n, { name: n }))).then(() => undefined, (e: Error) => e);
    expect(err).toBeInstanceOf(DeploymentError);
    expect(err!.message).toContain("barrier: only 1 of 2 requests were in flight together");
    expect(s.api.maxInFlight).toBe(1);
});

test("the default parallelism is the Pulumi CLI's: 4 x CPUs", async () => {
    s = await startStack();
    expect(s.engine.parallel).toBe(4 * os.availableParallelism());
});

test("outputs of one resource flow into another's inputs", async () => {
    s = await startStack();
    const up = await s.engine.up(() => {
        const a = new Item("a", { name: "root" });
        const b = new Item("b", { name: pulumi.interpolate`${a.name}-child`, size: a.size.apply((n) => n + 1) });
        return { b: b.name, size: b.size };
    });
    expect(up.outputs).toEqual({ b: "root-child", size: 2 });
});
