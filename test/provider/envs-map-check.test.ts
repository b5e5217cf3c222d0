/** envs given as a map are checked like the list form: a failure names the entry and says why. */
import { checkGpuInstance } from "../../src/provider/gpu-instance/check";

const check = (envs: unknown) => checkGpuInstance({}, { name: "t", productId: "4090.16c62g", imageUrl: "nginx", envs }).failures;

test.each([
    ["a key containing =", { "A=B": "v" }, "envs[0].key", /=/],
    ["an empty key", { OK: "v", "": "v" }, "envs[1].key", /.+/],
    ["a value over 4095 characters", { BIG: "v".repeat(4096) }, "envs[0].value", /4095/],
])("a map with %s is rejected naming the entry and the reason", (_label, envs, property, reason) => {
    const failures = check(envs);
    expect(failures.map((f) => f.property)).toEqual([property]);
    expect(failures[0]!.reason).toMatch(reason);
    expect(failures[0]!.reason).not.toBe("Invalid input");
});

test("a valid map still normalises to the sorted list", () => {
    const r = checkGpuInstance({}, { name: "t", productId: "4090.16c62g", imageUrl: "nginx", envs: { B: "2", A: "1" } });
    expect(r.failures).toEqual([]);
    expect((r.inputs as { envs: unknown }).envs).toEqual([{ key: "A", value: "1" }, { key: "B", value: "2" }]);
});
