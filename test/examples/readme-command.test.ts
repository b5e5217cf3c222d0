/**
 * README.md's "GitOps: the cost of a preview, and orphans" section stays true: its commands parse with the
 * command's own option tables, its Markdown sample is what `pulumi-novita cost --format markdown` prints for a
 * real CLI preview (test/command/fixtures/previews/mixed.json) priced against the simulator, and its exit-code
 * table is the command's.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "../../src/command/args";
import { COST } from "../../src/command/cost-command";
import { EXIT } from "../../src/command/errors";
import { ORPHANS } from "../../src/command/orphans-command";
import { startSimulator } from "../../src/simulator";
import { previewPath, run } from "../command/helpers";

const README = fs.readFileSync(path.resolve(__dirname, "../..", "README.md"), "utf8");
const SECTION = (() => {
    const start = README.indexOf("\n## GitOps: the cost of a preview, and orphans\n");
    expect(start).toBeGreaterThanOrEqual(0);
    return README.slice(start, README.indexOf("\n## ", start + 4));
})();

/** The catalogue line names the API and the time it was read: the only parts that differ between runs. */
const normalise = (md: string) => md.replace(/catalogue at \S+, \S+Z\./g, "catalogue at <url>, <time>.").trim();

test("every `npx pulumi-novita …` command in the section parses with that subcommand's options", () => {
    const lines = /```bash\n([\s\S]*?)```/.exec(SECTION)![1]!.split("\n").filter((l) => l.startsWith("npx pulumi-novita "));
    expect(lines.length).toBe(5);
    for (const line of lines) {
        const argv = line.replace(/#.*$/, "").replace(/<\s*\S+/, "").trim().split(/\s+/).slice(2);
        const [command, ...rest] = argv;
        const spec = { cost: COST, orphans: ORPHANS }[command!];
        expect(spec).toBeDefined();
        expect(() => parseArgs(spec!, rest)).not.toThrow();
    }
});

test("the Markdown sample is what `cost --format markdown` prints for a real CLI preview with one of each change", async () => {
    const sample = /````markdown\n([\s\S]*?)````/.exec(SECTION)![1]!;
    const sim = await startSimulator({ timeScale: 0.001, seed: "readme" });
    try {
        const r = await run(["cost", "--format", "markdown", "--base-url", sim.baseUrl, previewPath("mixed")], { NOVITA_API_KEY: sim.apiKey });
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(normalise(sample)).toBe(normalise(r.stdout));
    } finally {
        await sim.close();
    }
});

test("the exit-code table lists exactly the command's exit codes", () => {
    const table = SECTION.slice(SECTION.indexOf("### Exit codes"));
    const codes = [...table.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(codes).toEqual(Object.values(EXIT).sort());
});
