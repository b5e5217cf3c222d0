/**
 * The one cache of the offer service (./service.ts) and its callers: entries expire after a TTL counted in API time
 * — real milliseconds divided by the client's time scale, so a simulator running 1000× faster expires them 1000×
 * sooner —, and a promise that fails is forgotten at once, so the next caller asks again (unless the cache is told to
 * keep failures: the preview's catalogue, read once per process whatever happens).
 */
export interface ApiTimeCacheOptions {
    /** A rejected promise stays cached like a value (default: it is forgotten when it rejects). */
    keepFailures?: boolean;
}

export class ApiTimeCache<V> {
    private readonly entries = new Map<string, { at: number; value: V }>();

    /** `ttlApiMs`: how long an entry lives, in API milliseconds (`Infinity`: until `clear`). */
    constructor(
        private readonly ttlApiMs: number,
        private readonly options: ApiTimeCacheOptions = {},
    ) {}

    /** The live entry for `key` and its age in API ms, or undefined (an expired entry is dropped). */
    peek(key: string, timeScale: number): { value: V; ageApiMs: number } | undefined {
        const hit = this.entries.get(key);
        if (!hit) return undefined;
        const ageApiMs = (Date.now() - hit.at) / timeScale;
        if (ageApiMs > this.ttlApiMs) {
            this.entries.delete(key);
            return undefined;
        }
        return { value: hit.value, ageApiMs };
    }

    set(key: string, value: V): V {
        this.entries.set(key, { at: Date.now(), value });
        const forget = !this.options.keepFailures && value instanceof Promise;
        if (forget) value.catch(() => this.entries.get(key)?.value === value && this.entries.delete(key));
        else if (value instanceof Promise) value.catch(() => undefined); // observed by whoever awaits it
        return value;
    }

    /** The cached value, or what `load` gives (cached from now on). */
    get(key: string, timeScale: number, load: () => V): V {
        const hit = this.peek(key, timeScale);
        return hit ? hit.value : this.set(key, load());
    }

    delete(key: string): void {
        this.entries.delete(key);
    }

    clear(): void {
        this.entries.clear();
    }
}
