import { Item, makeItemProvider } from "./fixtures/item-provider";
import { Note, makeNoteProvider } from "./fixtures/note-provider";
import { startStack, type TestStack } from "./fixtures/setup";

let s: TestStack;
beforeEach(async () => (s = await startStack()));
afterEach(() => s.dispose());

const itemV2 = makeItemProvider("v2");
const noteV2 = makeNoteProvider("v2");
const one = (engineState: TestStack["engine"]["state"], name: string) => engineState.find((r) => r.name === name)!;

test("when diff reports no change, new provider code is stored in inputs only; delete and refresh still run the old code", async () => {
    await s.engine.up(() => void new Item("a", { name: "alpha" }));
    const up = await s.engine.up(() => void new Item("a", { name: "alpha" }, undefined, itemV2));
    expect(up.steps.find((x) => x.name === "a")!.op).toBe("same");
    // Check and Diff ran the NEW code (news.__provider) ...
    expect(s.api.observations.filter((o) => o.rpc !== "read").map((o) => `${o.rpc}:${o.version}`).slice(-2)).toEqual(["check:v2", "diff:v2"]);
    // ... the same step kept the OLD outputs, so state holds v1 code in outputs and v2 code in inputs
    const a = one(s.engine.state, "a");
    expect(a.outputs.__provider).not.toBe(a.inputs.__provider);
    expect(a.outputs.providerVersion).toBe("v1");

    await s.engine.refresh();
    expect(s.api.requests.filter((r) => r.method === "GET").map((r) => r.providerVersion)).toEqual(["v1"]);
    await s.engine.destroy();
    expect(s.api.requests.filter((r) => r.method === "DELETE").map((r) => r.providerVersion)).toEqual(["v1"]);
});

test("an update stores the new provider code in outputs, and later deletes use it", async () => {
    await s.engine.up(() => void new Item("a", { name: "alpha", size: 1 }));
    const up = await s.engine.up(() => void new Item("a", { name: "alpha", size: 2 }, undefined, itemV2));
    expect(up.steps.find((x) => x.name === "a")!.op).toBe("update");
    expect(s.api.requests.filter((r) => r.method === "PUT").map((r) => r.providerVersion)).toEqual(["v2"]);
    expect(one(s.engine.state, "a").outputs.providerVersion).toBe("v2");
    await s.engine.destroy();
    expect(s.api.requests.filter((r) => r.method === "DELETE").map((r) => r.providerVersion)).toEqual(["v2"]);
});

test("without a diff method the engine diffs inputs itself, __provider included", async () => {
    await s.engine.up(() => void new Note("n", { text: "hello" }));
    const same = await s.engine.up(() => void new Note("n", { text: "hello" }));
    expect(same.steps.find((x) => x.name === "n")!.op).toBe("same");

    const codeChanged = await s.engine.up(() => void new Note("n", { text: "hello" }, undefined, noteV2));
    expect(codeChanged.steps.find((x) => x.name === "n")).toMatchObject({ op: "update", changedKeys: [] });
    expect(one(s.engine.state, "n").outputs.writtenBy).toBe("v2");

    const textChanged = await s.engine.up(() => void new Note("n", { text: "bye" }, undefined, noteV2));
    expect(textChanged.steps.find((x) => x.name === "n")).toMatchObject({ op: "update", changedKeys: ["text"] });
});

test("ignoreChanges keeps the old input value; replaceOnChanges replaces when the engine computed the diff", async () => {
    await s.engine.up(() => void new Note("n", { text: "hello" }));
    const before = one(s.engine.state, "n");
    const ignored = await s.engine.up(() => void new Note("n", { text: "ignored" }, { ignoreChanges: ["text"] }));
    expect(ignored.steps.find((x) => x.name === "n")!.op).toBe("same");
    expect(one(s.engine.state, "n").inputs.text).toBe("hello");

    const replaced = await s.engine.up(() => void new Note("n", { text: "new" }, { replaceOnChanges: ["text"] }));
    expect(replaced.steps.find((x) => x.name === "n")).toMatchObject({ op: "replace", replaces: ["text"], oldId: before.id });
    expect(one(s.engine.state, "n").id).not.toBe(before.id);
});
