/**
 * Every example and the demo program under the REAL Pulumi CLI (tools/pulumi-cli), against the simulator:
 * preview, up, a second preview with --expect-no-changes, an input change whose `preview --diff` shows the
 * update or replace the README's table promises, `up` of that change, an out-of-band delete found by
 * `refresh`, `up` recreating it, `destroy`, and nothing left in the simulator. No secret is ever printed.
 */
import * as fs from "fs";
import * as path from "path";
import { CliStack, describeCli, opsOf, ROOT, type CliStackOptions } from "./kit";

jest.setTimeout(600_000);

interface Case {
    name: string;
    options: () => CliStackOptions;
    /** The GpuInstance the scenario changes and deletes out of band. */
    instance: string;
    /**
     * An edit of the program (or config) and the op the README's table promises for it, on `resource` of `type`
     * (default: the GpuInstance `instance`); `check` verifies its effect in the simulator after the `up`.
     */
    change: {
        describe: string;
        apply(s: CliStack): Promise<void>;
        op: "update" | "replace";
        resource?: string;
        type?: "GpuInstance" | "NetworkStorage";
        check?(s: CliStack): void;
    };
}

/** Replaces `from` by `to` in a program file of the project (the test fails if `from` is not there). */
function edit(s: CliStack, file: string, from: string, to: string): void {
    const p = path.join(s.dir, file);
    const text = fs.readFileSync(p, "utf8");
    if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
    fs.writeFileSync(p, text.replace(from, to));
}

const example = (name: string) => path.join(ROOT, "examples", name);

const CASES: Case[] = [
    {
        name: "examples/quickstart",
        options: () => ({ from: example("quickstart") }),
        instance: "notebook",
        change: {
            describe: "a new command (upgrade in place)",
            apply: async (s) => edit(s, "index.ts", "--port=8888", "--port=8888 --no-browser"),
            op: "update",
        },
    },
    {
        name: "examples/private-registry",
        options: () => ({
            from: example("private-registry"),
            config: { registryUsername: "acme-ci", registryPassword: { value: "ghp_cli_suite_password", secret: true } },
        }),
        instance: "inference",
        change: { describe: "a new image (upgrade in place)", apply: (s) => s.setConfig("image", "ghcr.io/acme/private-inference:2.4.0"), op: "update" },
    },
    {
        name: "examples/spot-fallback",
        options: () => ({ from: example("spot-fallback") }),
        instance: "trainer",
        change: { describe: "gpuNum 2 → 1 (replace)", apply: async (s) => edit(s, "index.ts", "gpuNum: 2,", "gpuNum: 1,"), op: "replace" },
    },
    {
        name: "examples/persistent-weights",
        options: () => ({ from: example("persistent-weights") }),
        instance: "inference",
        change: {
            describe: "volumeSizeGb 100 → 200 (the volume grows in place)",
            apply: (s) => s.setConfig("volumeSizeGb", "200"),
            op: "update",
            resource: "weights",
            type: "NetworkStorage",
            check: (s) => expect(s.sim.networkStorages().map((v) => [v.size, v.mountedBy.length])).toEqual([[200, 1]]),
        },
    },
    {
        name: "the demo (Pulumi.yaml → demo/index.js)",
        options: () => ({
            files: {
                "Pulumi.yaml": fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8").replace(/^main:.*$/m, "main: index.js"),
                "index.js": fs.readFileSync(path.join(ROOT, "demo", "index.js"), "utf8"),
                "package.json": JSON.stringify({ name: "pulumi-novita-demo", private: true, main: "index.js" }),
            },
            config: { registryPassword: { value: "demo-cli-suite-password", secret: true } },
        }),
        instance: "inference",
        change: { describe: "a new env value (upgrade in place)", apply: async (s) => edit(s, "index.js", 'MAX_BATCH: "16"', 'MAX_BATCH: "32"'), op: "update" },
    },
];

describeCli("examples under the real Pulumi CLI", () => {
    for (const c of CASES) {
        test(`${c.name}: preview, up, no changes, ${c.change.describe}, refresh after an out-of-band delete, up, destroy`, async () => {
            const s = await CliStack.start(c.options());
            try {
                const preview = await s.previewJson();
                expect(opsOf(preview)[c.instance]).toBe("create");
                expect(s.sim.instances()).toEqual([]); // a preview creates nothing

                await s.up();
                const live = s.sim.instances();
                expect(live.map((i) => i.status)).toEqual(["running"]);
                const state = await s.resources();
                expect(state[c.instance]!.id).toBe(live[0]!.id);

                await s.ok(["preview", "--expect-no-changes"]);

                await c.change.apply(s);
                const changed = await s.ok(["preview", "--diff"]);
                // `preview --diff` prints "~ type: (update)" or "+-type: (replace)" for the resource, then its inputs.
                const type = c.change.type ?? "GpuInstance";
                expect(changed.stdout).toMatch(new RegExp(c.change.op === "replace" ? `\\+-\\s*pulumi-nodejs:dynamic/novita:${type}: \\(replace\\)` : `~\\s*pulumi-nodejs:dynamic/novita:${type}: \\(update\\)`));
                expect(opsOf(await s.previewJson())[c.change.resource ?? c.instance]).toBe(c.change.op);
                await s.up();
                c.change.check?.(s);
                expect(s.sim.instances().filter((i) => i.status === "running")).toHaveLength(1);
                await s.ok(["preview", "--expect-no-changes"]);

                const id = (await s.resources())[c.instance]!.id!;
                s.sim.outOfBand.delete(id);
                const refreshed = await s.ok(["refresh", "--yes"]);
                expect(refreshed.stdout).toMatch(/deleted/);
                expect((await s.resources())[c.instance]).toBeUndefined();
                await s.up();
                const recreated = (await s.resources())[c.instance]!;
                expect(recreated.id).not.toBe(id);
                expect(s.sim.instance(recreated.id!)!.status).toBe("running");

                await s.ok(["destroy", "--yes"]);
                expect(s.sim.instances().filter((i) => i.status !== "removed")).toEqual([]);
                expect(s.sim.registryAuths()).toEqual([]);
                expect(s.sim.networkStorages()).toEqual([]);
                for (const secret of [s.sim.apiKey, ...s.secrets]) expect(s.printed()).not.toContain(secret);
            } finally {
                await s.close();
            }
        });
    }
});
