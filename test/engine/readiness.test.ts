/**
 * Readiness (issue #14), through the offline engine, Pulumi's real dynamic-provider server and the simulator, whose
 * endpoints are real loopback listeners answering per the instance's app behaviour (sim.setApp). `up` ends when
 * the app answers, not when the container runs: after create, after an upgrade, after a start. A create whose app
 * is not ready in time is recorded as not ready and the next `up` resumes waiting. Waits are on API time (the
 * simulator's time scale); outcomes never depend on how fast the machine is.
 */
import * as pulumi from "@pulumi/pulumi";
import * as novita from "../../src";
import { DeploymentError } from "../../src/testing";
import { waitUntil } from "../simulator/helpers";
import { startNovitaStack, type NovitaStack } from "./harness";

let s: NovitaStack;
beforeEach(async () => (s = await startNovitaStack()));
afterEach(() => s.dispose());

const TOKEN = "env-secret-readiness-7c";
type Extra = Partial<novita.GpuInstanceArgs>;
const program = (extra: Extra = {}) => () => {
    const gpu = new novita.GpuInstance("server", {
        productId: "4090.16c62g", imageUrl: "vllm/vllm-openai", ports: ["8000/http", "22/tcp"], envs: { TOKEN: pulumi.secret(TOKEN) },
        readiness: { http: { port: 8000, path: "/health" } },
        ...extra,
    });
    return { ready: gpu.ready, readyAt: gpu.readyAt };
};
const step = (r: { steps: { name: string; op: string }[] }) => r.steps.find((x) => x.name === "server")!;
const lines = (r: { diagnostics: { message: string }[] }) => r.diagnostics.map((d) => d.message).join("\n");
const failure = (p: Promise<unknown>): Promise<DeploymentError> =>
    p.then(
        () => { throw new Error("expected the operation to fail"); },
        (e) => { expect(e).toBeInstanceOf(DeploymentError); return e as DeploymentError; },
    );
const writes = () => s.sim.requestLog().filter((r) => r.method === "POST").map((r) => r.path);

/** Resolves once the app of `id` has answered `status` at least once after the `since`-th app request. */
const answered = (status: number, since: number, id?: () => string | undefined) =>
    waitUntil(`the app to answer ${status}`, () => s.sim.appRequests().slice(since).some((r) => r.status === status && (!id || r.instanceId === id())));
const idOf = () => s.resources().find((r) => r.name === "server")?.id ?? s.sim.instances()[0]?.id;

test("ready after a delay: up waits through 503s (and refused connections) and ends when the app answers 200", async () => {
    s.sim.setApp({ refuseSeconds: 30, unavailableSeconds: Infinity }); // 503 until the test sees the provider get one
    const pending = s.engine.up(program());
    await answered(503, 0);
    s.sim.setApp({}, s.sim.instances()[0]!.id);
    const up = await pending;
    const text = lines(up);
    expect(text).toMatch(/server-\w+ \(\w+\): waiting until ready: GET http:\/\/127\.0\.0\.1:\d+\/health → 200–399 \(readiness\.timeout "10m"\)/);
    expect(text).toMatch(/not ready: HTTP 503/);
    expect(text).toMatch(/: ready \(HTTP 200, [\dms]+\)/);
    expect(text.indexOf("not ready: HTTP 503")).toBeLessThan(text.indexOf(": ready (HTTP 200"));
    // A refused connection, if the provider probed during the first 30 s, is reported before any 503.
    if (text.includes("connection refused")) expect(text.indexOf("connection refused")).toBeLessThan(text.indexOf("HTTP 503"));
    // The wait ended on the app's first 200, and only then.
    const app = s.sim.appRequests();
    expect(app.filter((r) => r.status === 200)).toHaveLength(1);
    expect(app.every((r) => r.path === "/health")).toBe(true);
    const outs = s.byName("server").outputs;
    expect(outs).toMatchObject({ status: "running", ready: true, readiness: { http: { port: 8000, path: "/health", expectStatus: [200, 399] }, timeout: "10m" } });
    expect(new Date(outs.readyAt as string).toISOString()).toBe(outs.readyAt);
    expect(step(await s.engine.up(program())).op).toBe("same");
    s.assertNoPlaintext([up], [TOKEN, s.sim.apiKey]);
    s.assertInstancesMatchState();
});

test("never ready: the create is recorded as not ready with guidance, refresh keeps it so, and the next up resumes waiting without a write", async () => {
    s.sim.setApp({ unavailableSeconds: Infinity });
    const slow = program({ readiness: { http: { port: 8000, path: "/health" }, timeout: "2m" } });
    const err = await failure(s.engine.up(slow));
    const recorded = s.byName("server");
    expect(recorded.initErrors).toHaveLength(1);
    expect(recorded.initErrors![0]).toMatch(/not ready after 2m\d*s?: GET http:\/\/127\.0\.0\.1:\d+\/health → 200–399; last answer: HTTP 503 \(readiness\.timeout "2m"\)/);
    expect(recorded.initErrors![0]).toContain("run `pulumi up` again to keep waiting, or `pulumi destroy` to delete it");
    expect(recorded.outputs).toMatchObject({ status: "running", ready: false });
    expect(recorded.outputs.readyAt).toBeUndefined();
    s.assertNoPlaintext([err.result], [TOKEN, s.sim.apiKey]);

    await s.engine.refresh();
    expect(s.byName("server").outputs).toMatchObject({ ready: false });
    expect(step(await s.engine.preview(slow)).op).toBe("update"); // from the stored outputs: refresh dropped the init errors

    s.sim.setApp({}, recorded.id); // the app comes up
    s.sim.clearRequestLog();
    const up = await s.engine.up(slow);
    expect(step(up).op).toBe("update");
    expect(writes()).toEqual([]); // only waited
    expect(s.byName("server").id).toBe(recorded.id);
    expect(s.byName("server").outputs).toMatchObject({ ready: true });
    expect(step(await s.engine.up(slow)).op).toBe("same");
    s.assertInstancesMatchState();
});

test("flapping: an app that goes down is seen at refresh (ready false), the next up waits for it again, readyAt is kept while it stays up", async () => {
    const up = await s.engine.up(program());
    const { id, outputs: first } = s.byName("server");
    expect(first.ready).toBe(true);
    expect(step(up).op).toBe("create");

    s.sim.setApp({ unavailableSeconds: Infinity }, id); // down
    await s.engine.refresh();
    expect(s.byName("server").outputs.ready).toBe(false);
    expect(s.byName("server").outputs.readyAt).toBeUndefined();
    expect(step(await s.engine.preview(program())).op).toBe("update");

    s.sim.setApp({ refuseSeconds: Infinity }, id); // crashed: nothing listens
    const down = await failure(s.engine.up(program({ readiness: { http: { port: 8000, path: "/health" }, timeout: "1m" } })));
    expect(s.byName("server").initErrors![0]).toMatch(/last answer: connection refused/);
    expect(lines(down.result)).toMatch(/not ready: connection refused/);

    s.sim.setApp({}, id); // up again
    await s.engine.up(program());
    const back = s.byName("server").outputs;
    expect(back.ready).toBe(true);
    expect(Date.parse(back.readyAt as string)).toBeGreaterThanOrEqual(Date.parse(first.readyAt as string));
    await s.engine.refresh();
    expect(s.byName("server").outputs).toMatchObject({ ready: true, readyAt: back.readyAt }); // still up: the time it became ready
    expect(step(await s.engine.preview(program())).op).toBe("same");
});

test("tcp readiness: up waits until the port accepts connections", async () => {
    s.sim.setApp({ refuseSeconds: 45, unavailableSeconds: Infinity }); // HTTP never answers 200: only the connection counts
    await s.engine.up(program({ readiness: { tcp: { port: 22 } } }));
    const outs = s.byName("server").outputs;
    expect(outs).toMatchObject({ ready: true, readiness: { tcp: { port: 22 }, timeout: "10m" } });
});

test("an env change (upgrade) restarts the app: up waits for readiness again; a readiness or timeouts change alone makes no request", async () => {
    await s.engine.up(program());
    const before = s.byName("server").outputs;
    expect(before.ready).toBe(true);

    s.sim.setApp({ unavailableSeconds: Infinity }, idOf()); // the restarted app answers 503 until the test sees one
    s.sim.clearRequestLog();
    const since = s.sim.appRequests().length;
    const pending = s.engine.up(program({ envs: { TOKEN: pulumi.secret(TOKEN), MODE: "b" } }));
    await answered(503, since);
    s.sim.setApp({}, idOf());
    const up = await pending;
    expect(step(up).op).toBe("update");
    expect(writes()).toEqual(["/v1/gpu/instance/upgrade"]);
    const text = lines(up);
    expect(text.indexOf("running")).toBeLessThan(text.lastIndexOf("waiting until ready"));
    expect(text).toMatch(/not ready: HTTP 503/);
    const after = s.byName("server").outputs;
    expect(after.ready).toBe(true);
    expect(Date.parse(after.readyAt as string)).toBeGreaterThan(Date.parse(before.readyAt as string));

    s.sim.clearRequestLog();
    const meta = program({ envs: { TOKEN: pulumi.secret(TOKEN), MODE: "b" }, readiness: { http: { port: 8000, path: "/ready", expectStatus: 200 } }, timeouts: { update: "20m" } });
    const same = await s.engine.up(meta);
    expect(step(same).op).toBe("update");
    expect(s.sim.requestLog()).toEqual([]);
    expect(lines(same)).not.toMatch(/waiting until ready/);
    expect(s.byName("server").outputs).toMatchObject({ ready: true, readyAt: after.readyAt, readiness: { http: { path: "/ready", expectStatus: [200, 200] } } });
});

test("a start after a stop waits for readiness again", async () => {
    await s.engine.up(program());
    await s.engine.up(program({ state: "stopped" }));
    expect(s.byName("server").outputs).toMatchObject({ status: "exited", ready: false });
    s.sim.setApp({ unavailableSeconds: Infinity }, idOf());
    const since = s.sim.appRequests().length;
    const pending = s.engine.up(program());
    await answered(503, since);
    s.sim.setApp({}, idOf());
    const up = await pending;
    expect(lines(up)).toMatch(/not ready: HTTP 503/);
    expect(s.byName("server").outputs).toMatchObject({ status: "running", ready: true });
});

describe("readiness is checked at preview, naming the field, before any request", () => {
    test.each([
        ["a port the instance does not expose", { readiness: { http: { port: 9000 } } }, "readiness.http.port: port 9000 is not one of the instance's ports (8000/http, 22/tcp)"],
        ["tcp on an http port", { readiness: { tcp: { port: 8000 } } }, "readiness.tcp.port: port 8000 is an http port"],
        ["a path without /", { readiness: { http: { port: 8000, path: "health" } } }, 'readiness.http.path: must start with "/"'],
        ["a backwards status range", { readiness: { http: { port: 8000, expectStatus: [399, 200] } } }, "readiness.http.expectStatus: the range's min is above its max"],
        ["neither http nor tcp", { readiness: { timeout: "5m" } }, "readiness: give either http"],
        ["a misspelt key", { readiness: { http: { port: 8000, expectBdy: "ok" } } }, 'readiness.http.expectBdy: unknown property "expectBdy"; did you mean "expectBody"?'],
        ["a bad timeout", { readiness: { tcp: { port: 22 }, timeout: "soon" } }, "readiness.timeout: must be a duration"],
    ])("%s", async (_label, extra, text) => {
        const err = await failure(s.engine.preview(program(extra as Extra)));
        expect(err.message).toContain(text);
        expect(s.sim.requestLog()).toHaveLength(0);
    });
});

describe("with a template, whose ports check() cannot see", () => {
    const fromTemplate = (readiness: novita.ReadinessArgs) => () =>
        void new novita.GpuInstance("server", { productId: "4090.16c62g", templateId: "1", readiness }); // template 1 exposes 8888/http

    test("a template's port is accepted, and up waits for it", async () => {
        await s.engine.up(fromTemplate({ http: { port: 8888 } }));
        expect(s.byName("server").outputs).toMatchObject({ ready: true, ports: [{ port: 8888, type: "http" }] });
    });

    test("a port neither the inputs nor the template expose fails the up, naming the field, before anything is created", async () => {
        const err = await failure(s.engine.up(fromTemplate({ http: { port: 9000 } })));
        expect(err.message).toContain("readiness.http.port: port 9000 is not one of the instance's ports (8888/http)");
        expect(writes()).toEqual([]);
        expect(s.sim.instances()).toEqual([]);
    });
});
