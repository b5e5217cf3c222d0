/**
 * Readiness: after the instance runs, wait until the app in it answers on one of its ports, through the public
 * endpoint Novita reports for that port (`portMappings[].endpoint`). An HTTP check passes on an expected status
 * (and body substring); a TCP check when a connection is accepted. Polls follow the status wait's lag-bounded
 * schedule (../wait.ts pollDelayMs), in API time, so the app answering is seen within max(0.9 s, 9 %) of the wait.
 * Progress lines say what is awaited and each new answer (a status code or a connection error), never a body.
 */
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import type { NovitaClient } from "../../api/client";
import type { Instance } from "../../api/schemas/responses";
import { formatDuration, parseDuration } from "../duration";
import { pollDelayMs } from "../wait";
import type { Readiness } from "./inputs";

/** One probe never waits longer than this (real ms are this × time scale; API ms otherwise). */
const PROBE_TIMEOUT_MS = 10_000;
/**
 * The least real time a probe gets: an answer on its way is never cut short by a tiny time scale (a simulator's) or
 * by the last moments of the budget.
 */
const PROBE_MIN_REAL_MS = 2000;
/** Enough of a body to find the expected text; the rest is not read. */
const BODY_MAX = 64 * 1024;

export class ReadinessTimeoutError extends Error {
    override readonly name = "ReadinessTimeoutError";
    constructor(message: string, readonly lastAnswer: string | undefined) {
        super(message);
    }
}

export interface ReadinessOptions {
    /** API ms the wait may take. */
    timeoutMs: number;
    timeScale: number;
    label: string;
    /** What bounds the wait, as the user wrote it (e.g. `readiness.timeout "10m"`). */
    timeoutLabel: string;
    progress?: (line: string) => void;
}

export interface Probe {
    ok: boolean;
    /** What the app answered: `HTTP 503`, `HTTP 200 without the expected text`, `connection refused`… */
    answer: string;
}

/** What the check targets, for messages: `GET http://…/health → 200–399` or `TCP 1.2.3.4:30022`. */
export function describeTarget(r: Readiness, endpoint: string | undefined): string {
    if (r.tcp) return `TCP connect to port ${r.tcp.port}${endpoint ? ` (${endpoint})` : ""}`;
    const h = r.http!;
    const [min, max] = h.expectStatus;
    const want = min === max ? String(min) : `${min}–${max}`;
    return `GET ${endpoint ? urlOf(endpoint, h.path) : `port ${h.port}${h.path}`} → ${want}${h.expectBody ? " with the expected text" : ""}`;
}

/** An endpoint as Novita writes it (`https://host` for http ports, `host:port` for tcp ports) plus a path. */
export function urlOf(endpoint: string, path: string): string {
    const base = /^https?:\/\//i.test(endpoint) ? endpoint : `http://${endpoint}`;
    return base.replace(/\/+$/, "") + path;
}

function hostPortOf(endpoint: string): { host: string; port: number } {
    if (/^https?:\/\//i.test(endpoint)) {
        const u = new URL(endpoint);
        return { host: u.hostname.replace(/^\[|\]$/g, ""), port: Number(u.port || (u.protocol === "https:" ? 443 : 80)) };
    }
    const i = endpoint.lastIndexOf(":");
    return { host: endpoint.slice(0, i).replace(/^\[|\]$/g, ""), port: Number(endpoint.slice(i + 1)) };
}

function errorAnswer(e: unknown): string {
    const code = (e as { code?: string }).code;
    const known: Record<string, string> = {
        ECONNREFUSED: "connection refused", ECONNRESET: "connection reset", ETIMEDOUT: "timed out", EHOSTUNREACH: "host unreachable",
        ENOTFOUND: "host not found", EAI_AGAIN: "host not found (DNS)", EPIPE: "connection closed",
    };
    return (code && known[code]) ?? (code ? `connection error ${code}` : "connection error");
}

/** One check of `endpoint`, bounded by `timeoutMs` real ms (at least PROBE_MIN_REAL_MS). */
export function probe(r: Readiness, endpoint: string, timeoutMs: number): Promise<Probe> {
    const ms = Math.max(PROBE_MIN_REAL_MS, timeoutMs);
    return r.tcp ? probeTcp(endpoint, ms) : probeHttp(r.http!, endpoint, ms);
}

function probeTcp(endpoint: string, timeoutMs: number): Promise<Probe> {
    const { host, port } = hostPortOf(endpoint);
    return new Promise((resolve) => {
        const socket = net.connect({ host, port });
        const done = (p: Probe) => {
            socket.destroy();
            resolve(p);
        };
        socket.setTimeout(timeoutMs, () => done({ ok: false, answer: "timed out" }));
        socket.once("connect", () => done({ ok: true, answer: "connection accepted" }));
        socket.once("error", (e) => done({ ok: false, answer: errorAnswer(e) }));
    });
}

function probeHttp(h: NonNullable<Readiness["http"]>, endpoint: string, timeoutMs: number): Promise<Probe> {
    const url = new URL(urlOf(endpoint, h.path));
    const get = url.protocol === "https:" ? https.get : http.get;
    return new Promise((resolve) => {
        let settled = false;
        const done = (p: Probe) => {
            if (settled) return;
            settled = true;
            req.destroy();
            resolve(p);
        };
        const req = get(url, { agent: false, headers: { Connection: "close", "User-Agent": "pulumi-novita-readiness" } }, (res) => {
            const status = res.statusCode ?? 0;
            const [min, max] = h.expectStatus;
            if (status < min || status > max) return done({ ok: false, answer: `HTTP ${status}` });
            if (h.expectBody === undefined) return done({ ok: true, answer: `HTTP ${status}` });
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => {
                body += chunk;
                if (body.includes(h.expectBody!)) done({ ok: true, answer: `HTTP ${status}` });
                else if (body.length > BODY_MAX) done({ ok: false, answer: `HTTP ${status} without the expected text` });
            });
            res.on("end", () => done({ ok: body.includes(h.expectBody!), answer: `HTTP ${status}${body.includes(h.expectBody!) ? "" : " without the expected text"}` }));
            res.on("error", (e) => done({ ok: false, answer: errorAnswer(e) }));
        });
        req.setTimeout(timeoutMs, () => done({ ok: false, answer: "timed out" }));
        req.on("error", (e) => done({ ok: false, answer: errorAnswer(e) }));
    });
}

const endpointFor = (i: Instance, port: number) => i.portMappings.find((p) => p.port === port)?.endpoint || undefined;

/**
 * Waits until the app is ready; resolves with when (ISO time). `instance` is the running instance as last read;
 * it is read again while the port has no endpoint yet. Throws ReadinessTimeoutError (with the last answer).
 */
export async function waitUntilReady(client: NovitaClient, instance: Instance, r: Readiness, opts: ReadinessOptions): Promise<string> {
    const port = (r.http ?? r.tcp)!.port;
    const started = Date.now();
    const elapsed = () => (Date.now() - started) / opts.timeScale;
    let endpoint = endpointFor(instance, port);
    let last: string | undefined;
    opts.progress?.(`${opts.label}: waiting until ready: ${describeTarget(r, endpoint)} (${opts.timeoutLabel})`);
    for (;;) {
        // Polls are timed from the start of the previous one, so a probe's own time never stretches the schedule.
        const at = elapsed();
        let answer: string;
        if (!endpoint) endpoint = endpointFor(await client.getInstance(instance.id), port);
        if (!endpoint) answer = `port ${port} has no endpoint yet`;
        else {
            const left = Math.max(1, opts.timeoutMs - at);
            const p = await probe(r, endpoint, Math.min(PROBE_TIMEOUT_MS, left) * opts.timeScale);
            if (p.ok) {
                opts.progress?.(`${opts.label}: ready (${p.answer}, ${formatDuration(elapsed())})`);
                return new Date().toISOString();
            }
            answer = p.answer;
        }
        if (answer !== last) opts.progress?.(`${opts.label}: not ready: ${answer} (${formatDuration(elapsed())})`);
        last = answer;
        // The last probe is at the deadline itself.
        const next = Math.min(at + pollDelayMs(at), opts.timeoutMs);
        if (at >= opts.timeoutMs) {
            throw new ReadinessTimeoutError(
                `not ready after ${formatDuration(elapsed())}: ${describeTarget(r, endpoint)}; last answer: ${answer} (${opts.timeoutLabel})`,
                answer,
            );
        }
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - elapsed()) * opts.timeScale));
    }
}

/** The readiness wait's bound: `readiness.timeout`, or what is left of the operation's timeout if that is less. */
export function readinessBudget(r: Readiness, leftMs: number, outerLabel: string): { timeoutMs: number; timeoutLabel: string } {
    const own = parseDuration(r.timeout);
    return own <= leftMs ? { timeoutMs: own, timeoutLabel: `readiness.timeout "${r.timeout}"` } : { timeoutMs: Math.max(0, leftMs), timeoutLabel: outerLabel };
}
