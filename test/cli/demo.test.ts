/**
 * `npm run demo` with the real Pulumi CLI built by `npm run cli:build`: it picks the built CLI when none is on
 * PATH, and the whole stack runs under the real engine (init, config, preview --json priced by pulumi-novita cost, up, preview --expect-no-changes, destroy),
 * with the simulator empty at the end and no secret printed.
 */
import { spawn } from "child_process";
import * as path from "path";
import { describeCli, ROOT } from "./kit";

jest.setTimeout(300_000);

describeCli("npm run demo with the built Pulumi CLI", () => {
    test("uses .tools/bin/pulumi when no pulumi is on PATH; up, no changes, destroy; exit 0", async () => {
        const env: NodeJS.ProcessEnv = { ...process.env, PATH: path.dirname(process.execPath), NOVITA_API_KEY: "sk_real_key_must_not_be_used" };
        delete env.PULUMI_NOVITA_CLI_BIN;
        const r = await new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
            const child = spawn(process.execPath, [path.join(ROOT, "scripts", "demo.js")], { cwd: ROOT, env });
            let out = "";
            let err = "";
            child.stdout.on("data", (b) => (out += b));
            child.stderr.on("data", (b) => (err += b));
            child.on("error", reject);
            child.on("close", (code) => resolve({ code, out, err }));
        });
        expect(r.err).toBe("");
        expect(r.code).toBe(0);
        expect(r.out).toContain(`Mode: Pulumi CLI (${path.join(ROOT, ".tools", "bin", "pulumi")})`);
        // The plan's GPU cost: the real `pulumi preview --json`, priced by pulumi-novita cost, before `up`.
        const steps = ["$ pulumi preview --json", "$ pulumi-novita cost < preview.json", "GPU cost of this preview: +$0.18/h", "$ pulumi up --yes", "+ 3 created", "$ pulumi preview --expect-no-changes", "$ pulumi destroy --yes", "- 3 deleted", "the simulator is empty"];
        const at = steps.map((s) => r.out.indexOf(s));
        expect(at.every((i) => i >= 0)).toBe(true);
        expect([...at].sort((a, b) => a - b)).toEqual(at);
        expect(r.out).toMatch(/\[novita\] inference-[0-9a-f]+ \([0-9a-f]+\): running/);
        expect(r.out).not.toContain("sk_real_key_must_not_be_used");
        expect(r.out).not.toContain("warning: using pulumi-resource-pulumi-nodejs from $PATH");
    });
});
