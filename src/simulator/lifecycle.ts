/**
 * The simulated clock and the instance state machine (docs/novita-api-notes.md#instance-lifecycle). Nothing runs on timers:
 * an action stores a plan (start time, timed steps, final status) and the current status is derived
 * from the clock whenever the instance is looked at.
 *
 *   create  : pending 5% → toCreate 10% → creating 20% → pulling 65% of bootSeconds → running
 *   failed  : same, but pulling lasts half as long and ends in exited + statusError {state:"pulling", message}
 *   stop    : running → toStop 2 s → stopping 3 s → exited
 *   start   : exited → toStart 2 s → starting 3 s → running
 *   restart : running → toRestart 2 s → restarting 3 s → running
 *   delete  : any live status → toRemove 2 s → removing 3 s → removed
 *   upgrade : running|exited → toReset 2 s → resetting 3 s → pulling (65% of bootSeconds) → running
 *   migrate : exited → migrating 10 s → pulling (65% of bootSeconds) → running
 */
import type { InstanceStatus } from "../api/wire-types";

/** Simulated time: starts at the real wall clock and runs 1/timeScale times as fast; `advance` jumps ahead. */
export class Clock {
    private readonly realStart = Date.now();
    private offsetMs = 0;

    constructor(readonly timeScale: number) {
        if (!Number.isFinite(timeScale) || timeScale <= 0) throw new Error("timeScale must be a positive number");
    }

    /** Simulated epoch milliseconds. */
    now(): number {
        return this.realStart + (Date.now() - this.realStart) / this.timeScale + this.offsetMs;
    }

    advance(simSeconds: number): void {
        if (!Number.isFinite(simSeconds) || simSeconds < 0) throw new Error("advance() takes a number of seconds ≥ 0");
        this.offsetMs += simSeconds * 1000;
    }
}

export interface Step {
    status: InstanceStatus;
    ms: number;
}

export interface Plan {
    /** Simulated ms at which the first step began. */
    start: number;
    steps: Step[];
    final: InstanceStatus;
    /** Ends in failure: `final` is reached with this `statusError.message`. */
    failMessage?: string;
}

/** The state the lifecycle works on (a subset of the stored instance). */
export interface LifecycleState {
    status: InstanceStatus;
    plan?: Plan;
    stuck: boolean;
    statusError?: { state: string; message: string };
    lastStartedAt?: number;
    lastStoppedAt?: number;
    removedAt?: number;
}

export const CREATE_FRACTIONS: readonly [InstanceStatus, number][] = [
    ["pending", 0.05],
    ["toCreate", 0.1],
    ["creating", 0.2],
    ["pulling", 0.65],
];
export const TO_PHASE_MS = 2000;
export const ING_PHASE_MS = 3000;
export const MIGRATING_MS = 10_000;

export type Action = "start" | "stop" | "restart" | "delete" | "upgrade" | "migrate" | "edit";

const LIVE: InstanceStatus[] = [
    "pending", "toCreate", "creating", "pulling", "running", "toStart", "starting", "toStop", "stopping",
    "exited", "toRestart", "restarting", "toReset", "resetting", "migrating", "freezing",
];

/** Statuses from which each action is legal; anything else is `invalid state change`. */
export const ALLOWED_FROM: Record<Action, readonly InstanceStatus[]> = {
    start: ["exited"],
    stop: ["running"],
    restart: ["running"],
    delete: LIVE,
    upgrade: ["running", "exited"],
    migrate: ["exited"],
    edit: ["running", "exited"],
};

/** Statuses in which an instance holds its GPUs (everything but stopped and deleted ones). */
export { holdsGpus } from "../api/statuses";

const pullMs = (bootSeconds: number) => bootSeconds * 1000 * CREATE_FRACTIONS[3]![1];

export function createPlan(now: number, bootSeconds: number, failMessage?: string): Plan {
    const steps = CREATE_FRACTIONS.map(([status, f]) => ({ status, ms: bootSeconds * 1000 * f * (failMessage && status === "pulling" ? 0.5 : 1) }));
    return failMessage ? { start: now, steps, final: "exited", failMessage } : { start: now, steps, final: "running" };
}

export function actionPlan(action: Exclude<Action, "edit">, now: number, bootSeconds: number): Plan {
    const two = (a: InstanceStatus, b: InstanceStatus): Step[] => [{ status: a, ms: TO_PHASE_MS }, { status: b, ms: ING_PHASE_MS }];
    switch (action) {
        case "start":
            return { start: now, steps: two("toStart", "starting"), final: "running" };
        case "stop":
            return { start: now, steps: two("toStop", "stopping"), final: "exited" };
        case "restart":
            return { start: now, steps: two("toRestart", "restarting"), final: "running" };
        case "delete":
            return { start: now, steps: two("toRemove", "removing"), final: "removed" };
        case "upgrade":
            return { start: now, steps: [...two("toReset", "resetting"), { status: "pulling", ms: pullMs(bootSeconds) }], final: "running" };
        case "migrate":
            return { start: now, steps: [{ status: "migrating", ms: MIGRATING_MS }, { status: "pulling", ms: pullMs(bootSeconds) }], final: "running" };
    }
}

/** Brings `state.status` up to `now`; when the plan is over, applies its effects and drops it. */
export function advance(state: LifecycleState, now: number): void {
    const plan = state.plan;
    if (!plan) return;
    let t = plan.start;
    for (const step of plan.steps) {
        if (now < t) return; // plan starts in the future: keep the previous status
        if (state.stuck && step.status === "pulling") {
            state.status = "pulling";
            return;
        }
        if (now < t + step.ms) {
            state.status = step.status;
            return;
        }
        t += step.ms;
    }
    state.status = plan.final;
    state.plan = undefined;
    if (plan.failMessage !== undefined) state.statusError = { state: "pulling", message: plan.failMessage };
    else if (plan.final === "running") state.lastStartedAt = t;
    else if (plan.final === "exited") state.lastStoppedAt = t;
    else if (plan.final === "removed") state.removedAt = t;
}

/** Starts a plan: the first step's status is visible at once. */
export function begin(state: LifecycleState, plan: Plan): void {
    state.plan = plan;
    state.statusError = undefined;
    advance(state, plan.start);
}

/** Lets a stuck instance leave `pulling`: the rest of the pull continues from now (at once if overdue). */
export function release(state: LifecycleState, now: number): void {
    if (!state.stuck) return;
    state.stuck = false;
    const plan = state.plan;
    if (!plan) return;
    let t = plan.start;
    for (const step of plan.steps) {
        if (step.status === "pulling" && now >= t) {
            step.ms = Math.max(step.ms, now - t);
            break;
        }
        t += step.ms;
    }
    advance(state, now);
}
