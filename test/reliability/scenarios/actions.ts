/**
 * Faults on the actions that change an existing instance: stop/start/delete are retried (safe by state),
 * upgrade is not (a repeat would reset the container twice). A lost answer must neither fail a change that
 * happened nor repeat one.
 */
import { envSecret, gpus } from "../kit/programs";
import { scenario, type Run } from "../kit/run";

const posts = (run: Run, verb: string) => run.requests({ method: "POST", path: `/v1/gpu/instance/${verb}` }).map((r) => r.status);

export function actionScenarios(): void {
    describe("faults on stop, start, upgrade and delete", () => {
        const secret = envSecret("act");

        scenario("stop answered with a reset after it was processed", { secrets: [secret] }, async (run) => {
            await run.up(gpus(1, secret));
            const id = run.gpus()[0]!.id;
            run.sim.inject({ path: "/v1/gpu/instance/stop", method: "POST", kind: "reset", phase: "after" });
            await run.up(gpus(1, secret, { state: "stopped" }));
            expect(run.sim.instance(id)!.status).toBe("exited");
            expect(run.gpus()[0]!.outputs.state).toBe("stopped");
            return `1 up; stop POSTs ${JSON.stringify(posts(run, "stop"))}; instance exited`;
        });

        scenario("start answered with 502 after it was processed", { secrets: [secret] }, async (run) => {
            await run.up(gpus(1, secret, { state: "stopped" }));
            const id = run.gpus()[0]!.id;
            run.sim.inject({ path: "/v1/gpu/instance/start", method: "POST", kind: "status", status: 502, phase: "after" });
            await run.up(gpus(1, secret));
            expect(run.sim.instance(id)!.status).toBe("running");
            return `1 up; start POSTs ${JSON.stringify(posts(run, "start"))}; instance running`;
        });

        scenario("upgrade (env change) answered 502 after processing, then next up", { secrets: [secret, envSecret("act2")] }, async (run) => {
            await run.up(gpus(1, secret));
            const id = run.gpus()[0]!.id;
            run.sim.inject({ path: "/v1/gpu/instance/upgrade", method: "POST", kind: "status", status: 502, phase: "after" });
            const changed = gpus(1, envSecret("act2"));
            const err = await run.fails(run.up(changed));
            expect(err.message).toMatch(/502/);
            await run.up(changed);
            // The upgrade happened once: the second up saw the live instance already upgraded.
            expect(posts(run, "upgrade")).toEqual([502]);
            expect(run.sim.instance(id)!.envs).toEqual([{ key: "DB", value: envSecret("act2") }]);
            return "up 1: 502, error; up 2 found it applied: 1 upgrade POST in all";
        });

        scenario("destroy: delete reset after processing, 429s while waiting", { secrets: [secret] }, async (run) => {
            await run.up(gpus(2, secret));
            run.sim.inject({ path: "/v1/gpu/instance/delete", method: "POST", kind: "reset", phase: "after", count: 2 });
            run.sim.inject({ path: "/v1/gpu/instance", method: "GET", kind: "status", status: 429, retryAfter: 1, count: 4 });
            await run.destroy();
            expect(run.gpus()).toHaveLength(0);
            expect(run.sim.instances()).toHaveLength(0);
            return `destroy; delete POSTs ${JSON.stringify(posts(run, "delete"))}; nothing left`;
        });
    });
}
