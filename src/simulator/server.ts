/**
 * The HTTP side: node:http server, request log, in-flight counting, and per request, in this order:
 * rate limit (decided on arrival, after the configured latency is served) → auth → injected "before"
 * fault → handler → injected "after" fault.
 * Only the real API's paths are served: `/gpu-instance/openapi/v1/…` and the metrics path outside it
 * (docs/novita-api-notes.md#base-urls). Every 2xx carries a JSON body (`{}` where the docs show none).
 * Nothing is ever printed; the log keeps no headers and redacts bodies.
 */
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { redactObject } from "../api/redact";
import { ApiError, defaultReason } from "./errors";
import { BASE_PATH, describeFault, Sleeper, type FaultQueue, type RateLimiter } from "./faults";
import { routeFor } from "./routes";
import type { Store } from "./store";
import type { Fault, RequestInfo, RequestLogEntry } from "./types";

export { BASE_PATH };

export interface ServerDeps {
    store: Store;
    /** The one key accepted; `rotateApiKey` replaces it (the old one is refused from then on). */
    apiKey: string;
    latencyMs: number;
    timeScale: number;
    faults: FaultQueue;
    rateLimiter?: RateLimiter;
    /** Status of a refused key: 403 INVALID_API_KEY (what Novita's gateway was seen to answer) or 401 UNAUTHORIZED (the GPU docs' table). */
    authFailureStatus: 401 | 403;
}

interface Reply {
    status: number;
    body?: unknown;
    raw?: string;
    headers?: Record<string, string>;
}

function sameKey(presented: string, expected: string): boolean {
    const a = Buffer.from(presented);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        req.on("error", reject);
    });
}

/** A refused or missing key: 403 INVALID_API_KEY (default) or 401 UNAUTHORIZED. */
const authFailure = (status: 401 | 403) =>
    status === 403 ? new ApiError(403, "INVALID_API_KEY", "Invalid API key") : new ApiError(401, "UNAUTHORIZED", "API key is missing or incorrect");

const errorReply = (e: ApiError, headers?: Record<string, string>): Reply => ({ status: e.status, body: e.body(), headers });

export class SimServer {
    readonly log: RequestLogEntry[] = [];
    inFlight = 0;
    peakInFlight = 0;
    private seq = 0;
    private readonly server: Server;
    private readonly hung = new Set<{ res: ServerResponse; entry: RequestLogEntry }>();
    private readonly sleeper = new Sleeper();
    private listening = false;
    private closed = false;
    port = 0;
    host = "127.0.0.1";

    constructor(private readonly deps: ServerDeps) {
        this.server = createServer((req, res) => void this.handle(req, res));
    }

    listen(port: number, host: string): Promise<number> {
        return new Promise((resolve, reject) => {
            const onError = (e: Error) => reject(e);
            this.server.once("error", onError);
            this.server.listen(port, host, () => {
                this.server.off("error", onError);
                const addr = this.server.address();
                this.port = typeof addr === "object" && addr ? addr.port : port;
                this.host = host;
                this.listening = true;
                resolve(this.port);
            });
        });
    }

    /** Stops listening and drops every connection: clients get "connection refused". */
    async pause(): Promise<void> {
        if (!this.listening) return;
        this.listening = false;
        this.endHung();
        await new Promise<void>((resolve) => {
            this.server.close(() => resolve());
            this.server.closeAllConnections();
        });
    }

    async resume(): Promise<void> {
        if (this.listening || this.closed) return;
        await this.listen(this.port, this.host);
    }

    async close(): Promise<void> {
        if (this.closed) return;
        this.closed = true;
        this.sleeper.cancelAll();
        await this.pause();
    }

    clearLog(): void {
        this.log.length = 0;
        this.peakInFlight = this.inFlight;
    }

    private endHung(): void {
        for (const h of this.hung) {
            h.entry.endedAt = Date.now();
            h.res.socket?.destroy();
        }
        this.hung.clear();
    }

    private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        this.inFlight++;
        this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
        res.once("close", () => this.inFlight--);
        const url = new URL(req.url ?? "/", "http://simulator.invalid");
        const underBase = url.pathname.startsWith(`${BASE_PATH}/`);
        const path = underBase ? url.pathname.slice(BASE_PATH.length) : url.pathname;
        const query: Record<string, string> = {};
        for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v;
        const method = (req.method ?? "GET").toUpperCase();
        const requestId = req.headers["x-request-id"];
        const entry: RequestLogEntry = {
            seq: ++this.seq, method, path, query, status: 0,
            requestId: typeof requestId === "string" ? requestId : undefined, startedAt: Date.now(),
        };
        this.log.push(entry);
        try {
            await this.process(req, res, entry, { method, path, query, body: {} }, underBase);
        } catch {
            this.send(res, entry, errorReply(new ApiError(500, "UNKNOWN", "Unknown error")));
        }
    }

    private async process(req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry, info: RequestInfo, underBase: boolean): Promise<void> {
        const raw = await readBody(req);
        let badJson = false;
        if (info.method !== "GET" && raw.trim() !== "") {
            try {
                info.body = JSON.parse(raw);
                entry.body = redactObject(info.body);
            } catch {
                badJson = true;
            }
        }
        const wait = this.deps.rateLimiter?.check();
        await this.sleeper.sleep(this.deps.latencyMs);
        if (this.abandoned(res, entry)) return;
        if (wait !== undefined) {
            entry.fault = "rate-limit";
            // Retry-After speaks in API (simulated) seconds, like every other duration here.
            const retryAfter = String(Math.max(1, Math.ceil(wait / 1000 / this.deps.timeScale)));
            return this.send(res, entry, errorReply(new ApiError(429, "RATE_LIMIT_EXCEEDED", "Request rate limit exceeded"), { "Retry-After": retryAfter }));
        }
        const auth = req.headers.authorization ?? "";
        if (!auth.startsWith("Bearer ") || !sameKey(auth.slice("Bearer ".length).trim(), this.deps.apiKey)) {
            return this.send(res, entry, errorReply(authFailure(this.deps.authFailureStatus)));
        }

        const before = this.deps.faults.take(info, "before");
        if (before && (await this.applyFault(before, res, entry))) return;
        const reply = this.runHandler(info, badJson, underBase);
        // The served app endpoints follow what the request did (a create binds its ports, a stop closes them).
        this.deps.store.apps?.reconcile();
        await this.deps.store.apps?.settled();
        const after = this.deps.faults.take(info, "after");
        if (after && (await this.applyFault(after, res, entry))) return;
        this.send(res, entry, reply);
    }

    private runHandler(info: RequestInfo, badJson: boolean, underBase: boolean): Reply {
        const handler = routeFor(info.method, info.path, underBase);
        if (!handler) return errorReply(new ApiError(404, "NOT_FOUND", "route not found"));
        if (badJson) return errorReply(new ApiError(400, "VALIDATOR_PARAM", "invalid parameter: (body): is not valid JSON"));
        try {
            const r = handler({ store: this.deps.store, query: info.query, body: info.body });
            const status = r.status ?? 200;
            // A JSON body on every success: clients that always parse the body must not meet an empty one.
            return { status, body: r.body === undefined && status >= 200 && status < 300 ? {} : r.body };
        } catch (e) {
            if (e instanceof ApiError) return errorReply(e);
            return errorReply(new ApiError(500, "UNKNOWN", "Unknown error"));
        }
    }

    /** Applies a fault; `true` when it answered (or deliberately did not), `false` to carry on. */
    private async applyFault(f: Fault, res: ServerResponse, entry: RequestLogEntry): Promise<boolean> {
        entry.fault = describeFault(f);
        switch (f.kind) {
            case "latency":
                await this.sleeper.sleep(f.ms);
                return this.abandoned(res, entry);
            case "reset":
                entry.status = "reset";
                entry.endedAt = Date.now();
                res.socket?.destroy();
                return true;
            case "hang":
                entry.status = "hang";
                if (this.listening) this.hung.add({ res, entry });
                else res.socket?.destroy();
                return true;
            case "status": {
                const headers: Record<string, string> = f.retryAfter === undefined ? {} : { "Retry-After": String(f.retryAfter) };
                if (f.body !== undefined) this.send(res, entry, { status: f.status, raw: f.body, headers });
                else this.send(res, entry, errorReply(new ApiError(f.status, f.reason ?? defaultReason(f.status), f.message ?? "injected fault"), headers));
                return true;
            }
        }
    }

    /** After a wait: if the simulator closed meanwhile, drop the request instead of running it. */
    private abandoned(res: ServerResponse, entry: RequestLogEntry): boolean {
        if (!this.closed) return false;
        entry.status = "reset";
        entry.endedAt = Date.now();
        res.socket?.destroy();
        return true;
    }

    private send(res: ServerResponse, entry: RequestLogEntry, reply: Reply): void {
        entry.status = reply.status;
        entry.endedAt = Date.now();
        if (res.destroyed || res.writableEnded) return;
        const headers: Record<string, string | number> = { ...reply.headers };
        let text = "";
        if (reply.raw !== undefined) {
            text = reply.raw;
            headers["Content-Type"] = text.trimStart().startsWith("<") ? "text/html; charset=utf-8" : "text/plain; charset=utf-8";
        } else if (reply.body !== undefined) {
            text = JSON.stringify(reply.body);
            headers["Content-Type"] = "application/json; charset=utf-8";
        }
        headers["Content-Length"] = Buffer.byteLength(text);
        res.writeHead(reply.status, headers);
        res.end(text);
    }
}
