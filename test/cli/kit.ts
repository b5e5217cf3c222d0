/**
 * The real Pulumi CLI (built by `npm run cli:build` into .tools/bin) driving a Pulumi project against the
 * simulator, fully offline: a file backend and PULUMI_HOME in a temp folder, a passphrase secrets provider, no
 * update check, no plugin downloads, the simulator on loopback.
 *
 * When the CLI is not built, every suite declared with `describeCli` is skipped (scripts/test.js says so in its
 * last lines); with PULUMI_NOVITA_REQUIRE_CLI=1 (set by .ci/run) it fails instead.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { PreviewDigest as CommandPreviewDigest, PreviewStep, ResourceV3 } from "../../src/command/digest";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../src/simulator";
import { start, type Ran, type Running } from "../support/run";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cli: {
    ROOT: string;
    PULUMI: string;
    installed(): boolean;
    pins(): { pulumi: string; languageHost: string };
    cliEnv(dir: string, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
} = require("../../scripts/pulumi-cli-env");

export const ROOT = cli.ROOT;
export const CLI_BUILT = cli.installed();
const REQUIRED = process.env.PULUMI_NOVITA_REQUIRE_CLI === "1";

/** `describe` when the CLI is built; skipped otherwise, or a failing test when CI requires the CLI. */
export function describeCli(title: string, fn: () => void): void {
    if (CLI_BUILT) return describe(title, fn);
    if (REQUIRED) {
        return describe(title, () =>
            test("needs the real Pulumi CLI", () => {
                throw new Error("PULUMI_NOVITA_REQUIRE_CLI=1 but the Pulumi CLI is not built: run `npm run cli:build`");
            }),
        );
    }
    describe.skip(title, fn);
}

export interface CliRun extends Ran {
    args: string[];
}

/** A running `pulumi` command (see `CliStack.start`). */
export interface CliProcess extends Running {
    done: Promise<CliRun>;
}

export interface ProjectFiles {
    /** Files to copy from this directory (a program folder such as examples/quickstart). */
    from?: string;
    /** Files to write (relative name → text); win over `from`. */
    files?: Record<string, string>;
}

/**
 * A temp Pulumi project whose node_modules resolves everything this repository has installed, plus
 * `pulumi-novita` → this repository (its exports map points at the built dist/).
 */
export function prepareProject(dir: string, source: ProjectFiles): void {
    fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
    if (source.from) {
        for (const f of fs.readdirSync(source.from)) {
            const p = path.join(source.from, f);
            if (fs.statSync(p).isFile() && f !== "README.md") fs.copyFileSync(p, path.join(dir, f));
        }
    }
    for (const [name, text] of Object.entries(source.files ?? {})) fs.writeFileSync(path.join(dir, name), text);
    for (const entry of fs.readdirSync(path.join(ROOT, "node_modules"))) {
        if (entry.startsWith(".")) continue;
        fs.symlinkSync(path.join(ROOT, "node_modules", entry), path.join(dir, "node_modules", entry), "dir");
    }
    fs.symlinkSync(ROOT, path.join(dir, "node_modules", "pulumi-novita"), "dir");
}

/** A one-file TypeScript project (`index.ts`) named `name`. */
export function tsProject(name: string, indexTs: string): ProjectFiles {
    return { files: { "Pulumi.yaml": `name: ${name}\nruntime: nodejs\n`, "package.json": JSON.stringify({ name, private: true, main: "index.ts" }), "index.ts": indexTs } };
}

export interface CliStackOptions extends ProjectFiles {
    /**
     * An existing project directory (the one holding `Pulumi.yaml`, with its own installed packages) to run the
     * CLI in, instead of a temp copy of `from`/`files` linked to this repository. `close()` leaves it in place.
     */
    at?: string;
    stack?: string;
    /** Extra stack config (besides novita:baseUrl, novita:apiKey and novita:timeScale). */
    config?: Record<string, string | { value: string; secret: true }>;
    simulator?: SimulatorOptions;
    /** Reuse a running simulator instead of starting one. */
    sim?: Simulator;
}

/** A stack of a temp project on a temp file backend, configured for a simulator. */
export class CliStack {
    readonly transcript: CliRun[] = [];
    private constructor(
        readonly tmp: string,
        readonly dir: string,
        readonly stack: string,
        readonly sim: Simulator,
        private readonly ownsSim: boolean,
        readonly env: NodeJS.ProcessEnv,
    ) {}

    static async start(o: CliStackOptions): Promise<CliStack> {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-novita-cli-"));
        const dir = o.at ?? path.join(tmp, "project");
        if (!o.at) {
            fs.mkdirSync(dir);
            prepareProject(dir, o);
        }
        const sim = o.sim ?? (await startSimulator({ timeScale: 0.01, ...o.simulator }));
        const s = new CliStack(tmp, dir, o.stack ?? "dev", sim, !o.sim, cli.cliEnv(tmp));
        await s.ok(["stack", "init", s.stack]);
        const config: Record<string, string | { value: string; secret: true }> = {
            "novita:baseUrl": sim.baseUrl,
            "novita:apiKey": { value: sim.apiKey, secret: true },
            "novita:timeScale": String(sim.timeScale),
            ...o.config,
        };
        for (const [k, v] of Object.entries(config)) await s.setConfig(k, v);
        return s;
    }

    /** Every secret this stack was given (for "never printed" checks). */
    secrets: string[] = [];

    async setConfig(key: string, v: string | { value: string; secret: true }): Promise<void> {
        if (typeof v === "string") return void (await this.ok(["config", "set", key, v]));
        this.secrets.push(v.value);
        await this.ok(["config", "set", "--secret", key, v.value]);
    }

    /** Runs `pulumi <args> --stack <stack> --non-interactive` in the project; resolves with whatever it exits with. */
    run(args: string[]): Promise<CliRun> {
        return this.start(args).done;
    }

    /**
     * Starts `pulumi <args>` like `run` and hands back the process while it runs: `printed(re)` resolves once its
     * stdout matches (an event to act on, e.g. to send it SIGINT), `done` when it exits.
     */
    start(args: string[]): CliProcess {
        const full = [...args, "--non-interactive", ...(args[0] === "stack" && args[1] === "init" ? [] : ["--stack", this.stack])];
        const running = start(cli.PULUMI, full, { cwd: this.dir, env: this.env });
        const done = running.done.then((ran) => {
            const r = { args, ...ran };
            this.transcript.push(r);
            return r;
        });
        return { ...running, done };
    }

    /** Like `run`, but a non-zero exit rejects with the command's output. */
    async ok(args: string[]): Promise<CliRun> {
        const r = await this.run(args);
        if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
        return r;
    }

    up(...flags: string[]): Promise<CliRun> {
        return this.ok(["up", "--yes", "--skip-preview", ...flags]);
    }

    /** `pulumi preview --json`: the engine's PreviewDigest (pkg/display/json.go). */
    async previewJson(...flags: string[]): Promise<PreviewDigest> {
        const r = await this.run(["preview", "--json", ...flags]);
        if (r.code !== 0) throw new Error(`pulumi preview --json exited ${r.code}\n${r.stderr}\n${r.stdout}`);
        return JSON.parse(r.stdout) as PreviewDigest;
    }

    /** `pulumi stack export`: the checkpoint (deployment version 3); secrets stay ciphertext unless `showSecrets`. */
    async exportState(showSecrets = false): Promise<StackExport> {
        const r = await this.ok(["stack", "export", ...(showSecrets ? ["--show-secrets"] : [])]);
        if (showSecrets) this.transcript.pop(); // asked for in plaintext: not part of what the CLI printed on its own
        return JSON.parse(r.stdout) as StackExport;
    }

    /** The GpuInstance/RegistryAuth/… resources of the exported state, by name. */
    async resources(): Promise<Record<string, ExportedResource>> {
        const state = await this.exportState();
        return Object.fromEntries(
            (state.deployment.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")).map((r) => [r.urn.split("::").pop()!, r]),
        );
    }

    /** Everything the CLI printed, for secret checks. */
    printed(): string {
        return this.transcript.map((r) => `${r.stdout}\n${r.stderr}`).join("\n");
    }

    async close(): Promise<void> {
        if (this.ownsSim) await this.sim.close();
        fs.rmSync(this.tmp, { recursive: true, force: true });
    }
}

/** The ops a preview/up prints per resource, from `pulumi preview --json` steps: `{ name: op }`. */
export function opsOf(digest: PreviewDigest): Record<string, string> {
    return Object.fromEntries(
        digest.steps.filter((s) => !s.urn.includes("pulumi:pulumi:Stack") && !s.urn.includes("pulumi:providers:")).map((s) => [s.urn.split("::").pop()!, s.op]),
    );
}

// ── formats (pkg/display/json.go PreviewDigest; sdk/go/common/apitype ResourceV3, DeploymentV3): src/command/digest.ts ──
/** `pulumi preview --json` of a project: `steps` (omitempty) is there, as the root stack's step is always printed. */
export type PreviewDigest = CommandPreviewDigest & { steps: PreviewStep[] };
export type ExportedResource = ResourceV3;
export interface StackExport {
    version: number;
    deployment: { manifest: Record<string, unknown>; resources?: ExportedResource[]; pending_operations?: unknown[] };
}
