/**
 * The differential check's two drivers: the real Pulumi CLI (test/cli/kit.ts) and the offline engine
 * (`pulumi-novita/testing`), each against its own fresh simulator with the same seed, running the same program
 * file with the same stack config. Each operation yields a `Trace` in a form both can produce: the op per
 * resource, success or the error, the Novita requests made (from the simulator's request log), and the state
 * after it (outputs with secrets as "[secret]", init errors, protect).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startSimulator, type Simulator } from "../../src/simulator";
import { DeploymentError, OfflineEngine, type ConfigValue, type OperationResult, type StateResource } from "../../src/testing";
import { CliStack, prepareProject, type ExportedResource } from "./kit";

export const PROGRAM_DIR = path.join(__dirname, "fixtures", "differential");
export const PROJECT = "novita-differential";
export const TIME_SCALE = 0.01;
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
/** The project files both engines run: the program, a Pulumi.yaml and a package.json naming the program. */
const PROJECT_FILES = {
    "Pulumi.yaml": `name: ${PROJECT}\nruntime: nodejs\n`,
    "package.json": JSON.stringify({ name: PROJECT, private: true, main: "index.js" }),
};

export type Operation = "preview" | "up" | "refresh" | "destroy";
export type Config = Record<string, string | { value: string; secret: true }>;

export interface ResourceState {
    type: string;
    outputs: Record<string, unknown>;
    initErrors?: string[];
    protect?: boolean;
}

export interface Trace {
    operation: Operation;
    ok: boolean;
    /** The error's first line (the engine's summary), when it failed. */
    error?: string;
    /** Resource name → op (same, create, update, replace, delete, refresh); stack and providers left out. */
    steps: Record<string, string>;
    /** Mutating Novita requests, `POST <path>`, sorted (order between independent resources is not fixed). */
    writes: string[];
    /** Distinct GET paths read. */
    reads: string[];
    /** Managed resources after the operation, by name. */
    state: Record<string, ResourceState>;
}

export interface Driver {
    readonly kind: "cli" | "offline";
    readonly sim: Simulator;
    /** Sets stack config for the next operations (merged into what is there). */
    configure(config: Config): Promise<void>;
    run(op: Operation): Promise<Trace>;
    /** Resource name → id, from the last state. */
    ids(): Promise<Record<string, string>>;
    close(): Promise<void>;
}

const nameOf = (urn: string) => urn.split("::").pop()!;
const managed = (type: string) => type.startsWith("pulumi-nodejs:dynamic");

function requests(sim: Simulator): Pick<Trace, "writes" | "reads"> {
    const log = sim.requestLog();
    sim.clearRequestLog();
    return {
        writes: log.filter((e) => e.method === "POST").map((e) => `POST ${e.path}`).sort(),
        reads: [...new Set(log.filter((e) => e.method === "GET").map((e) => e.path))].sort(),
    };
}

async function newSimulator(): Promise<Simulator> {
    return startSimulator({ seed: "differential", timeScale: TIME_SCALE });
}

// ── the real CLI ──────────────────────────────────────────────────────────────────────────────────────────────
/** `pulumi up --json` step ops → the offline engine's vocabulary (a replacement is three steps there). */
function cliOp(op: string): string | undefined {
    if (op === "create-replacement" || op === "delete-replaced") return "replace";
    if (op === "discard" || op === "discard-replaced") return "delete";
    return op;
}

function cliState(resources: ExportedResource[]): Record<string, ResourceState> {
    const out: Record<string, ResourceState> = {};
    for (const r of resources.filter((x) => managed(x.type))) {
        const outputs = Object.fromEntries(
            Object.entries(r.outputs ?? {}).map(([k, v]) => [k, v && typeof v === "object" && SECRET_SIG in v ? "[secret]" : v]),
        );
        out[nameOf(r.urn)] = { type: r.type, outputs, ...(r.initErrors?.length ? { initErrors: r.initErrors } : {}), ...(r.protect ? { protect: true } : {}) };
    }
    return out;
}

const isManagedUrn = (urn: string) => !urn.includes("::pulumi:pulumi:Stack::") && !urn.includes("::pulumi:providers:");

/** `pulumi preview --json` prints the PreviewDigest (pkg/display/json.go): steps with their op. */
function fromDigest(stdout: string): { steps: Record<string, string>; errors: string[] } {
    let digest: { steps?: { op: string; urn: string }[]; diagnostics?: { message: string; severity: string }[] } = {};
    try {
        digest = JSON.parse(stdout);
    } catch {
        // a failure before the engine started prints no JSON
    }
    const steps: Record<string, string> = {};
    for (const st of digest.steps ?? []) {
        const op = cliOp(st.op);
        if (op && isManagedUrn(st.urn)) steps[nameOf(st.urn)] = op;
    }
    return { steps, errors: (digest.diagnostics ?? []).filter((d) => d.severity === "error").map((d) => d.message.trim()) };
}

/**
 * `up/refresh/destroy --skip-preview --json` print engine events, one JSON object a line (sdk/go/common/apitype
 * events.go): the op of each resource step is in `resourcePreEvent.metadata.op`, and the op it resulted in in
 * `resOutputsEvent.metadata.op` (they differ for a refresh: every pre-event says `refresh`, the outputs event says
 * RefreshStep.ResultOp, step.go: same, update or delete); errors in `diagnosticEvent`. The result op wins.
 */
function fromEvents(stdout: string): { steps: Record<string, string>; errors: string[] } {
    const steps: Record<string, string> = {};
    const errors: string[] = [];
    for (const line of stdout.split("\n")) {
        let e: {
            resourcePreEvent?: { metadata: { op: string; urn: string } };
            resOutputsEvent?: { metadata: { op: string; urn: string } };
            diagnosticEvent?: { severity: string; message: string };
        };
        try {
            e = JSON.parse(line);
        } catch {
            continue;
        }
        for (const m of [e.resourcePreEvent?.metadata, e.resOutputsEvent?.metadata]) {
            if (!m || !isManagedUrn(m.urn)) continue;
            const op = cliOp(m.op);
            if (op) steps[nameOf(m.urn)] = op;
        }
        if (e.diagnosticEvent?.severity === "error") errors.push(e.diagnosticEvent.message.trim());
    }
    return { steps, errors };
}

export async function cliDriver(initial: Config): Promise<Driver> {
    const sim = await newSimulator();
    const s = await CliStack.start({ from: PROGRAM_DIR, sim, config: initial, files: PROJECT_FILES });
    sim.clearRequestLog();
    const state = async () => cliState((await s.exportState()).deployment.resources ?? []);
    return {
        kind: "cli",
        sim,
        async configure(config) {
            for (const [k, v] of Object.entries(config)) await s.setConfig(k, v);
        },
        async run(operation) {
            const args = { preview: ["preview"], up: ["up", "--yes", "--skip-preview"], refresh: ["refresh", "--yes", "--skip-preview"], destroy: ["destroy", "--yes", "--skip-preview"] }[operation];
            const r = await s.run([...args, "--json"]);
            const io = requests(sim);
            const { steps, errors } = operation === "preview" ? fromDigest(r.stdout) : fromEvents(r.stdout);
            const t: Trace = { operation, ok: r.code === 0, steps, ...io, state: await state() };
            if (r.code !== 0) t.error = errors.join("\n") || r.stderr.trim();
            return t;
        },
        async ids() {
            const resources = (await s.exportState()).deployment.resources ?? [];
            return Object.fromEntries(resources.filter((r) => managed(r.type)).map((r) => [nameOf(r.urn), r.id ?? ""]));
        },
        async close() {
            await s.close();
            await sim.close();
        },
    };
}

// ── the offline engine ─────────────────────────────────────────────────────────────────────────────────────────
function offlineState(state: readonly StateResource[]): Record<string, ResourceState> {
    const out: Record<string, ResourceState> = {};
    for (const r of state.filter((x) => managed(x.type) && !x.pendingDelete && !x.external)) {
        const secret = new Set(r.secretKeys);
        const outputs = Object.fromEntries(Object.entries(r.outputs).map(([k, v]) => [k, secret.has(k) ? "[secret]" : v]));
        out[r.name] = { type: r.type, outputs, ...(r.initErrors?.length ? { initErrors: r.initErrors } : {}), ...(r.protect ? { protect: true } : {}) };
    }
    return out;
}

function toEngineConfig(config: Config): Record<string, ConfigValue> {
    return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : { value: v.value, secret: true }]));
}

export async function offlineDriver(initial: Config): Promise<Driver> {
    const sim = await newSimulator();
    let config: Config = {
        "novita:baseUrl": sim.baseUrl,
        "novita:apiKey": { value: sim.apiKey, secret: true },
        "novita:timeScale": String(TIME_SCALE),
        ...initial,
    };
    // Each operation is a new engine carrying the state over, as each CLI command is a new process reading the
    // checkpoint. The program runs from a project prepared exactly like the CLI's (node_modules linking this
    // repository), and the provider process starts there, as the plugin script does.
    let state: StateResource[] = [];
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-novita-offline-"));
    prepareProject(tmp, { from: PROGRAM_DIR, files: PROJECT_FILES });
    const program = path.join(tmp, "index.js");
    return {
        kind: "offline",
        sim,
        async configure(more) {
            config = { ...config, ...more };
        },
        async run(operation) {
            const engine = new OfflineEngine({ project: PROJECT, stack: "dev", config: toEngineConfig(config), state, providerCwd: tmp, linkPackages: {} });
            let result: OperationResult;
            try {
                result = await (operation === "preview" ? engine.preview(program) : operation === "up" ? engine.up(program) : operation === "refresh" ? engine.refresh() : engine.destroy());
            } catch (e) {
                if (!(e instanceof DeploymentError)) throw e;
                result = e.result;
            } finally {
                state = engine.state;
                await engine.close();
            }
            const steps: Record<string, string> = {};
            for (const st of result.steps) if (managed(st.type)) steps[st.name] = st.op;
            const t: Trace = { operation, ok: !result.error, steps, ...requests(sim), state: offlineState(state) };
            if (result.error) t.error = String(result.error);
            return t;
        },
        async ids() {
            return Object.fromEntries(state.filter((r) => managed(r.type)).map((r) => [r.name, r.id]));
        },
        async close() {
            await sim.close();
            fs.rmSync(tmp, { recursive: true, force: true });
        },
    };
}
