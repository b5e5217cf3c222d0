/**
 * The simulator serves the endpoints it hands out (issue #14): each exposed port of an instance is a real loopback
 * listener answering per the instance's app behaviour, in API time from the container's last start. The wall clock
 * is frozen: simulated time moves only by advance(), and a GET to the API (which answers once the listeners have
 * followed the state) is the event each step waits on.
 */
import * as net from "net";
import type { Simulator } from "../../src/simulator";
import { create, frozenSimulatorPerTest, get, post, status } from "./helpers";

let sim: Simulator;
frozenSimulatorPerTest({}, (s) => (sim = s));

const endpoints = async (id: string): Promise<Record<number, string>> =>
    Object.fromEntries((await get(sim, "/v1/gpu/instance", { instanceId: id })).json.portMappings.map((p: { port: number; endpoint: string }) => [p.port, p.endpoint]));

/** One HTTP answer (`status body`) or the connection error's code. */
async function probe(url: string): Promise<string> {
    try {
        const r = await fetch(url, { headers: { Connection: "close" } });
        return `${r.status} ${await r.text()}`;
    } catch (e) {
        const cause = (e as { cause?: { code?: string } }).cause;
        return cause?.code ?? String(e);
    }
}

function connects(hostPort: string): Promise<boolean> {
    const i = hostPort.lastIndexOf(":");
    return new Promise((resolve) => {
        const s = net.connect(Number(hostPort.slice(i + 1)), hostPort.slice(0, i));
        s.once("connect", () => (s.destroy(), resolve(true)));
        s.once("error", () => resolve(false));
    });
}

/** Moves simulated time, then lets the listeners follow (the API answers only once they have). */
async function advance(id: string, seconds: number) {
    sim.advance(seconds);
    await status(sim, id);
}

test("endpoints are loopback addresses on the simulator's host: http://host:port for http ports, host:port for tcp ports", async () => {
    const id = await create(sim, { ports: "8000/http,22/tcp" });
    const ep = await endpoints(id);
    expect(ep[8000]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ep[22]).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(await endpoints(id)).toEqual(ep); // stable
});

test("by default the app answers 200 as soon as the instance runs, and nothing listens before", async () => {
    const id = await create(sim, { ports: "8000/http" });
    const url = (await endpoints(id))[8000]!;
    expect(await probe(url)).toBe("ECONNREFUSED");
    await advance(id, 61);
    expect(await status(sim, id)).toBe("running");
    expect(await probe(url + "/health")).toBe("200 ok");
});

test("refuse, then 503, then 200, counted from the start of the container in API time; a tcp port accepts once listening", async () => {
    sim.setApp({ refuseSeconds: 30, unavailableSeconds: 60, body: "ready" });
    const id = await create(sim, { ports: "8000/http,22/tcp" });
    const ep = await endpoints(id);
    await advance(id, 61);
    expect(await probe(ep[8000]!)).toBe("ECONNREFUSED");
    expect(await connects(ep[22]!)).toBe(false);
    await advance(id, 30);
    expect(await probe(ep[8000]!)).toMatch(/^503 /);
    expect(await connects(ep[22]!)).toBe(true);
    await advance(id, 58); // 149 s: the app has listened for 59 s of its 60
    expect(await probe(ep[8000]!)).toMatch(/^503 /);
    await advance(id, 2);
    expect(await probe(ep[8000]!)).toBe("200 ready");
});

test("setApp(b, id) changes a running app now; Infinity never gets ready", async () => {
    const id = await create(sim, { ports: "8000/http" });
    const url = (await endpoints(id))[8000]!;
    await advance(id, 61);
    expect(await probe(url)).toBe("200 ok");
    sim.setApp({ unavailableSeconds: Infinity }, id);
    await advance(id, 3600);
    expect(await probe(url)).toMatch(/^503 /);
    sim.setApp({ refuseSeconds: Infinity }, id);
    await status(sim, id);
    expect(await probe(url)).toBe("ECONNREFUSED");
    expect(() => sim.setApp({ refuseSeconds: -1 }, id)).toThrow(/refuseSeconds must be a number of seconds ≥ 0/);
});

test("a stopped or upgraded container starts its app again; a deleted instance's listeners close", async () => {
    sim.setApp({ unavailableSeconds: 20 });
    const id = await create(sim, { ports: "8000/http" });
    const url = (await endpoints(id))[8000]!;
    await advance(id, 81);
    expect(await probe(url)).toBe("200 ok");
    expect((await post(sim, "/v1/gpu/instance/stop", { instanceId: id })).status).toBe(200);
    expect(await probe(url)).toBe("ECONNREFUSED");
    await advance(id, 6);
    expect((await post(sim, "/v1/gpu/instance/start", { instanceId: id })).status).toBe(200);
    await advance(id, 6);
    expect(await status(sim, id)).toBe("running");
    expect(await probe(url)).toMatch(/^503 /); // the app starts again with the container
    await advance(id, 20);
    expect(await probe(url)).toBe("200 ok");
    const upgrade = { instanceId: id, imageUrl: "nginx:2", envs: [], command: "", entrypoint: "", save: true, networkVolume: { volumeMounts: [] } };
    expect((await post(sim, "/v1/gpu/instance/upgrade", upgrade)).status).toBe(200);
    expect(await probe(url)).toBe("ECONNREFUSED");
    await advance(id, 3600);
    expect(await probe(url)).toBe("200 ok");
    expect((await post(sim, "/v1/gpu/instance/delete", { instanceId: id })).status).toBe(200);
    expect(await probe(url)).toBe("ECONNREFUSED");
});
