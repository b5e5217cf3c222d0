/** deleteWhenUnused (src/provider/in-use.ts): the in-use backoff, now the retry policy object of src/api/retry.ts. */
import { backoffDelayMs, resolveRetryPolicy } from "../../src/api/retry";
import { deleteWhenUnused, IN_USE_RETRY_POLICY } from "../../src/provider/in-use";

const inUse = Object.assign(new Error("IMAGE_AUTH_IN_USE"), { inUse: true });
const gone = Object.assign(new Error("not found"), { gone: true });

function deleter(budgetMs: number, answers: Error[]) {
    let attempts = 0;
    return {
        attempts: () => attempts,
        d: {
            attempt: async () => {
                const a = answers[Math.min(attempts++, answers.length - 1)];
                if (a) throw a;
            },
            isGone: (e: unknown) => (e as { gone?: boolean }).gone === true,
            isInUse: (e: unknown) => (e as { inUse?: boolean }).inUse === true,
            budgetMs,
            users: async () => ["trainer (3f2a)"],
            what: "registry auth ghcr-1 (a1)",
            short: "ghcr-1",
            advice: "point those instances at another registry auth (or delete them)",
        },
    };
}

let lines: string[];
beforeEach(() => {
    process.env.NOVITA_TIME_SCALE = "0.00001"; // API-time waits, slept 100 000× faster
    lines = [];
    jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
});
afterEach(() => {
    jest.restoreAllMocks();
    delete process.env.NOVITA_TIME_SCALE;
});

test("the policy is the 2 s doubling backoff capped at 30 s, and resolves as a RetryPolicy", () => {
    const policy = resolveRetryPolicy({ ...IN_USE_RETRY_POLICY, maxElapsedMs: 60_000 });
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(policy, n, undefined, () => 1))).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
});

test("retries while in use, 2 s doubling to 30 s in API time, and names the users when timeouts.delete is spent", async () => {
    const { d, attempts } = deleter(100_000, [inUse]);
    const err = await deleteWhenUnused(d).catch((e: Error) => e);
    // 2+4+8+16+30+30 = 90 s waited; another 30 s would pass the 100 s budget.
    expect(lines.map((l) => l.match(/retrying delete in (\S+)/)?.[1])).toEqual(["2s", "4s", "8s", "16s", "30s", "30s"]);
    expect(attempts()).toBe(7);
    expect(err).toBeInstanceOf(Error);
    // The time said is what was spent: the 90 s of waits plus the (real, unscaled) time of the attempts themselves.
    expect((err as Error).message).toMatch(
        /^registry auth ghcr-1 \(a1\) is still used by trainer \(3f2a\) after 1m3\ds: point those instances at another registry auth \(or delete them\) and run the command again$/,
    );
});

test("already gone counts as deleted; another error is thrown as it is", async () => {
    const first = deleter(100_000, [inUse, gone]);
    await expect(deleteWhenUnused(first.d)).resolves.toBeUndefined();
    expect(first.attempts()).toBe(2);
    const boom = new Error("500");
    await expect(deleteWhenUnused(deleter(100_000, [boom]).d)).rejects.toBe(boom);
});
