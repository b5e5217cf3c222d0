/** The tiers of the test suite (test/tiers.js): every test file has one, and the unit tier does no I/O. */
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import * as childProcess from "child_process";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { tierOf } = require("../tiers") as { tierOf(file: string): string | undefined };

test("the files that run a simulator, an engine or the package are not in the unit tier", () => {
    expect(tierOf("test/api/client.sim.test.ts")).toBe("sim");
    expect(tierOf("test/simulator/faults.test.ts")).toBe("sim");
    expect(tierOf("test/engine/lifecycle.test.ts")).toBe("engine");
    expect(tierOf("test/examples/quickstart.test.ts")).toBe("engine");
    expect(tierOf("test/cli/demo.test.ts")).toBe("package");
    expect(tierOf("test/package/package.test.ts")).toBe("package");
    expect(tierOf("test/selection/rank.test.ts")).toBe("unit");
    expect(tierOf("test/somewhere-new/x.test.ts")).toBeUndefined();
});

test("every test file under test/ has a tier", () => {
    const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".test.ts") ? [path.join(dir, e.name)] : []));
    const root = path.resolve(__dirname, "../..");
    const files = walk(path.join(root, "test")).map((f) => path.relative(root, f).split(path.sep).join("/"));
    expect(files.length).toBeGreaterThan(80);
    expect(files.filter((f) => !tierOf(f))).toEqual([]);
});

describe("in the unit tier", () => {
    test("starting a server throws, naming the tiers to move the test to", () => {
        expect(() => http.createServer().listen(0)).toThrow(/a unit test may not start a server: put this test file in the sim, engine or package tier/);
    });

    test("opening a socket throws (no request leaves a unit test)", async () => {
        const failure = await fetch("http://127.0.0.1:65000/").then(() => undefined, (e: Error) => e);
        expect(String((failure?.cause as Error | undefined)?.message)).toMatch(/may not open a socket/);
        expect(() => http.get("http://127.0.0.1:65000/")).toThrow(/may not open a socket/);
    });

    test("starting a process throws", () => {
        expect(() => childProcess.spawnSync(process.execPath, ["-e", ""])).toThrow(/may not start a process/);
    });
});
