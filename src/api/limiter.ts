/**
 * A counting semaphore for HTTP requests in flight. One instance is shared by the whole process
 * (kept on `globalThis`, so even two copies of this module, e.g. src and dist, share it): a stack
 * with a hundred instances polls through at most `max` sockets instead of tripping 429s.
 */
export class Limiter {
    private active = 0;
    private readonly waiters: (() => void)[] = [];
    /** Highest number of requests that were in flight at once (for tests and benchmarks). */
    peak = 0;

    constructor(private maxInFlight: number) {
        if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError("maxInFlight must be an integer ≥ 1");
    }

    get max(): number {
        return this.maxInFlight;
    }

    get inFlight(): number {
        return this.active;
    }

    setMax(maxInFlight: number): void {
        if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError("maxInFlight must be an integer ≥ 1");
        this.maxInFlight = maxInFlight;
        this.drain();
    }

    async run<T>(task: () => Promise<T>): Promise<T> {
        await this.acquire();
        try {
            return await task();
        } finally {
            this.active--;
            this.drain();
        }
    }

    private acquire(): Promise<void> {
        if (this.active < this.maxInFlight) {
            this.take();
            return Promise.resolve();
        }
        return new Promise((resolve) => this.waiters.push(() => {
            this.take();
            resolve();
        }));
    }

    private take(): void {
        this.active++;
        if (this.active > this.peak) this.peak = this.active;
    }

    private drain(): void {
        while (this.active < this.maxInFlight && this.waiters.length > 0) this.waiters.shift()!();
    }
}

export const DEFAULT_MAX_IN_FLIGHT = 8;
const KEY = Symbol.for("pulumi-novita.sharedLimiter");

/** The process-wide limiter. Its size comes from `NOVITA_MAX_CONCURRENCY` (default 8) on first use. */
export function sharedLimiter(): Limiter {
    const g = globalThis as { [KEY]?: Limiter };
    if (!g[KEY]) {
        const fromEnv = Number(process.env.NOVITA_MAX_CONCURRENCY);
        g[KEY] = new Limiter(Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_MAX_IN_FLIGHT);
    }
    return g[KEY]!;
}
