/**
 * Timeouts, hangs and outages. GETs are safe to repeat: a timed-out or hung GET is retried within the
 * budget. A simulator that stops answering (connection refused) makes the provider give up after bounded
 * retries with one clear error; an instance that already exists is recorded (partial create), so the next
 * `up` after the outage converges on it instead of creating another.
 */
import { DEFAULT_RETRY_POLICY } from "../../../src/api/retry";
import { waitUntil } from "../../simulator/helpers";
import { envSecret, gpus } from "../kit/programs";
import { scenario, type Run } from "../kit/run";

const BY_ID = "/v1/gpu/instance";
const LIST = "/v1/gpu/instances";
const CREATE = "/v1/gpu/instance/create";

/** Resolves once the simulator holds an instance (an event: polling of the in-process snapshot). */
function instanceAppears(run: Run): Promise<string> {
    return waitUntil("an instance to appear", () => run.sim.instances()[0]?.id);
}

export function networkScenarios(): void {
    describe("timeouts, hangs and outages", () => {
        const secret = envSecret("net");
        const fastTimeout = { "novita:requestTimeout": "250ms" };

        scenario("polling GETs time out twice (latency 2 s > 250 ms timeout)", { secrets: [secret], config: fastTimeout }, async (run) => {
            run.sim.inject({ path: BY_ID, method: "GET", kind: "latency", ms: 2_000, count: 2 });
            await run.up(gpus(1, secret));
            const polls = run.requests({ method: "GET", path: BY_ID });
            expect(polls.slice(0, 3).map((r) => r.fault ?? "ok")).toEqual(["latency:2000", "latency:2000", "ok"]);
            expect(run.sim.instances()[0]!.status).toBe("running");
            return "1 up; 2 timed-out polls retried; running";
        });

        scenario("polling GETs hang twice, the pre-create list hangs once", { secrets: [secret], config: fastTimeout }, async (run) => {
            run.sim.inject({ path: LIST, method: "GET", kind: "hang", count: 1 });
            run.sim.inject({ path: BY_ID, method: "GET", kind: "hang", count: 2 });
            await run.up(gpus(1, secret));
            expect(run.log().filter((r) => r.status === "hang")).toHaveLength(3);
            expect(run.requests({ method: "POST", path: CREATE })).toHaveLength(1);
            return "1 up; 3 hung GETs abandoned at the timeout and retried; 1 instance";
        });

        scenario("simulator stopped while the instance boots, restarted, next up", { secrets: [secret] }, async (run) => {
            run.sim.stickNextCreate();
            const first = run.up(gpus(1, secret));
            const id = await instanceAppears(run);
            await run.sim.pause();
            const started = Date.now();
            const err = await run.fails(first);
            const gaveUpAfterMs = Date.now() - started;
            // Bounded: a few retries (seconds of API time), then one clear error naming the cause and what to do.
            expect(err.message).toMatch(/network error \(ECONNREFUSED\)/);
            expect(err.message).toMatch(/recorded in the stack: run `pulumi up` again/);
            expect(run.gpus().map((r) => [r.id, (r.initErrors ?? []).length > 0])).toEqual([[id, true]]);
            await run.sim.resume();
            run.sim.release(id);
            const second = await run.up(gpus(1, secret));
            expect(second.steps.find((s) => s.name === "gpu")).toMatchObject({ op: "update", id });
            expect(run.sim.instance(id)!.status).toBe("running");
            expect(run.requests({ method: "POST", path: CREATE })).toHaveLength(1);
            return `up 1: ECONNREFUSED, gave up after ${gaveUpAfterMs} ms real, recorded by id; up 2 resumed it`;
        });

        scenario("simulator down for a whole up, then back", { secrets: [secret] }, async (run) => {
            await run.sim.pause();
            const err = await run.fails(run.up(gpus(2, secret)));
            expect(err.message).toMatch(/ECONNREFUSED/);
            expect(run.gpus()).toHaveLength(0);
            await run.sim.resume();
            await run.up(gpus(2, secret));
            expect(run.sim.instances()).toHaveLength(2);
            return "up 1: one clear ECONNREFUSED error, nothing recorded; up 2 created both";
        });

        scenario("create processed, answer lost, one whole lookup fails", { secrets: [secret] }, async (run) => {
            // The POST is processed but its answer is lost; from then on every lookup request fails with a network
            // error (a dropped connection, like an outage) until a whole lookup, all its attempts, has failed and
            // the next one has begun. The outage is counted in requests, not in time, so however slow the provider
            // process is, exactly one lookup fails.
            const lookupAttempts = DEFAULT_RETRY_POLICY.maxAttempts;
            run.sim.inject({ path: CREATE, method: "POST", kind: "reset", phase: "after" });
            run.sim.inject({ path: (req) => req.path === LIST && run.sim.instances().length > 0, method: "GET", kind: "reset", count: lookupAttempts + 1 });
            const up = run.up(gpus(1, secret));
            const id = await instanceAppears(run);
            const result = await up;
            // The lookups themselves failed during the outage and were repeated (debug lines of the provider).
            const failedLookups = result.diagnostics.filter((d) => /createInstance: lookup failed \(NovitaNetworkError\)/.test(d.message)).length;
            expect(failedLookups).toBeGreaterThanOrEqual(1);
            expect(run.requests({ method: "GET", path: LIST }).filter((r) => r.status === "reset")).toHaveLength(lookupAttempts + 1);
            expect(run.gpus().map((r) => r.id)).toEqual([id]);
            expect(run.requests({ method: "POST", path: CREATE })).toHaveLength(1);
            return `1 up; lookup failed ${failedLookups}× during the outage, repeated, found; 1 instance`;
        });
    });
}
