import { UNKNOWN, formatPlan } from "../../src/testing";
import { Item } from "./fixtures/item-provider";
import { startStack, type TestStack } from "./fixtures/setup";

let s: TestStack;
beforeEach(async () => (s = await startStack()));
afterEach(() => s.dispose());

const SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** b's name is computed from a's etag, an output-only property: unknown until a is created or updated. */
const program = (size: number) => () => {
    const a = new Item("a", { name: "alpha", size });
    const b = new Item("b", { name: a.etag.apply((e) => `after-${e}`) });
    return { bName: b.name, aSize: a.size };
};

test("unknown values reach check (new resource) and diff (existing resource) as sentinels during preview", async () => {
    const first = await s.engine.preview(program(1));
    const checkB = s.api.observations.find((o) => o.rpc === "check" && o.news.name === SENTINEL);
    expect(checkB).toBeDefined();
    expect(first.outputs).toEqual({ bName: UNKNOWN, aSize: 1 });
    expect(formatPlan(first)).toContain("bName: [unknown]");

    await s.engine.up(program(1));
    s.api.observations.length = 0;
    // Updating a makes its etag unknown in the preview (outputs = checked inputs), so b's diff sees a sentinel.
    const second = await s.engine.preview(program(5));
    const diffB = s.api.observations.find((o) => o.rpc === "diff" && o.news.name === SENTINEL)!;
    expect(diffB).toBeDefined();
    expect(diffB.olds.name).toMatch(/^after-etag-/);
    expect(second.steps.find((x) => x.name === "a")).toMatchObject({ op: "update", changedKeys: ["size"] });
    expect(second.steps.find((x) => x.name === "b")).toMatchObject({ op: "replace", replaces: ["name"] });
    expect(second.rpcs.map((c) => c.method).filter((m) => !["configure", "check", "diff"].includes(m))).toEqual([]);
});

test("a preview of an unchanged stack reports no changes and known outputs", async () => {
    await s.engine.up(program(1));
    const preview = await s.engine.preview(program(1));
    expect(preview.summary).toMatchObject({ same: 3, create: 0, update: 0, replace: 0, delete: 0 });
    expect(preview.outputs.bName).toMatch(/^after-etag-/);
    expect(formatPlan(preview)).toContain("3 unchanged");
});
