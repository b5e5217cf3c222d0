/** ApiTimeCache (src/offers/cache.ts): the one cache of the offer service — TTL in API time, failed promises forgotten. */
import { ApiTimeCache } from "../../src/offers";

let now = 1_000_000;
beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, "now").mockImplementation(() => now);
});
afterEach(() => jest.restoreAllMocks());

/** Lets the rejection handlers the cache attached run. */
const settled = () => new Promise<void>((r) => setImmediate(r));

describe("TTL in API time", () => {
    test("an entry lives ttl API ms: with timeScale 0.001 that is ttl/1000 real ms", () => {
        const cache = new ApiTimeCache<string>(60_000);
        let loads = 0;
        const load = () => `v${++loads}`;
        expect(cache.get("k", 0.001, load)).toBe("v1");
        now += 60; // 60 real ms = 60 000 API ms: still alive
        expect(cache.get("k", 0.001, load)).toBe("v1");
        now += 1; // past the TTL
        expect(cache.get("k", 0.001, load)).toBe("v2");
    });

    test("with timeScale 1 the same TTL is real time, and peek reports the age in API ms", () => {
        const cache = new ApiTimeCache<true>(180_000);
        cache.set("sold", true);
        now += 90_000;
        expect(cache.peek("sold", 1)).toEqual({ value: true, ageApiMs: 90_000 });
        expect(cache.peek("sold", 0.5)).toEqual({ value: true, ageApiMs: 180_000 });
        now += 90_001;
        expect(cache.peek("sold", 1)).toBeUndefined();
        expect(cache.peek("sold", 1)).toBeUndefined(); // dropped, not revived
    });

    test("Infinity keeps an entry until clear", () => {
        const cache = new ApiTimeCache<number>(Infinity);
        cache.set("k", 1);
        now += 1e12;
        expect(cache.peek("k", 0.001)?.value).toBe(1);
        cache.clear();
        expect(cache.peek("k", 1)).toBeUndefined();
    });
});

describe("failures", () => {
    test("a rejected promise is forgotten: the next get loads again", async () => {
        const cache = new ApiTimeCache<Promise<string>>(60_000);
        const failed = cache.get("k", 1, () => Promise.reject(new Error("503")));
        await expect(failed).rejects.toThrow("503");
        await settled();
        await expect(cache.get("k", 1, () => Promise.resolve("ok"))).resolves.toBe("ok");
    });

    test("a newer entry under the same key survives the rejection of the one it replaced", async () => {
        const cache = new ApiTimeCache<Promise<string>>(60_000);
        let reject!: (e: Error) => void;
        cache.set("k", new Promise<string>((_, r) => (reject = r)));
        const fresh = cache.set("k", Promise.resolve("fresh"));
        reject(new Error("late"));
        await settled();
        expect(cache.get("k", 1, () => Promise.resolve("reloaded"))).toBe(fresh);
    });

    test("keepFailures: a failed read is kept (the preview's catalogue is read once whatever happens)", async () => {
        const cache = new ApiTimeCache<Promise<string>>(Infinity, { keepFailures: true });
        const failed = cache.get("k", 1, () => Promise.reject(new Error("503")));
        await settled(); // no unhandled rejection, and still cached
        expect(cache.get("k", 1, () => Promise.resolve("again"))).toBe(failed);
        await expect(failed).rejects.toThrow("503");
    });
});
