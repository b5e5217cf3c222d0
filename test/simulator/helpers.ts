/** Shared helpers for the simulator tests: raw HTTP calls with global fetch, and waits. */
import * as net from "net";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../src/simulator";

export interface Answer {
    status: number;
    headers: Headers;
    text: string;
    /** Parsed JSON, or undefined for an empty / non-JSON body. */
    json: any;
}

export interface CallOptions {
    query?: Record<string, string | number | boolean>;
    body?: unknown;
    rawBody?: string;
    /** Authorization header value; default `Bearer <sim.apiKey>`; null sends none. */
    auth?: string | null;
    headers?: Record<string, string>;
    signal?: AbortSignal;
}

export async function call(sim: Simulator, method: "GET" | "POST", path: string, opts: CallOptions = {}): Promise<Answer> {
    const url = new URL(path.startsWith("/openapi/") ? sim.url + path : sim.baseUrl + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { "Content-Type": "application/json", ...opts.headers };
    const auth = opts.auth === undefined ? `Bearer ${sim.apiKey}` : opts.auth;
    if (auth !== null) headers.Authorization = auth;
    const res = await fetch(url, {
        method,
        headers,
        body: method === "POST" ? (opts.rawBody ?? JSON.stringify(opts.body ?? {})) : undefined,
        signal: opts.signal,
    });
    const text = await res.text();
    let json: unknown;
    try {
        json = text === "" ? undefined : JSON.parse(text);
    } catch {
        json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
}

export const get = (sim: Simulator, path: string, query?: CallOptions["query"], opts: CallOptions = {}) => call(sim, "GET", path, { ...opts, query });
export const post = (sim: Simulator, path: string, body?: unknown, opts: CallOptions = {}) => call(sim, "POST", path, { ...opts, body });

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        name: "sim-test",
        productId: "4090.16c62g",
        gpuNum: 1,
        rootfsSize: 50,
        imageUrl: "nvidia/cuda:12.4.1-runtime-ubuntu22.04",
        kind: "gpu",
        clusterId: "as-sgp-2",
        ...overrides,
    };
}

/** Creates an instance and returns its id (fails the test on a non-200 answer). */
export async function create(sim: Simulator, overrides: Record<string, unknown> = {}): Promise<string> {
    const r = await post(sim, "/v1/gpu/instance/create", createBody(overrides));
    if (r.status !== 200) throw new Error(`create failed: ${r.status} ${r.text}`);
    return r.json.id as string;
}

export async function status(sim: Simulator, id: string): Promise<string> {
    const r = await get(sim, "/v1/gpu/instance", { instanceId: id });
    if (r.status !== 200) throw new Error(`get failed: ${r.status} ${r.text}`);
    return r.json.status as string;
}

/**
 * Generous bound on a wait for an event: it only turns a hang into a clear failure, so it sits far beyond any
 * slowness a loaded machine causes and well under jest's 60 s test timeout.
 */
export const WAIT_LIMIT_MS = 30_000;

/**
 * Waits until `probe` returns a value other than `undefined`/`false` and returns it: a wait on a condition
 * becoming true, checked every couple of milliseconds. The deadline is measured with `performance.now()`, so it
 * also works while a test fakes `Date` (see {@link freezeWallClock}).
 */
export async function waitUntil<T>(what: string | (() => string), probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = WAIT_LIMIT_MS): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
        const v = await probe();
        if (v !== undefined && v !== false) return v;
        if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === "string" ? what : what()}`);
        await sleep(2);
    }
}

/** Polls GET until the status is `want`; returns every distinct status seen, in order. */
export async function waitForStatus(sim: Simulator, id: string, want: string, timeoutMs = WAIT_LIMIT_MS): Promise<string[]> {
    const seen: string[] = [];
    await waitUntil(() => `${want}; saw ${seen.join(" → ")}`, async () => {
        const s = await status(sim, id);
        if (seen[seen.length - 1] !== s) seen.push(s);
        return s === want;
    }, timeoutMs);
    return seen;
}

/**
 * Fakes `Date` only, frozen until `jest.setSystemTime(...)`; timers and I/O stay real. The simulator's clock
 * (and its rate limiter and request log) read `Date.now()`, so simulated time then moves only by `sim.advance()`
 * or `jest.setSystemTime()`, never by how long the requests in between took. Undo with `jest.useRealTimers()`.
 */
export function freezeWallClock(): void {
    jest.useFakeTimers({
        doNotFake: [
            "hrtime", "nextTick", "performance", "queueMicrotask", "requestAnimationFrame", "cancelAnimationFrame",
            "requestIdleCallback", "cancelIdleCallback", "setImmediate", "clearImmediate", "setInterval", "clearInterval",
            "setTimeout", "clearTimeout",
        ],
    });
}

/** Asserts `seen` is an in-order subsequence of `order` (polling may skip short phases). */
export function expectInOrder(seen: readonly string[], order: readonly string[]): void {
    let j = 0;
    for (const s of seen) {
        while (j < order.length && order[j] !== s) j++;
        if (j === order.length) throw new Error(`status sequence ${seen.join(" → ")} is not in the order ${order.join(" → ")}`);
    }
}

/** A loopback port nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((r) => server.close(r));
    return port;
}

/**
 * A fresh simulator for each test of the calling block, with the wall clock frozen ({@link freezeWallClock}): simulated
 * time moves only by `advance()`. `use` receives each test's simulator; it is closed and the clock restored after.
 */
export function frozenSimulatorPerTest(options: SimulatorOptions, use: (sim: Simulator) => void): void {
    let sim: Simulator | undefined;
    beforeEach(async () => {
        freezeWallClock();
        sim = await startSimulator(options);
        use(sim);
    });
    afterEach(async () => {
        await sim?.close();
        jest.useRealTimers();
    });
}
