/**
 * Engine rules of `pulumi up` the offline engine follows (docs/engine-fidelity.md cites the Pulumi source of each),
 * and the options it does not implement, refused with an error naming them.
 */
import * as pulumi from "@pulumi/pulumi";
import { DeploymentError, OfflineEngine } from "../../src/testing";
import { Item } from "./fixtures/item-provider";
import { items, startStack, type TestStack } from "./fixtures/setup";

let s: TestStack;
beforeEach(async () => (s = await startStack()));
afterEach(() => s.dispose());

const byName = (name: string) => items(s.engine).find((r) => r.name === name)!;
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error("expected the operation to fail"); }, (e: unknown) => e as DeploymentError);

describe("replacements and updates (step_generator.go, engine/update.go)", () => {
    test("a replacement re-runs Check with the program's inputs, without ignoreChanges applied", async () => {
        await s.engine.up(() => void new Item("a", { name: "alpha", size: 1 }));
        s.api.observations.length = 0;
        const up = await s.engine.up(() => void new Item("a", { name: "alpha-2", size: 5 }, { ignoreChanges: ["size"] }));
        expect(up.steps.find((x) => x.name === "a")).toMatchObject({ op: "replace", replaces: ["name"] });
        const checks = s.api.observations.filter((o) => o.rpc === "check");
        expect(checks.map((c) => [c.olds, c.news.size])).toEqual([
            [expect.objectContaining({ name: "alpha", size: 1 }), 1], // the first Check: ignoreChanges applied
            [{}, 5], // the replacement's Check: no olds, the program's size
        ]);
        expect(byName("a").inputs).toMatchObject({ name: "alpha-2", size: 5 });
        expect([...s.api.items.values()].map((i) => [i.name, i.size])).toEqual([["alpha-2", 5]]);
    });

    test("protect can be removed and the resource replaced in the same run", async () => {
        await s.engine.up(() => void new Item("a", { name: "alpha" }, { protect: true }));
        const old = byName("a").id;
        const up = await s.engine.up(() => void new Item("a", { name: "alpha-2" }));
        expect(up.steps.find((x) => x.name === "a")).toMatchObject({ op: "replace", oldId: old });
        expect(s.api.items.has(old)).toBe(false);
        expect(byName("a")).toMatchObject({ inputs: { name: "alpha-2" } });
        expect(byName("a").protect).toBeUndefined();
    });

    test("a partially failed update keeps the old inputs, with the outputs and init errors the provider returned", async () => {
        await s.engine.up(() => void new Item("a", { name: "alpha", size: 1 }));
        const before = byName("a");
        const err = await failure(s.engine.up(() => void new Item("a", { name: "alpha", size: 2, tags: { "fail-update": "yes" } })));
        expect(err.message).toContain("unhealthy after the update");
        expect(byName("a")).toMatchObject({
            id: before.id,
            inputs: before.inputs,
            outputs: { size: 2, tags: { "fail-update": "yes" } },
            initErrors: ["health check failed after the update"],
        });
    });
});

describe("up({ refresh: true }) and preview({ refresh: true }), like `pulumi up --refresh`", () => {
    const program = () => void new Item("a", { name: "alpha", size: 1 });

    test("up refreshes first, then diffs the program against the refreshed state: drift is undone", async () => {
        await s.engine.up(program);
        const a = byName("a");
        s.api.items.get(a.id)!.size = 42; // changed out of band
        expect((await s.engine.preview(program)).steps.find((x) => x.name === "a")!.op).toBe("same"); // without refresh: unseen

        const preview = await s.engine.preview(program, { refresh: true });
        expect(preview.steps.find((x) => x.name === "a")!.op).toBe("update");
        expect(byName("a").outputs.size).toBe(1); // a preview keeps nothing the refresh read

        const up = await s.engine.up(program, { refresh: true });
        expect(up.rpcs.map((c) => c.method).filter((m) => m !== "configure").slice(0, 2)).toEqual(["read", "diff"]);
        expect(up.steps.filter((x) => x.name === "a").map((x) => x.op)).toEqual(["update"]);
        expect(s.api.items.get(a.id)!.size).toBe(1);
        expect(byName("a")).toMatchObject({ id: a.id, inputs: { size: 1 }, outputs: { size: 1 } });
    });

    test("a resource deleted out of band is dropped by the refresh and created again by the same up", async () => {
        await s.engine.up(program);
        const gone = byName("a").id;
        s.api.items.delete(gone);
        const up = await s.engine.up(program, { refresh: true });
        expect(up.steps.find((x) => x.name === "a")).toMatchObject({ op: "create" });
        expect(byName("a").id).not.toBe(gone);
        expect(s.api.calls().filter((c) => c.startsWith("DELETE"))).toEqual([]);
    });

    test("a failed refresh fails the up before the program runs", async () => {
        await s.engine.up(program);
        s.api.failNext("GET", 500, "backend down");
        let ran = false;
        const err = await failure(s.engine.up(() => { ran = true; program(); }, { refresh: true }));
        expect(err.result.kind).toBe("up");
        expect(err.message).toContain("backend down");
        expect(ran).toBe(false);
    });
});

describe("what the offline engine does not implement is refused, naming it", () => {
    test.each([
        ["deletedWith", (other: Item) => ({ deletedWith: other })],
        ["replaceWith", (other: Item) => ({ replaceWith: [other] })],
        ["replacementTrigger", () => ({ replacementTrigger: "v2" })],
    ] as const)("the resource option `%s`", async (option, opts) => {
        const err = await failure(
            s.engine.up(() => {
                const other = new Item("other", { name: "other" });
                new Item("a", { name: "alpha" }, opts(other) as pulumi.CustomResourceOptions);
            }),
        );
        expect(err.message).toContain(`\`${option}\``);
        expect(err.message).toContain("does not implement");
        expect(err.result.steps.find((x) => x.name === "a")).toMatchObject({ error: expect.stringContaining(option) });
        expect(s.api.calls()).not.toContain("POST alpha");
    });

    test.each([
        ["resource hooks", () => new Item("a", { name: "alpha" }, { hooks: { beforeCreate: [new pulumi.ResourceHook("h", async () => undefined)] } })],
        ["stack transforms", () => {
            pulumi.runtime.registerResourceTransform(async (a) => ({ props: a.props, opts: a.opts }));
            new Item("a", { name: "alpha" });
        }],
        ["the resource option `transforms`", () => new Item("a", { name: "alpha" }, { transforms: [async (a) => ({ props: a.props, opts: a.opts })] })],
    ] as const)("%s: the operation fails naming them (the program does not hang)", async (what, program) => {
        const err = await failure(s.engine.up(() => void program()));
        expect(err.message).toContain(`does not implement ${what}`);
        expect(s.api.calls()).toEqual([]);
    });

    test("a delete-before-replace of a resource others depend on (the engine's dependent-replacement cascade)", async () => {
        const program = (name: string) => () => {
            const a = new Item("a", { name, exclusive: true });
            new Item("b", { name: "beta" }, { dependsOn: [a] });
        };
        await s.engine.up(program("alpha"));
        const err = await failure(s.engine.up(program("alpha-2")));
        expect(err.message).toContain("does not implement the dependent replacements of a delete-before-replace");
        expect(err.message).toContain("pulumi-nodejs:dynamic/test:Item::b depends on it");
        expect(s.api.calls()).toEqual(["POST alpha", "POST beta"]);
    });

    test.each(["pulumi:disable-default-providers", "pulumi:autonaming"])("the stack config key %s", (key) => {
        expect(() => new OfflineEngine({ project: "p", stack: "dev", config: { [key]: '["*"]' } })).toThrow(`\`${key}\``);
    });

    test("CLI flags passed as options (--target, --replace, --run-program) are refused, naming the option", async () => {
        const program = () => void new Item("a", { name: "alpha" });
        await expect(s.engine.up(program, { target: ["urn"] } as never)).rejects.toThrow("option `target` (the CLI's `--target`)");
        await expect(s.engine.preview(program, { replace: ["urn"] } as never)).rejects.toThrow("option `replace` (the CLI's `--replace`)");
        await expect(s.engine.refresh({ runProgram: true } as never)).rejects.toThrow("option `runProgram` (the CLI's `--run-program`)");
        await expect(s.engine.destroy({ target: ["urn"] } as never)).rejects.toThrow("it takes no options");
        expect(s.api.calls()).toEqual([]);
    });
});
