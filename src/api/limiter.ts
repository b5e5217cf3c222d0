/**
 * A counting semaphore for HTTP requests in flight. One instance is shared by the whole process
 * (kept on `globalThis`, so even two copies of this module, e.g. src and dist, share it): a stack
 * with a hundred instances polls through at most `max` sockets instead of tripping 429s.
 * It can also be held: after a 429 no request of the process starts until the server's Retry-After
 * has passed, so refused requests do not all come back at once and get refused again; and a refused
 * request goes back to the head of the queue, so the same calls are not refused time after time.
 */
export class Limiter {
    private active = 0;
    private readonly waiters: (() => void)[] = [];
    private heldUntil = 0;
    private holdTimer: NodeJS.Timeout | undefined;
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

    /** No request starts before `until` (a `Date.now()` value); a later hold extends an earlier one. */
    holdUntil(until: number): void {
        if (until > this.heldUntil) this.heldUntil = until;
    }

    /** Runs `task` in a slot; `first` puts it at the head of the queue (a request the rate limit refused). */
    async run<T>(task: () => Promise<T>, options: { first?: boolean } = {}): Promise<T> {
        await this.acquire(options.first === true);
        try {
            return await task();
        } finally {
            this.active--;
            this.drain();
        }
    }

    private acquire(first: boolean): Promise<void> {
        if (this.active < this.maxInFlight && this.waiters.length === 0 && Date.now() >= this.heldUntil) {
            this.take();
            return Promise.resolve();
        }
        return new Promise((resolve) => {
            const waiter = () => {
                this.take();
                resolve();
            };
            if (first) this.waiters.unshift(waiter);
            else this.waiters.push(waiter);
            this.drain();
        });
    }

    private take(): void {
        this.active++;
        if (this.active > this.peak) this.peak = this.active;
    }

    private drain(): void {
        const held = this.heldUntil - Date.now();
        if (held > 0) {
            if (this.waiters.length > 0 && !this.holdTimer) {
                this.holdTimer = setTimeout(() => {
                    this.holdTimer = undefined;
                    this.drain();
                }, held);
            }
            return;
        }
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
