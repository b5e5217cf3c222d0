/**
 * Reading `pulumi preview --json` (pure): which GpuInstance steps are the plan, on the real CLI's output
 * (test/command/fixtures/previews), and where a malformed input breaks.
 */
import { gpuSteps, asPreviewDigest } from "../../src/command/digest";
import { locateSyntaxError, parseJson } from "../../src/command/json-input";
import { preview } from "./helpers";

const plan = (name: string) => gpuSteps(asPreviewDigest(preview(name), name)).map((s) => [s.name, s.op]);

test("one plan entry per GpuInstance; the stack, providers and RegistryAuths are not GPU steps", () => {
    expect(plan("create")).toEqual([["trainer", "create"]]);
    expect(plan("secrets")).toEqual([["private", "create"]]);
    expect(Object.fromEntries(plan("mixed"))).toEqual({ keep: "same", grow: "replace", halt: "update", fresh: "create", upgrade: "update", drop: "delete" });
});

test("--show-replacement-steps: create-replacement and delete-replaced fold into the replace, and their order is the engine's", () => {
    const [solo] = gpuSteps(asPreviewDigest(preview("delete-before-replace"), "dbr"));
    expect(solo).toMatchObject({ name: "solo", op: "replace", order: { order: "delete-before-create", from: "engine" }, replaceReasons: ["gpuNum"] });
    const [trainer] = gpuSteps(asPreviewDigest(preview("replace"), "replace"));
    expect(trainer!.order).toEqual({ order: "create-before-delete", from: "engine" });
});

test("a replace whose old state carries neither engine mark falls back to the provider's default, and says so", () => {
    const d = preview("replace");
    for (const s of d.steps) delete s.oldState?.delete;
    expect(gpuSteps(asPreviewDigest(d, "x"))[0]!.order).toEqual({ order: "create-before-delete", from: "provider default" });
});

test("preview --refresh: refresh steps are not the plan; an instance deleted outside Pulumi is a create, a stopped one an update", () => {
    expect(plan("refresh")).toEqual([["lost", "create"], ["halted", "update"]]);
    // The CLI may rewrite a refresh step into the delete it found (backend/display/json.go): still not the plan.
    const d = preview("refresh");
    const lost = d.steps.find((s: any) => s.op === "refresh" && s.urn.endsWith("::lost"));
    lost.op = "delete";
    expect(plan("refresh")).toEqual(gpuSteps(asPreviewDigest(d, "x")).map((s) => [s.name, s.op]));
});

test("a delete of an instance left pending deletion is its own entry, next to the resource's plan", () => {
    const d = preview("update");
    const step = d.steps.find((s: any) => s.urn.endsWith("::trainer"));
    d.steps.push({ op: "delete", urn: step.urn, oldState: { ...step.oldState, id: "old-one", delete: true } });
    expect(gpuSteps(asPreviewDigest(d, "x")).map((s) => [s.name, s.op, !!s.pendingDelete])).toEqual([
        ["trainer", "delete", true],
        ["trainer", "update", false],
    ]);
});

test("what is not a preview digest is refused, naming the input and the field", () => {
    expect(() => asPreviewDigest([], "a.json")).toThrow("a.json: not the output of `pulumi preview --json`: expected a JSON object, found an array");
    expect(() => asPreviewDigest({ steps: [{ op: "create" }] }, "b.json")).toThrow("b.json: not the output of `pulumi preview --json`: steps[0].urn is missing or not a string");
    expect(() => asPreviewDigest({ hello: 1 }, "c.json")).toThrow("it has none of `steps`, `changeSummary` or `config`");
    expect(gpuSteps(asPreviewDigest({ changeSummary: { same: 1 } }, "empty"))).toEqual([]);
});

describe("JSON syntax errors are located at line:column", () => {
    test.each([
        ['{"a":1,}', 1, 8, "a property name in double quotes"],
        ['{\n  "a": tru\n}', 2, 8, "a value"],
        ["[1 2]", 1, 4, "',' or ']'"],
        ['{"a": "x\ny"}', 1, 9, "no control character inside a string"],
        ['{"a": 1} x', 1, 10, "the end of the input"],
        ['{"a": "\\q"}', 1, 9, "an escape"],
    ])("%j → %i:%i", (text, line, column, expected) => {
        expect(() => parseJson(text, "f.json", "JSON")).toThrow(`f.json:${line}:${column}: not valid JSON: expected ${expected}`);
    });

    test("the scanner agrees with JSON.parse on valid input, and never quotes more than the offending character", () => {
        for (const name of ["mixed", "secrets"]) expect(locateSyntaxError(JSON.stringify(preview(name), null, 2))).toEqual({ offset: 0, expected: "valid JSON" });
        expect(() => parseJson('{"password": "hunter2" oops}', "s.json", "JSON")).toThrow('s.json:1:24: not valid JSON: expected \',\' or \'}\', found "o"');
    });
});
