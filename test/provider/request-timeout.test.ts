import { NovitaValidationError } from "../../src/api/errors";
import { configure, getClient, requestTimeoutMs } from "../../src/provider/config";

const config = (values: Record<string, string>) => ({ config: { get: (k: string) => values[k] } });

afterEach(() => configure(config({})));

describe("novita:requestTimeout (per-attempt HTTP timeout)", () => {
    test("a duration from stack config becomes the client's per-attempt timeout, in real milliseconds", async () => {
        await configure(config({ "novita:apiKey": "sk_test_0000", "novita:requestTimeout": "250ms", "novita:timeScale": "0.001" }));
        expect(requestTimeoutMs()).toBe(250);
        expect(getClient().config.timeoutMs).toBe(250);
    });

    test("absent: the client's default (30 s) applies", async () => {
        await configure(config({ "novita:apiKey": "sk_test_0000" }));
        expect(requestTimeoutMs()).toBeUndefined();
        expect(getClient().config.timeoutMs).toBe(30_000);
    });

    test.each(["soon", "0s", "30"])("%j is rejected, naming novita:requestTimeout", async (value) => {
        await configure(config({ "novita:apiKey": "sk_test_0000", "novita:requestTimeout": value }));
        const err = (() => {
            try {
                getClient();
            } catch (e) {
                return e;
            }
        })();
        expect(err).toBeInstanceOf(NovitaValidationError);
        expect((err as NovitaValidationError).field).toBe("novita:requestTimeout");
    });
});
