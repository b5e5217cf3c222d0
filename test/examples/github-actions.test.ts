/**
 * examples/github-actions/pulumi.yml, checked offline as far as it can be: the YAML parses; every `pulumi-novita`
 * command it runs exists with those flags (the command's own option tables and --help); the cost step, run as
 * written on a real CLI preview (test/command/fixtures), produces the comment that the github-script step then
 * posts and, on the next push, edits; and, when the real Pulumi CLI is built, every `pulumi` flag it uses exists.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { COST } from "../../src/command/cost-command";
import { ORPHANS } from "../../src/command/orphans-command";
import { startSimulator, type Simulator } from "../../src/simulator";
import { describeCli } from "../cli/kit";
import { previewPath, ROOT, runBin } from "../command/helpers";

const FILE = path.join(ROOT, "examples", "github-actions", "pulumi.yml");
const wf = parse(fs.readFileSync(FILE, "utf8"));
const SPECS = { cost: COST, orphans: ORPHANS };

interface Step {
    name?: string;
    uses?: string;
    run?: string;
    shell?: string;
    with?: Record<string, string>;
}

/** Every command line of every `run:` step, split into pipeline segments of words (quotes removed, $VARs kept). */
function commands(): { job: string; step: Step; words: string[]; line: string }[] {
    const out: { job: string; step: Step; words: string[]; line: string }[] = [];
    for (const [job, j] of Object.entries(wf.jobs as Record<string, { steps: Step[] }>)) {
        for (const step of j.steps) {
            for (const line of (step.run ?? "").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"))) {
                for (const segment of line.split(/\s\|\s/)) {
                    const words = [...segment.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
                    out.push({ job, step, words, line });
                }
            }
        }
    }
    return out;
}

const novitaCommands = () => commands().filter((c) => c.words[0] === "npx" && c.words[1] === "pulumi-novita");

test("the workflow: previews with the cost on pull requests, up on main, the orphans sweep on a schedule", () => {
    expect(wf.on.schedule[0].cron).toMatch(/^\S+ \S+ \* \* \*$/);
    expect(wf.jobs.orphans.if).toBe("github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'");
    expect(novitaCommands().map((c) => [c.job, c.words[2]])).toEqual([
        ["preview", "cost"],
        ["orphans", "orphans"],
    ]);
    const preview = wf.jobs.preview.steps as Step[];
    const at = (f: (s: Step) => boolean) => preview.findIndex(f);
    const order = [
        at((s) => s.run === "npm ci"),
        at((s) => !!s.uses?.startsWith("pulumi/actions@")),
        at((s) => !!s.run?.includes("pulumi-novita cost")),
        at((s) => !!s.uses?.startsWith("actions/github-script@")),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // A pipe must not hide the command's exit code: steps with a pipe run under `shell: bash` (-eo pipefail).
    for (const c of commands().filter((x) => x.line.includes(" | "))) expect([c.line, c.step.shell]).toEqual([c.line, "bash"]);
});

test("every pulumi-novita command it runs exists, with flags from the command's option table and its --help", async () => {
    for (const { words, line } of novitaCommands()) {
        const sub = words[2] as keyof typeof SPECS;
        const spec = SPECS[sub];
        expect([line, spec]).toEqual([line, expect.anything()]);
        const help = (await runBin([sub, "--help"])).stdout;
        const args = words.slice(3).filter((w, i, all) => !w.startsWith(">") && !(all[i - 1] ?? "").startsWith(">"));
        for (let i = 0; i < args.length; i++) {
            if (!args[i]!.startsWith("--")) continue;
            const option = spec.options.find((o) => o.flag === args[i]);
            expect([line, args[i], !!option]).toEqual([line, args[i], true]);
            expect(help).toContain(args[i]);
            if (option?.value) {
                const value = args[++i];
                expect([line, args[i - 1], value]).toEqual([line, args[i - 1], expect.stringMatching(/^[^-]/)]);
                if (option.choices) expect(option.choices).toContain(value);
            }
        }
    }
});

describe("the cost step as written", () => {
    let sim: Simulator;
    let tmp: string;
    beforeEach(async () => {
        sim = await startSimulator({ timeScale: 0.001 });
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gha-"));
    });
    afterEach(async () => {
        await sim.close();
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    test("prices a real CLI preview into the Markdown comment, which the github-script step creates, then edits", async () => {
        const cost = novitaCommands().find((c) => c.words[2] === "cost")!;
        const env = { RUNNER_TEMP: tmp, NOVITA_API_KEY: sim.apiKey };
        // What `pulumi preview --json` wrote for a stack whose novita:baseUrl is this simulator.
        const digest = JSON.parse(fs.readFileSync(previewPath("replace"), "utf8"));
        digest.config["novita:baseUrl"] = sim.baseUrl;
        fs.writeFileSync(path.join(tmp, "preview.json"), JSON.stringify(digest, null, 4));
        const expand = (w: string) => w.replace(/\$(\w+)/g, (_, k: string) => (env as Record<string, string>)[k] ?? "");
        const words = cost.words.slice(2).map(expand); // from the subcommand on
        const redirect = words.indexOf(">");
        const r = await runBin(words.slice(0, redirect), env);
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        fs.writeFileSync(words[redirect + 1]!, r.stdout);

        const step = (wf.jobs.preview.steps as Step[]).find((s) => s.uses?.startsWith("actions/github-script@"))!;
        const comments: { id: number; body: string }[] = [{ id: 1, body: "Previewing update (dev): …" }]; // pulumi/actions' own comment
        const api = {
            paginate: async (fn: () => unknown) => fn(),
            rest: {
                issues: {
                    listComments: () => comments,
                    createComment: async (a: { body: string }) => void comments.push({ id: comments.length + 1, body: a.body }),
                    updateComment: async (a: { comment_id: number; body: string }) => void (comments.find((c) => c.id === a.comment_id)!.body = a.body),
                },
            },
        };
        const context = { repo: { owner: "acme", repo: "gpu" }, issue: { number: 7 } };
        const script = new Function("require", "github", "context", "process", `return (async () => {\n${step.with!.script}\n})();`);
        const saved = process.env.RUNNER_TEMP;
        process.env.RUNNER_TEMP = tmp;
        try {
            await script(require, api, context, process);
            expect(comments.map((c) => c.id)).toEqual([1, 2]);
            expect(comments[1]!.body).toMatch(/^<!-- pulumi-novita cost -->\n### GPU cost: \+\$0\.35\/h/);
            await script(require, api, context, process); // the next push: the same comment is edited
            expect(comments.map((c) => c.id)).toEqual([1, 2]);
        } finally {
            process.env.RUNNER_TEMP = saved;
        }
    });
});

describeCli("the workflow's pulumi commands under the real Pulumi CLI", () => {
    test("every `pulumi` flag it uses is one `pulumi <command> --help` lists", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const cli: { PULUMI: string } = require("../../scripts/pulumi-cli-env");
        const uses = commands().filter((c) => c.words[0] === "pulumi");
        expect(uses.length).toBeGreaterThanOrEqual(2);
        for (const { words, line } of uses) {
            const sub = words.slice(1).filter((w, i, all) => !w.startsWith("-") && !w.startsWith(">") && !(all[i - 1] ?? "").startsWith("-") && !(all[i - 1] ?? "").startsWith(">"));
            const command = sub[0] === "stack" ? ["stack", sub[1]!] : [sub[0]!];
            const help = spawnSync(cli.PULUMI, [...command, "--help"], { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } }).stdout;
            for (const flag of words.filter((w) => w.startsWith("--"))) expect([line, flag, help.includes(flag)]).toEqual([line, flag, true]);
        }
    });
});
