/**
 * The `aliases` resource option, resolved as the engine's step generator does (step_generator.go getOldResource,
 * collapseAliasToUrn, generateAliases): a renamed resource is the same resource, not a replacement.
 */
import * as pulumi from "@pulumi/pulumi";
import { DeploymentError } from "../../src/testing";
import { Item } from "./fixtures/item-provider";
import { items, startStack, type TestStack } from "./fixtures/setup";

let s: TestStack;
beforeEach(async () => (s = await startStack()));
afterEach(() => s.dispose());

const urns = () => items(s.engine).map((r) => r.urn.split("::").slice(2).join("::"));
const writes = () => s.api.calls();

class Group extends pulumi.ComponentResource {
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("test:index:Group", name, {}, opts);
        new Item(`${name}-item`, { name: "grouped" }, { parent: this });
        this.registerOutputs({});
    }
}

test("a resource renamed with an alias is the same resource: step `same`, no create or delete, state under the new name", async () => {
    await s.engine.up(() => void new Item("a", { name: "alpha" }));
    const id = items(s.engine)[0].id;
    const renamed = await s.engine.up(() => void new Item("b", { name: "alpha" }, { aliases: [{ name: "a" }] }));
    expect(renamed.steps.filter((x) => x.type.endsWith("Item")).map((x) => [x.name, x.op, x.id])).toEqual([["b", "same", id]]);
    expect(writes()).toEqual(["POST alpha"]);
    expect(urns()).toEqual(["pulumi-nodejs:dynamic/test:Item::b"]);
    expect(items(s.engine)[0].id).toBe(id);

    // The alias can stay in the program: the next run finds the resource under its own URN.
    expect((await s.engine.up(() => void new Item("b", { name: "alpha" }, { aliases: [{ name: "a" }] }))).steps.find((x) => x.name === "b")!.op).toBe("same");
    await s.engine.destroy();
    expect(writes()).toEqual(["POST alpha", `DELETE ${id}`]);
});

test("a renamed resource whose inputs changed too is updated in place, diffed against the aliased state", async () => {
    await s.engine.up(() => void new Item("a", { name: "alpha", size: 1 }));
    const id = items(s.engine)[0].id;
    const up = await s.engine.up(() => void new Item("b", { name: "alpha", size: 3 }, { aliases: ["urn:pulumi:dev::demo::pulumi-nodejs:dynamic/test:Item::a"] }));
    expect(up.steps.find((x) => x.name === "b")).toMatchObject({ op: "update", id, changedKeys: ["size"] });
    expect(writes()).toEqual(["POST alpha", `PUT ${id}`]);
});

test("children of a renamed component inherit its alias (their names follow the parent's prefix)", async () => {
    await s.engine.up(() => void new Group("grp"));
    const id = items(s.engine)[0].id;
    const up = await s.engine.up(() => void new Group("team", { aliases: [{ name: "grp" }] }));
    expect(up.steps.filter((x) => x.op !== "same").map((x) => [x.name, x.op])).toEqual([]);
    expect(urns()).toEqual(["test:index:Group$pulumi-nodejs:dynamic/test:Item::team-item"]);
    expect(items(s.engine)[0]).toMatchObject({ id, parent: "urn:pulumi:dev::demo::test:index:Group::team" });
    expect(s.engine.state.map((r) => r.name)).not.toContain("grp");
    expect(writes()).toEqual(["POST grouped"]);
});

test("without an alias a rename is a create and a delete, as in the CLI", async () => {
    await s.engine.up(() => void new Item("a", { name: "alpha" }));
    const id = items(s.engine)[0].id;
    const up = await s.engine.up(() => void new Item("b", { name: "alpha-2" }));
    expect(up.steps.filter((x) => x.type.endsWith("Item")).map((x) => [x.name, x.op]).sort()).toEqual([["a", "delete"], ["b", "create"]]);
    expect(writes()).toEqual(["POST alpha", "POST alpha-2", `DELETE ${id}`]);
});

test("two resources claiming the same old resource through aliases fail, naming the alias", async () => {
    await s.engine.up(() => void new Item("a", { name: "alpha" }));
    const err: DeploymentError = await s.engine
        .up(() => {
            new Item("b", { name: "alpha" }, { aliases: [{ name: "a" }] });
            new Item("c", { name: "alpha" }, { aliases: [{ name: "a" }] });
        })
        .then(() => { throw new Error("expected the up to fail"); }, (e) => e);
    expect(err.message).toContain("Duplicate resource alias 'urn:pulumi:dev::demo::pulumi-nodejs:dynamic/test:Item::a'");
    expect(writes()).toEqual(["POST alpha"]);
});
