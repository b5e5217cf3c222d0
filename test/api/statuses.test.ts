/** Instance statuses are grouped in one place (src/api/statuses.ts), and only there. */
import * as fs from "fs";
import * as path from "path";
import { GONE_STATUSES, holdsGpus, holdsResources, SETTLED_STATUSES, STARTED_STATUSES, STOPPED_STATUSES } from "../../src/api/statuses";
import { INSTANCE_STATUSES } from "../../src/api/wire-types";

test("every group holds documented statuses only", () => {
    for (const group of [GONE_STATUSES, SETTLED_STATUSES, STARTED_STATUSES, STOPPED_STATUSES]) {
        for (const s of group) expect(INSTANCE_STATUSES).toContain(s);
    }
    expect([...GONE_STATUSES]).toEqual(["toRemove", "removing", "removed"]);
});

test("an instance holds its GPUs unless stopped or deleted, and what it mounts until removed", () => {
    expect(INSTANCE_STATUSES.filter((s) => !holdsGpus(s))).toEqual(["exited", "toRemove", "removing", "removed"]);
    expect(INSTANCE_STATUSES.filter((s) => !holdsResources(s))).toEqual(["removed"]);
});

test("no other file of src/ writes a group of statuses out again", () => {
    const SRC = path.resolve(__dirname, "../../src");
    const files = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
    // A list or set literal naming two or more statuses (the lifecycle tables of the simulator and the status
    // enum itself are not groups with a meaning the others share).
    const ALLOWED = new Set(["api/statuses.ts", "api/wire-types.ts", "simulator/lifecycle.ts"]);
    const STATUS = "(toRemove|removing|removed|exited|toStop|stopping|toStart|starting|running)";
    const group = new RegExp(`\\[\\s*"${STATUS}",\\s*"${STATUS}"`);
    const offenders = files(SRC)
        .map((f) => path.relative(SRC, f).split(path.sep).join("/"))
        .filter((f) => !ALLOWED.has(f) && group.test(fs.readFileSync(path.join(SRC, f), "utf8")));
    expect(offenders).toEqual([]);
});
