import * as pulumi from "@pulumi/pulumi";
import { OfflineEngine } from "../../src/testing";
import { runtimeSettings } from "../../src/testing/sdk";
import { Item } from "./fixtures/item-provider";
import { startStack, type TestStack } from "./fixtures/setup";

let s: TestStack;
beforeEach(async () => (s = await startStack()));
afterEach(() => s.dispose());

/** What the Pulumi runtime tells the program about the run it is in. */
const introspect = () => ({
    dryRun: pulumi.runtime.isDryRun(),
    project: pulumi.getProject(),
    stack: pulumi.getStack(),
    org: pulumi.getOrganization(),
    color: new pulumi.Config("app").get("color") ?? null,
});

test("each run gets a fresh Pulumi runtime: dry-run flag, project/stack and config never leak between runs", async () => {
    const outsideBefore = { stack: pulumi.getStack(), dryRun: pulumi.runtime.isDryRun() };
    const other = new OfflineEngine({ project: "other", stack: "prod", organization: "acme", config: { "app:color": "blue" }, linkPackages: {} });
    try {
        expect((await s.engine.preview(introspect)).outputs).toEqual({ dryRun: true, project: "demo", stack: "dev", org: "organization", color: null });
        expect((await other.up(introspect)).outputs).toEqual({ dryRun: false, project: "other", stack: "prod", org: "acme", color: "blue" });
        expect((await s.engine.up(introspect)).outputs).toEqual({ dryRun: false, project: "demo", stack: "dev", org: "organization", color: null });
        expect((await other.preview(introspect)).outputs).toEqual({ dryRun: true, project: "other", stack: "prod", org: "acme", color: "blue" });
    } finally {
        await other.close();
    }
    expect({ stack: pulumi.getStack(), dryRun: pulumi.runtime.isDryRun() }).toEqual(outsideBefore);
});

test("a program still running after its operation failed cannot touch later runs", async () => {
    // Deterministic ordering (no sleeps): the first run fails while its program is parked on a gate; the gate is
    // opened from inside the second run, so the old program registers "late" while the second run is active, and
    // the second run goes on only once that registration was answered.
    let lateRegistered = false;
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let lateAttempted!: () => void;
    const attempted = new Promise<void>((resolve) => (lateAttempted = resolve));
    s.api.failNext("POST", 500, "nope", "first");
    await s.engine
        .up(async () => {
            new Item("first", { name: "first" });
            await gate;
            try {
                new Item("late", { name: "late" }); // the failed run is over by now
                lateRegistered = true;
                await runtimeSettings.waitForRPCs(); // late's registration has been answered, by whichever monitor
            } finally {
                lateAttempted();
            }
        })
        .catch(() => undefined);
    const next = await s.engine.up(async () => {
        openGate();
        await attempted; // a leaked registration would have reached this run by now
        new Item("second", { name: "second" });
    });
    expect(lateRegistered).toBe(true);
    expect(next.steps.map((x) => x.name)).not.toContain("late");
    expect(s.engine.state.map((r) => r.name)).not.toContain("late");
    expect(s.api.calls()).not.toContain("POST late");
});
