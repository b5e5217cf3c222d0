import { DeploymentError } from "../../src/testing";
import { Item } from "./fixtures/item-provider";
import { Note } from "./fixtures/note-provider";
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
    expect(refreshed.rpcs.filter((c) => c.method === "diff")).toHaveLength(2); // a Diff after each Read
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

describe("refresh calls Diff after Read, as the CLI does since v3.120 (step.go RefreshStep.Apply)", () => {
    test("Diff gets the refreshed outputs as olds and the old inputs as news, after that resource's Read", async () => {
        await s.engine.up(program);
        const a = byName("a");
        s.api.items.get(a.id)!.size = 42;
        s.api.observations.length = 0;
        const refreshed = await s.engine.refresh();
        for (const urn of [a.urn, byName("b").urn]) {
            const calls = refreshed.rpcs.filter((c) => c.urn === urn).map((c) => c.method);
            expect(calls).toEqual(["read", "diff"]);
        }
        const diff = s.api.observations.find((o) => o.rpc === "diff" && o.name === "alpha")!;
        expect(diff.olds).toMatchObject({ size: 42, etag: a.outputs.etag }); // the refreshed outputs
        expect(diff.news).toEqual(a.inputs); // the old inputs: what an unchanged program would ask for
    });

    test("an output that changed where Diff sees no change is refreshed into state but is no change", async () => {
        await s.engine.up(program);
        const a = byName("a");
        s.api.items.get(a.id)!.etag = "etag-rotated-by-the-server"; // not something the program sets
        const refreshed = await s.engine.refresh();
        expect(refreshed.steps.find((x) => x.name === "a")).toMatchObject({ op: "same", id: a.id });
        expect(refreshed.summary).toMatchObject({ refresh: 0, same: 3 });
        expect(byName("a").outputs.etag).toBe("etag-rotated-by-the-server");
    });

    test("a Diff that fails fails the refresh; what Read returned is kept, as rebuildBaseState keeps every refresh step's state", async () => {
        await s.engine.up(() => void new Item("x", { name: "diff-fails-x", size: 1 }));
        const before = byName("x");
        s.api.items.get(before.id)!.size = 9;
        const err = await s.engine.refresh().catch((e) => e);
        expect(err).toBeInstanceOf(DeploymentError);
        expect(err.message).toContain("diff refused for diff-fails-x");
        expect(err.result.steps.find((x: { name: string }) => x.name === "x")).toMatchObject({ error: expect.stringContaining("diff refused") });
        expect(byName("x")).toMatchObject({ id: before.id, outputs: { size: 9 }, inputs: { size: 9 } });
    });

    test("a provider without diff: the engine compares the refreshed inputs with the old ones (DIFF_UNKNOWN)", async () => {
        await s.engine.up(() => void new Note("n", { text: "hello" }));
        const refreshed = await s.engine.refresh();
        expect(refreshed.rpcs.filter((c) => c.urn?.endsWith("::n")).map((c) => c.method)).toEqual(["read", "diff"]);
        expect(refreshed.steps.find((x) => x.name === "n")!.op).toBe("same");
    });

    test("a `.get()` resource is compared on its outputs, without a Diff", async () => {
        const seeded = s.api.seed("outside", 5);
        await s.engine.up(() => void Item.get("ext", seeded.id));
        seeded.size = 6;
        const refreshed = await s.engine.refresh();
        expect(refreshed.rpcs.map((c) => c.method)).not.toContain("diff");
        expect(refreshed.steps.find((x) => x.name === "ext")).toMatchObject({ op: "refresh", changedKeys: ["size"] });
    });
});
