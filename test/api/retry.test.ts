import { backoffDelayMs, classifyFailure, isRetryableFailure, parseRetryAfter, resolveRetryPolicy, withinBudget, DEFAULT_RETRY_POLICY, RetryClock } from "../../src/api/retry";

describe("retry policy", () => {
    test("429, 5xx, network errors and timeouts are retryable; 4xx are not", () => {
        expect(isRetryableFailure(classifyFailure(429, undefined))).toBe(true);
        expect(isRetryableFailure(classifyFailure(502, undefined))).toBe(true);
        expect(isRetryableFailure(classifyFailure(undefined, "ECONNRESET"))).toBe(true);
        expect(classifyFailure(undefined, "ETIMEDOUT")).toBe("timeout");
        expect(isRetryableFailure(classifyFailure(400, undefined))).toBe(false);
        expect(isRetryableFailure(classifyFailure(401, undefined))).toBe(false);
        expect(isRetryableFailure(classifyFailure(404, undefined))).toBe(false);
    });

    test("Retry-After in seconds or as an HTTP date wins over the computed backoff", () => {
        const now = Date.parse("2026-11-21T10:00:00Z");
        expect(parseRetryAfter("3", now)).toBe(3000);
        expect(parseRetryAfter("Sat, 21 Nov 2026 10:00:05 GMT", now)).toBe(5000);
        expect(parseRetryAfter("garbage", now)).toBeUndefined();
        expect(parseRetryAfter(undefined, now)).toBeUndefined();
        expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 1, 7000)).toBe(7000);
    });

    test("backoff doubles per retry with equal jitter, capped by maxDelayMs", () => {
        const p = resolveRetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });
        expect(backoffDelayMs(p, 1, undefined, () => 0)).toBe(50);
        expect(backoffDelayMs(p, 1, undefined, () => 1)).toBe(100);
        expect(backoffDelayMs(p, 3, undefined, () => 0)).toBe(200);
        expect(backoffDelayMs(p, 3, undefined, () => 1)).toBe(400);
        expect(backoffDelayMs(p, 10, undefined, () => 1)).toBe(1000);
    });

    test("retries stop at maxAttempts and at the elapsed-time budget", () => {
        const p = resolveRetryPolicy({ maxAttempts: 3, maxElapsedMs: 1000 });
        expect(withinBudget(p, 1, 0, 100)).toBe(true);
        expect(withinBudget(p, 2, 0, 100)).toBe(true);
        expect(withinBudget(p, 3, 0, 100)).toBe(false);
        expect(withinBudget(p, 1, 950, 100)).toBe(false);
    });

    test("a nonsensical policy is refused with the field named", () => {
        expect(() => resolveRetryPolicy({ maxAttempts: 0 })).toThrow(/maxAttempts/);
        expect(() => resolveRetryPolicy({ baseDelayMs: -1 })).toThrow(/baseDelayMs/);
    });
});

describe("retry clock", () => {
    // Fake timers (Date.now included): the clock reads exactly the time the test lets pass.
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    test("scaled waits count at their API value; wall-clock time on the wire counts as it is", async () => {
        const clock = new RetryClock(0.001);
        expect(clock.wait(5000)).toBe(5); // 5 s of API time is slept as 5 ms
        await jest.advanceTimersByTimeAsync(5); // the sleep
        expect(clock.consumedMs()).toBe(5000);
        await jest.advanceTimersByTimeAsync(7); // 7 ms of real time on the wire
        expect(clock.consumedMs()).toBe(5007);
    });
});
