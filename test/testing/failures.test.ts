import * as pulumi from "@pulumi/pulumi";
import { DeploymentError, OfflineEngine, formatPlan, type OperationResult } from "../../src/testing";
import { Item } from "./fixtures/item-provider";
import { items, startStack, type TestStack } from "./fixtures/setup";

let s: TestStack;
beforeEach(async () => (s = await startStack()));
afterEach(() => s.dispose());


async function failure(op: Promise<OperationResult>): Promise<DeploymentError> {
    const err = await op.then(
        () => undefined,
        (e) => e,
    );
    expect(err).toBeInstanceOf(DeploymentError);
    return err as DeploymentError;
}

test("check failures name each property, fail the preview and the up, and create nothing", async () => {
    const program = () => void new Item("bad", { name: "", size: -1 });
    for (const op of ["preview", "up"] as const) {
        const err = await failure(s.engine[op](program));
        expect(err.message).toContain("name: must be a non-empty string");
        expect(err.message).toContain("size: must be a non-negative number");
        expect(err.result.error).toBe(err.message.replace(/^\w+ failed: /, ""));
        expect(err.result.steps.find((x) => x.name === "bad")).toMatchObject({ op: "create", error: expect.stringContaining("check failed") });
        expect(err.result.rpcs.map((c) => c.method)).not.toContain("create");
        expect(formatPlan(err.result)).toContain("**failed**");
    }
    expect(s.api.calls()).toEqual([]);
    expect(items(s.engine)).toEqual([]);
});

test("a partially created resource is recorded with its id and init errors, and the next up resumes it with an Update", async () => {
    const program = () => void new Item("half", { name: "half-baked" });
    const err = await failure(s.engine.up(program));
    expect(err.message).toContain("health check failed");
    const [recorded] = items(s.engine);
    const apiItem = [...s.api.items.values()][0];
    expect(recorded).toMatchObject({ id: apiItem.id, initErrors: ["health check failed"], outputs: { name: "half-baked" } });
    expect(apiItem.status).toBe("unhealthy");

    // The provider's diff reports no change; the init errors alone force an Update.
    const resumed = await s.engine.up(program);
    expect(resumed.steps.find((x) => x.name === "half")).toMatchObject({ op: "update", id: apiItem.id });
    expect(s.api.calls().slice(-1)).toEqual([`PUT ${apiItem.id}`]);
    expect(apiItem.status).toBe("ready");
    expect(items(s.engine)[0].initErrors).toBeUndefined();
    expect((await s.engine.up(program)).steps.find((x) => x.name === "half")!.op).toBe("same");
});

test("after a failure no new step starts, in-flight steps finish, and end-of-run deletes are skipped", async () => {
    await s.dispose();
    // "doomed" is a resource of another provider (answered by mocks) whose create fails. setImmediate runs after
    // the engine recorded that failure (it does so in the same turn), so `failureRecorded` is an event, not a delay.
    let failed!: () => void;
    const failureRecorded = new Promise<void>((resolve) => (failed = resolve));
    s = await startStack({
        mocks: {
            newResource: async () => {
                setImmediate(failed);
                throw new Error("quota exceeded");
            },
        },
    });
    await s.engine.up(() => void new Item("old", { name: "old" }));
    const slow = s.api.hold("POST", "slow");
    void failureRecorded.then(slow.release); // slow's Create is answered only after the failure
    const err = await failure(
        s.engine.up(async () => {
            new Item("slow", { name: "slow" });
            await slow.arrived; // slow's Create is in flight...
            new Bucket("doomed", "private"); // ...when doomed fails
            await failureRecorded;
            new Item("late", { name: "late" }); // registered after the failure: never started
        }),
    );
    expect(err.message).toContain("quota exceeded");
    expect(err.result.steps.map((x) => x.name)).not.toContain("late");
    expect(items(s.engine).map((r) => r.name).sort()).toEqual(["old", "slow"]); // "old" not deleted, "slow" recorded
    expect(s.api.calls().filter((c) => c.startsWith("POST")).sort()).toEqual(["POST old", "POST slow"]);
    expect(s.api.calls().filter((c) => c.startsWith("DELETE"))).toEqual([]);
});

test("a step waiting for a free slot when an operation fails never starts", async () => {
    await s.dispose();
    s = await startStack({ parallel: 1 });
    const first = s.api.hold("POST", "first"); // holds the only slot
    s.api.failNext("POST", 500, "quota exceeded", "first");
    const err = await failure(
        s.engine.up(async () => {
            new Item("first", { name: "first" });
            await first.arrived;
            new Item("second", { name: "second" }); // Check, then waits for first's slot
            await s.api.observed("check", "second");
            first.release(); // first's Create fails; the failure is recorded before its slot is handed on
        }),
    );
    expect(err.message).toContain("quota exceeded");
    expect(err.result.steps.map((x) => x.name)).not.toContain("second");
    expect(s.api.calls()).toEqual(["POST first"]);
});

test("a plain create error records nothing for that resource", async () => {
    s.api.failNext("POST", 400, "name taken");
    const err = await failure(s.engine.up(() => void new Item("x", { name: "x" })));
    expect(err.result.steps.find((x) => x.name === "x")!.error).toContain("name taken");
    expect(items(s.engine)).toEqual([]);
});

test("a provider process that dies surfaces a clear error with its stderr", async () => {
    const err = await failure(s.engine.up(() => void new Item("boom", { name: "crash-now" })));
    expect(err.message).toContain("dynamic provider process exited (code 3");
    expect(err.message).toContain("the sample provider crashed on purpose");
    // the next operation gets a fresh provider process
    await s.engine.up(() => void new Item("ok", { name: "fine" }));
    expect(items(s.engine).map((r) => r.name)).toEqual(["ok"]);
});

test("an exception in the program fails the operation and keeps the state it reached", async () => {
    const err = await failure(
        s.engine.up(async () => {
            const a = new Item("a", { name: "alpha" });
            await new Promise((resolve) => a.id.apply(resolve));
            throw new Error("program bug");
        }),
    );
    expect(err.message).toContain("Running program failed with an unhandled exception");
    expect(err.message).toContain("program bug");
    expect(items(s.engine).map((r) => r.name)).toEqual(["a"]);
});

class Bucket extends pulumi.CustomResource {
    declare readonly arn: pulumi.Output<string>;
    constructor(name: string, acl: string) {
        super("aws:s3/bucket:Bucket", name, { acl, arn: undefined });
    }
}

test("non-dynamic custom resources fail with an error naming the type unless mocks handle them", async () => {
    const program = () => ({ arn: new Bucket("logs", "private").arn });
    const err = await failure(s.engine.up(program));
    expect(err.message).toContain("aws:s3/bucket:Bucket");
    expect(err.message).toContain("mocks.newResource");

    s.engine = new OfflineEngine({
        ...s.engine.options,
        mocks: { newResource: (a: pulumi.runtime.MockResourceArgs) => ({ id: `${a.name}-id`, state: { ...a.inputs, arn: "arn:aws:s3:::logs" } }) },
    });
    const up = await s.engine.up(program);
    expect(up.outputs).toEqual({ arn: "arn:aws:s3:::logs" });
    expect(s.engine.state.find((r) => r.type === "aws:s3/bucket:Bucket")).toMatchObject({ id: "logs-id", inputs: { acl: "private" } });
});

test("invokes fail with an error naming the token unless mocks handle them", async () => {
    const program = async () => ({ az: (await pulumi.runtime.invoke("aws:index/getAvailabilityZones:getAvailabilityZones", {})).names });
    const err = await failure(s.engine.up(program));
    expect(err.message).toContain("aws:index/getAvailabilityZones:getAvailabilityZones");
});
