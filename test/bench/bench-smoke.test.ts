/** The benchmark code runs (cheap parts only; `npm run bench` measures, this suite never times anything). */
import { ROOT } from "../../bench/common";
import { scheduleFigures } from "../../bench/polling";
import { providerSizeBench } from "../../bench/provider-size";
import { burnRuns, formatRows } from "../../bench/run";
import { providerText } from "../../src/resources/shims";
import * as path from "node:path";

test("the bench finds the package root whose dist/ the provider process loads", () => {
    expect(ROOT).toBe(path.resolve(__dirname, "../.."));
});

test("the polling analysis reproduces the schedule's figures: 13, 33, 52 polls; lag 10 % inside max(1 s, 10 %)", () => {
    expect([10, 60, 300].map((b) => scheduleFigures(b * 1000).gets)).toEqual([13, 33, 52]);
    for (const b of [10, 60, 300]) expect(scheduleFigures(b * 1000).worstLagMs).toBeLessThanOrEqual(0.9 * Math.max(1000, 100 * b));
});

test("the __provider bench reports the shim's size and the self-contained baseline", async () => {
    const rows = await providerSizeBench();
    // The shim's bytes, as stored with every resource (it grew from one line when it learnt to explain a missing package).
    expect(rows[0]).toMatchObject({ value: `${Buffer.byteLength(providerText("gpuInstance"))} B`, met: true });
    expect(rows).toHaveLength(3);
});

test("one table: a header, a rule, one line per row, NO for a missed target", () => {
    const text = formatRows([
        { bench: "a", metric: "m", value: "1", target: "≤ 2", met: true },
        { bench: "b", metric: "m", value: "3", target: "≤ 2", met: false },
    ]);
    const lines = text.split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/\| NO\s*$/);
});

test("--burn-cpu names the runs during which every core is kept busy: a list, or all of them when bare", () => {
    expect([...burnRuns(["--runs", "5", "--burn-cpu", "3"], 5)]).toEqual([3]);
    expect([...burnRuns(["--burn-cpu", "1,4"], 5)]).toEqual([1, 4]);
    expect([...burnRuns(["--burn-cpu", "--boot", "20"], 2)]).toEqual([1, 2]);
    expect([...burnRuns(["--runs", "5"], 5)]).toEqual([]);
});
