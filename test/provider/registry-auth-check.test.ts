/** RegistryAuth check: unknown keys are refused like GpuInstance's (issue #10), what the class sends passes. */
import { registryAuth } from "../../src/provider/registry-auth";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const base = { __provider: "p", username: "bot", password: "regpass-77a1" };
const check = (news: Record<string, unknown>) => registryAuth.check({}, { ...base, ...news });

describe("RegistryAuth check: unknown inputs", () => {
    test.each([
        [{ userName: "bot" }, "userName", 'unknown property "userName"; did you mean "username"?'],
        [{ passwd: "x" }, "passwd", 'unknown property "passwd"; did you mean "password"?'],
        [{ timeouts: { delet: "1m" } }, "timeouts.delet", 'unknown property "delet"; did you mean "delete"?'],
        [{ registry: "ghcr.io" }, "registry", 'unknown property "registry"; valid properties: name, password, timeouts, username'],
        [{ server: UNKNOWN }, "server", 'unknown property "server"; valid properties: name, password, timeouts, username'],
    ])("%j fails naming %s", async (patch, property, reason) => {
        expect((await check(patch)).failures).toContainEqual({ property, reason });
    });

    test("the message never echoes the password", async () => {
        const r = await check({ pasword: "regpass-77a1" });
        expect(JSON.stringify(r.failures)).not.toContain("regpass-77a1");
    });

    test("what the RegistryAuth class sends passes: __provider, autoNamePrefix, output seeds left undefined", async () => {
        const r = await check({ autoNamePrefix: "ghcr", name: undefined, timeouts: undefined });
        expect(r.failures).toEqual([]);
        expect((r.inputs as { name: string }).name).toMatch(/^ghcr-[0-9a-f]{7}$/);
    });
});
