import { actionPlan, advance, begin, createPlan, holdsGpus, release, type LifecycleState } from "../../src/simulator/lifecycle";

const fresh = (): LifecycleState => ({ status: "pending", stuck: false });
const at = (s: LifecycleState, t: number) => (advance(s, t), s.status);

describe("lifecycle state machine (pure)", () => {
    it("walks a create over bootSeconds: pending 5%, toCreate 10%, creating 20%, pulling 65%, then running", () => {
        const s = fresh();
        begin(s, createPlan(0, 100));
        expect(at(s, 0)).toBe("pending");
        expect(at(s, 4_999)).toBe("pending");
        expect(at(s, 5_000)).toBe("toCreate");
        expect(at(s, 14_999)).toBe("toCreate");
        expect(at(s, 15_000)).toBe("creating");
        expect(at(s, 34_999)).toBe("creating");
        expect(at(s, 35_000)).toBe("pulling");
        expect(at(s, 99_999)).toBe("pulling");
        expect(at(s, 100_000)).toBe("running");
        expect(s.lastStartedAt).toBe(100_000);
        expect(s.plan).toBeUndefined();
    });

    it("a failing create ends in exited with statusError after half the pull", () => {
        const s = fresh();
        begin(s, createPlan(0, 100, "boom"));
        expect(at(s, 60_000)).toBe("pulling");
        expect(s.statusError).toBeUndefined();
        expect(at(s, 67_500)).toBe("exited");
        expect(s.statusError).toEqual({ state: "pulling", message: "boom" });
        expect(s.lastStartedAt).toBeUndefined();
    });

    it.each([
        ["stop", "toStop", "stopping", "exited"],
        ["start", "toStart", "starting", "running"],
        ["restart", "toRestart", "restarting", "running"],
        ["delete", "toRemove", "removing", "removed"],
    ] as const)("%s goes %s (2 s) → %s (3 s) → %s", (action, first, second, final) => {
        const s: LifecycleState = { status: "running", stuck: false };
        begin(s, actionPlan(action, 1_000, 60));
        expect(s.status).toBe(first);
        expect(at(s, 2_999)).toBe(first);
        expect(at(s, 3_000)).toBe(second);
        expect(at(s, 5_999)).toBe(second);
        expect(at(s, 6_000)).toBe(final);
    });

    it("upgrade resets then pulls for 65% of bootSeconds", () => {
        const s: LifecycleState = { status: "running", stuck: false };
        begin(s, actionPlan("upgrade", 0, 100));
        expect(s.status).toBe("toReset");
        expect(at(s, 2_000)).toBe("resetting");
        expect(at(s, 5_000)).toBe("pulling");
        expect(at(s, 69_999)).toBe("pulling");
        expect(at(s, 70_000)).toBe("running");
    });

    it("a stuck instance stays in pulling past its time and continues from the release", () => {
        const s = fresh();
        s.stuck = true;
        begin(s, createPlan(0, 100));
        expect(at(s, 1_000_000)).toBe("pulling");
        release(s, 1_000_000);
        expect(s.status).toBe("running");
        expect(s.lastStartedAt).toBe(1_000_000);
    });

    it("releasing before the pull is due keeps the remaining pull time", () => {
        const s = fresh();
        s.stuck = true;
        begin(s, createPlan(0, 100));
        release(s, 40_000);
        expect(at(s, 99_999)).toBe("pulling");
        expect(at(s, 100_000)).toBe("running");
    });

    it("only stopped and deleted instances free their GPUs", () => {
        expect(holdsGpus("pending")).toBe(true);
        expect(holdsGpus("toStop")).toBe(true);
        expect(holdsGpus("exited")).toBe(false);
        expect(holdsGpus("toRemove")).toBe(false);
        expect(holdsGpus("removed")).toBe(false);
    });
});
