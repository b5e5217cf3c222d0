import { redactHeaders, redactObject, scrub, secretsOf, REDACTED } from "../../src/api/redact";
import { Limiter, sharedLimiter } from "../../src/api/limiter";

describe("redaction", () => {
    test("scrub removes every secret occurrence, longest first", () => {
        expect(scrub("key sk_abcdef and sk_abcdef123 here", ["sk_abcdef", "sk_abcdef123"])).toBe(`key ${REDACTED} and ${REDACTED} here`);
    });

    test("secretsOf finds passwords, imageAuth (and its password half) and env values", () => {
        const body = { name: "n", password: "hunter22", imageAuth: "bob:s3cretpw", envs: [{ key: "TOKEN", value: "tok-123456" }] };
        expect(secretsOf(body).sort()).toEqual(["bob:s3cretpw", "hunter22", "s3cretpw", "tok-123456"].sort());
    });

    test("redactObject hides password, imageAuth and env values but keeps env keys", () => {
        const r = redactObject({ password: "p", imageAuth: "a:b", envs: [{ key: "K", value: "v" }], name: "n" });
        expect(r).toEqual({ password: REDACTED, imageAuth: REDACTED, envs: [{ key: "K", value: REDACTED }], name: "n" });
    });

    test("redactHeaders hides Authorization whatever its case", () => {
        expect(redactHeaders({ authorization: "Bearer x", "Content-Type": "json" })).toEqual({ authorization: REDACTED, "Content-Type": "json" });
    });
});

describe("in-flight limiter", () => {
    test("never runs more than max tasks at once and runs them all", async () => {
        const l = new Limiter(3);
        let active = 0;
        let peak = 0;
        const task = async () => {
            active++;
            peak = Math.max(peak, active);
            await new Promise((r) => setTimeout(r, 5));
            active--;
            return 1;
        };
        const results = await Promise.all(Array.from({ length: 20 }, () => l.run(task)));
        expect(results).toHaveLength(20);
        expect(peak).toBe(3);
        expect(l.peak).toBe(3);
        expect(l.inFlight).toBe(0);
    });

    test("a failing task releases its slot", async () => {
        const l = new Limiter(1);
        await expect(l.run(async () => { throw new Error("boom"); })).rejects.toThrow("boom");
        await expect(l.run(async () => 2)).resolves.toBe(2);
    });

    test("the shared limiter is one object per process, 8 wide by default", () => {
        expect(sharedLimiter()).toBe(sharedLimiter());
        expect(sharedLimiter().max).toBe(Number(process.env.NOVITA_MAX_CONCURRENCY) || 8);
    });
});
