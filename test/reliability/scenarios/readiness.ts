/**
 * Readiness (issue #14) under API faults: an app that is not ready within readiness.timeout leaves the instance
 * recorded as not ready (never orphaned, never duplicated), and the next `up` resumes the wait without a write
 * even while the status polls are rate limited; an env change that restarts the app is waited for again.
 */
import { gpus, envSecret } from "../kit/programs";
import { scenario } from "../kit/run";

const CREATE = "/v1/gpu/instance/create";
const UPGRADE = "/v1/gpu/instance/upgrade";
const READY = { http: { port: 8888, path: "/health" }, timeout: "2m" } as const;

export function readinessScenarios(): void {
    describe("readiness", () => {
        const secret = envSecret("ready");

        scenario("app never ready within readiness.timeout, then up resumes after it answers (429s)", { secrets: [secret] }, async (run) => {
            run.sim.setApp({ unavailableSeconds: Infinity });
            const program = gpus(1, secret, { readiness: READY });
            const err = await run.fails(run.up(program));
            expect(err.message).toMatch(/not ready after 2m.*last answer: HTTP 503 \(readiness\.timeout "2m"\)/);
            const [recorded] = run.gpus();
            expect(recorded!.outputs).toMatchObject({ status: "running", ready: false });
            run.sim.setApp({}, recorded!.id);
            run.sim.inject({ path: "/v1/gpu/instance", method: "GET", kind: "status", status: 429, retryAfter: 2, count: 3 });
            const second = await run.up(program);
            expect(second.steps.find((s) => s.name === "gpu")).toMatchObject({ op: "update", id: recorded!.id });
            expect(run.gpus()[0]!.outputs.ready).toBe(true);
            expect(run.requests({ method: "POST", path: CREATE })).toHaveLength(1);
            return "up 1: not ready after 2m (503), recorded ready: false; up 2 resumed (3×429) → ready, 1 create";
        });

        scenario("env change whose upgrade answer is lost (502 after): the next up still waits for the restarted app", { secrets: [secret] }, async (run) => {
            await run.up(gpus(1, secret, { readiness: READY }));
            const [first] = run.gpus();
            run.sim.inject({ path: UPGRADE, kind: "status", status: 502, phase: "after" });
            const changed = gpus(1, secret, { readiness: READY, envs: { DB: secret, MODE: "b" } });
            await run.fails(run.up(changed)); // applied by Novita, but the answer was a 502
            const third = await run.up(changed);
            expect(third.diagnostics.map((d) => d.message).join("\n")).toMatch(/waiting until ready/);
            expect(run.requests({ method: "POST", path: UPGRADE })).toHaveLength(1); // not sent again: the live instance has it
            const after = run.gpus()[0]!;
            expect(after.id).toBe(first!.id);
            expect(after.outputs.ready).toBe(true);
            expect(Date.parse(after.outputs.readyAt as string)).toBeGreaterThanOrEqual(Date.parse(first!.outputs.readyAt as string));
            expect(run.sim.instance(after.id)!.envs.map((e) => e.key).sort()).toEqual(["DB", "MODE"]);
            return "up 2: upgrade applied, answered 502; up 3: no second upgrade, waited for readiness again; same instance";
        });
    });
}
