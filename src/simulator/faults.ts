/**
 * Injected faults, the rate limiter and cancellable waits. Faults are matched in injection order; each
 * affects the next `count` matching requests in its phase.
 */
import type { Fault, RequestInfo } from "./types";

export const BASE_PATH = "/gpu-instance/openapi";

interface Pending {
    fault: Fault;
    remaining: number;
}

export class FaultQueue {
    private pending: Pending[] = [];

    add(fault: Fault): void {
        if (fault.kind === "status" && !(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)) {
            throw new Error("inject(): status must be an HTTP status code");
        }
        if (fault.kind === "latency" && !(fault.ms >= 0)) throw new Error("inject(): latency needs ms ≥ 0");
        const count = fault.count ?? 1;
        if (!Number.isInteger(count) || count < 1) throw new Error("inject(): count must be a positive integer");
        // Accept a path written with the base path too (`/gpu-instance/openapi/v1/...`).
        const path = typeof fault.path === "string" && fault.path.startsWith(`${BASE_PATH}/`) ? fault.path.slice(BASE_PATH.length) : fault.path;
        this.pending.push({ fault: { ...fault, path }, remaining: count });
    }

    clear(): void {
        this.pending = [];
    }

    /** Takes the first fault of this phase matching the request (one use of its count). */
    take(req: RequestInfo, phase: "before" | "after"): Fault | undefined {
        for (const p of this.pending) {
            const f = p.fault;
            if ((f.phase ?? "before") !== phase) continue;
            if (f.method && f.method.toUpperCase() !== req.method) continue;
            if (typeof f.path === "string" ? f.path !== req.path : !f.path(req)) continue;
            if (--p.remaining <= 0) this.pending.splice(this.pending.indexOf(p), 1);
            return f;
        }
        return undefined;
    }

    get size(): number {
        return this.pending.length;
    }
}

export function describeFault(f: Fault): string {
    switch (f.kind) {
        case "status":
            return `status:${f.status}`;
        case "latency":
            return `latency:${f.ms}`;
        default:
            return f.kind;
    }
}

/** Sliding one-second window over accepted requests (real time). */
export class RateLimiter {
    private times: number[] = [];

    constructor(private readonly perSecond: number) {
        if (!(perSecond > 0)) throw new Error("rateLimit must be a positive number of requests per second");
    }

    /** `undefined` when accepted; otherwise the real milliseconds until a slot frees up. */
    check(now = Date.now()): number | undefined {
        this.times = this.times.filter((t) => now - t < 1000);
        if (this.times.length < this.perSecond) {
            this.times.push(now);
            return undefined;
        }
        return Math.max(1, 1000 - (now - this.times[0]!));
    }
}

/** Waits that `cancelAll()` ends at once (so close() never waits for a long injected latency). */
export class Sleeper {
    private readonly waiting = new Set<() => void>();

    sleep(ms: number): Promise<void> {
        if (ms <= 0) return Promise.resolve();
        return new Promise((resolve) => {
            const done = () => {
                clearTimeout(timer);
                this.waiting.delete(done);
                resolve();
            };
            const timer = setTimeout(done, ms);
            this.waiting.add(done);
        });
    }

    cancelAll(): void {
        for (const done of [...this.waiting]) done();
    }
}
