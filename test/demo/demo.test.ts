/**
 * `npm run demo` (scripts/demo.js) as a user runs it: a child process, exit code and printed output.
 * Offline mode for real (the plan's GPU cost included); the CLI mode's orchestration with a stand-in `pulumi` (fixtures/bin/pulumi), including
 * failures the real CLI cannot be made to produce on demand. test/cli/demo.test.ts runs it with the real CLI.
 * Needs dist/ (npm test builds first).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run, type Ran } from "../support/run";

const ROOT = path.resolve(__dirname, "../..");
const FAKE_BIN = path.join(__dirname, "fixtures", "bin");

/** No CLI built by `npm run cli:build` either: these tests decide which `pulumi` (if any) the demo sees. */
const NO_BUILT_CLI = path.join(os.tmpdir(), "pulumi-novita-no-cli-here");

function runDemo(args: string[], env: Record<string, string | undefined>): Promise<Ran> {
    return run(process.execPath, [path.join(ROOT, "scripts", "demo.js"), ...args], {
        cwd: ROOT,
        env: { ...process.env, PULUMI_NOVITA_CLI_BIN: NO_BUILT_CLI, ...env },
    });
}

/** A PATH with node and nothing called `pulumi`. */
function pathWithoutPulumi(): string {
    const dir = path.dirname(process.execPath);
    expect(fs.existsSync(path.join(dir, "pulumi"))).toBe(false);
    return dir;
}

test("without a pulumi CLI (none on PATH, none built) the demo runs offline: plan, create with progress, a no-change second run, destroy; exit 0", async () => {
    const r = await runDemo([], { PATH: pathWithoutPulumi(), NOVITA_API_KEY: "sk_real_key_must_not_be_used" });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain("Mode: OFFLINE EMULATION");
    expect(out).toMatch(/`npm run cli:build` builds the real Pulumi CLI/);
    // 1/4 preview → 2/4 up → 3/4 second run → 4/4 destroy, in that order.
    const at = ["1/4", "+ 3 to create", "$ pulumi-novita cost < preview.json", "2/4", "+ 3 created", "3/4", "(no changes)", "3 unchanged", "4/4", "- 3 deleted", "Done in"].map((s) => out.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // Status transitions with elapsed (simulated) time, from the provider's own stderr lines.
    // The plan's GPU cost: pulumi-novita cost on the offline preview's PreviewDigest JSON (toPreviewDigest).
    expect(out).toContain("GPU cost of this preview: +$0.18/h");
    expect(out).toMatch(/inference\s+create\s+RTX 4090 24GB \(4090\.16c62g\)\s+1\s+AS-SGP-02\s+spot\s+—\s+\$0\.18\*\s+\+\$0\.18/);
    expect(out).toContain("inference: estimate; placement decides at create");
    expect(out).toMatch(/\[novita\] inference-[0-9a-f]+ \([0-9a-f]+\): pulling \(\d+s\)/);
    expect(out).toMatch(/\[novita\] inference-[0-9a-f]+ \([0-9a-f]+\): running \((?:\d+ms|\d+s|\d+m(?:\d+s)?)\)/); // formatDuration: 850ms, 17s, 1m, 1m5s
    // Readiness: the wait for the model server's /health after the container runs.
    expect(out).toMatch(/\[novita\] inference-[0-9a-f]+ \([0-9a-f]+\): waiting until ready: GET http:\/\/127\.0\.0\.1:\d+\/health → 200–399/);
    expect(out).toMatch(/\[novita\] inference-[0-9a-f]+ \([0-9a-f]+\): ready \(HTTP 200, (?:\d+ms|\d+s|\d+m(?:\d+s)?)\)/);
    expect(out).toMatch(/\[novita\] inference-[0-9a-f]+ \([0-9a-f]+\): removed/);
    // Outputs: endpoints, region/product, price; secret outputs masked.
    expect(out).toMatch(/region\s+: "AS-SGP-02"/);
    expect(out).toMatch(/product\s+: "RTX 4090 24GB \(4090\.16c62g\)"/);
    expect(out).toMatch(/pricePerHour: 0\.18/);
    expect(out).toMatch(/endpoints\s+: \["22\/tcp → [^"]+", "8000\/http → http:\/\/127\.0\.0\.1:\d+"\]/);
    expect(out).toMatch(/envs\s+: \[secret\]/);
    expect(out).not.toContain("sk_real_key_must_not_be_used");
    expect(out).not.toContain("meta-llama"); // an env value: only ever shown as [secret]
});

describe("with a pulumi CLI on PATH (stand-in)", () => {
    let log: string;
    beforeEach(() => (log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "demo-cli-test-")), "calls.jsonl")));
    const calls = () => fs.readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l));

    test("runs stack init, config set (secrets with --secret), up, preview --expect-no-changes, destroy on a file backend", async () => {
        const r = await runDemo([], { PATH: `${FAKE_BIN}${path.delimiter}${pathWithoutPulumi()}`, FAKE_PULUMI_LOG: log, NOVITA_API_KEY: "sk_real", PULUMI_ACCESS_TOKEN: "pul-x" });
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(r.stdout).toContain(`Mode: Pulumi CLI (${path.join(FAKE_BIN, "pulumi")})`);
        const c = calls();
        expect(c.map((x) => x.args.slice(0, 2).join(" "))).toEqual([
            "stack init", "config set", "config set", "config set", "config set", "preview --json", "up --yes", "preview --expect-no-changes", "stack output", "destroy --yes", "stack rm",
        ]);
        expect(c.filter((x) => x.args.includes("--secret")).map((x) => x.args[3]).sort()).toEqual(["novita:apiKey", "registryPassword"]);
        expect(c.filter((x) => x.args[0] === "config" && !x.args.includes("--secret")).map((x) => x.args[2]).sort()).toEqual(["novita:baseUrl", "novita:timeScale"]);
        for (const x of c) {
            expect(x.backendUrl).toMatch(/^file:\/\/.*pulumi-novita-demo-/);
            expect(x.passphraseSet).toBe(true);
            expect(x.novitaEnv).toEqual([]); // the user's NOVITA_API_KEY never reaches the demo stack
            expect(x.pulumiAccessToken).toBe(false);
            // The CLI runs in a temp project whose node_modules resolves the package, provider included.
            expect(x.cwd).not.toBe(ROOT);
            expect(x.providerModule).toBe(path.join(ROOT, "dist", "provider", "index.js"));
        }
        // The JSON preview before `up`, priced by pulumi-novita cost (the stand-in prints it with toPreviewDigest).
        expect(r.stdout).toContain("$ pulumi preview --json --stack demo --non-interactive > preview.json");
        expect(r.stdout).toContain("GPU cost of this preview: +$0.18/h");
        expect(r.stdout).toContain("+ 3 created");
        expect(r.stdout).toContain("(no changes)");
        expect(r.stdout).toContain("- 3 deleted");
        expect(r.stdout).toMatch(/\$ pulumi config set --secret novita:apiKey \[secret\]/);
        expect(r.stdout).not.toContain("sk_real");
    });

    test("a failing step fails the demo (exit 1) after destroying what was created", async () => {
        const r = await runDemo([], { PATH: `${FAKE_BIN}${path.delimiter}${pathWithoutPulumi()}`, FAKE_PULUMI_LOG: log, FAKE_PULUMI_FAIL: "preview --expect-no-changes" });
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/demo failed: pulumi preview --expect-no-changes .* exited with 255/);
        const ops = calls().map((x) => x.args[0]);
        expect(ops.slice(-3)).toEqual(["up", "preview", "destroy"]);
        expect(r.stdout).toContain("- 3 deleted"); // the clean-up destroy ran; the demo then checked the simulator is empty
    });

    test("a failing `preview --json` fails the demo (exit 1) before anything is created", async () => {
        const r = await runDemo([], { PATH: `${FAKE_BIN}${path.delimiter}${pathWithoutPulumi()}`, FAKE_PULUMI_LOG: log, FAKE_PULUMI_FAIL: "preview --json" });
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/demo failed: pulumi preview --json .* exited with 255/);
        expect(calls().map((x) => x.args[0])).not.toContain("up");
        expect(r.stdout).not.toContain("GPU cost of this preview");
    });
});

test("--offline and --cli are exclusive; unknown arguments are refused", async () => {
    const r = await runDemo(["--offline", "--cli"], { PATH: pathWithoutPulumi() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bad arguments");
    const cli = await runDemo(["--cli"], { PATH: pathWithoutPulumi() });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain("--cli: no `pulumi` on PATH");
});
