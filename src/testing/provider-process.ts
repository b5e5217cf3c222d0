/**
 * One dynamic-provider plugin process, as the engine runs it (launched by ./plugin-launch.ts): port read from the first
 * stdout line, later stdout/stderr lines kept as diagnostics, Configure sent first with the whole stack config.
 */
import type { ChildProcess } from "child_process";
import { randomBytes } from "crypto";
import * as readline from "readline";
import { spawnPlugin, type PluginLaunch } from "./plugin-launch";
import { grpc, provproto, provrpc, statusproto, toStruct, fromStruct } from "./sdk";
import type { Diagnostic, RpcCall } from "./types";
import type { Redactor, PropertyMap } from "./secrets";

export interface ProviderProcessOptions extends PluginLaunch {
    redactor: Redactor;
    onDiagnostic(d: Diagnostic): void;
    onRpc(call: RpcCall): void;
}

/** Details of `pulumirpc.ErrorResourceInitFailed` (resource created but failed to initialise). */
export interface InitFailure {
    id: string;
    properties: PropertyMap;
    reasons: string[];
}

export class ProviderRpcError extends Error {
    constructor(
        message: string,
        readonly code: number | undefined,
        readonly initFailure?: InitFailure,
    ) {
        super(message);
        this.name = "ProviderRpcError";
    }
}

/** gRPC codes that mean the connection itself failed (UNAVAILABLE, INTERNAL "Connection dropped", CANCELLED). */
const TRANSPORT_ERRORS = new Set([grpc.status.UNAVAILABLE, grpc.status.INTERNAL, grpc.status.CANCELLED]);

type Client = InstanceType<typeof provrpc.ResourceProviderClient>;

export class ProviderProcess {
    private stderrTail: string[] = [];
    private exitError: Error | undefined;
    private readonly exited: Promise<never>;

    private constructor(
        private readonly child: ChildProcess,
        private readonly opts: ProviderProcessOptions,
        private client: Client | undefined = undefined,
    ) {
        this.exited = new Promise<never>((_, reject) => {
            // "close" (not "exit"): stdout/stderr are fully read by then, so the stderr tail is complete.
            child.once("close", (code, signal) => {
                const tail = opts.redactor.redact(this.stderrTail.join("\n"));
                this.exitError = new Error(
                    `dynamic provider process exited (code ${code}${signal ? `, signal ${signal}` : ""})` +
                        (tail ? `; stderr:\n${tail}` : ""),
                );
                reject(this.exitError);
            });
        });
        this.exited.catch(() => undefined);
    }

    static async start(opts: ProviderProcessOptions): Promise<ProviderProcess> {
        const child = spawnPlugin(opts);
        const proc = new ProviderProcess(child, opts);
        try {
            const port = await proc.readPort();
            proc.client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
                "grpc.max_receive_message_length": 400 * 1024 * 1024,
            });
            await proc.configure();
            return proc;
        } catch (e) {
            await proc.close();
            throw e;
        }
    }

    private readPort(): Promise<number> {
        const { child, opts } = this;
        const note = (line: string) =>
            opts.onDiagnostic({ severity: "info", source: "provider", message: opts.redactor.redact(line) });
        readline.createInterface({ input: child.stderr! }).on("line", (line) => {
            this.stderrTail = [...this.stderrTail, line].slice(-40);
            note(line);
        });
        const stdout = readline.createInterface({ input: child.stdout! });
        return Promise.race([
            new Promise<number>((resolve, reject) => {
                stdout.once("line", (first) => {
                    stdout.on("line", note);
                    const port = Number(first.trim());
                    if (Number.isInteger(port) && port > 0) resolve(port);
                    else reject(new Error(`dynamic provider printed no port: ${opts.redactor.redact(first)}`));
                });
            }),
            this.exited,
        ]);
    }

    private configure(): Promise<unknown> {
        const req = new provproto.ConfigureRequest();
        req.setArgs(toStruct(this.opts.config));
        req.setAcceptsecrets(true);
        req.setAcceptresources(true);
        const vars = req.getVariablesMap();
        for (const [k, v] of Object.entries(this.opts.config)) vars.set(k, v);
        return this.call("configure", req);
    }

    async check(a: { urn: string; name: string; type: string; olds: PropertyMap; news: PropertyMap }) {
        const req = new provproto.CheckRequest();
        req.setUrn(a.urn);
        req.setName(a.name);
        req.setType(a.type);
        req.setOlds(toStruct(a.olds));
        req.setNews(toStruct(a.news));
        req.setRandomseed(new Uint8Array(randomBytes(32)));
        const res = await this.call<provproto.CheckResponse>("check", req, a.urn);
        return {
            inputs: fromStruct(res.getInputs()),
            failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
        };
    }

    async diff(a: ChangeArgs) {
        const req = fillChange(new provproto.DiffRequest(), a);
        const res = await this.call<provproto.DiffResponse>("diff", req, a.urn);
        const C = provproto.DiffResponse.DiffChanges;
        const changes = res.getChanges();
        return {
            changes: changes === C.DIFF_SOME ? "some" : changes === C.DIFF_NONE ? "none" : ("unknown" as const),
            replaces: res.getReplacesList(),
            deleteBeforeReplace: res.getDeletebeforereplace(),
        };
    }

    async create(a: { urn: string; name: string; type: string; properties: PropertyMap }) {
        const req = new provproto.CreateRequest();
        req.setUrn(a.urn);
        req.setName(a.name);
        req.setType(a.type);
        req.setProperties(toStruct(a.properties));
        req.setPreview(false);
        const res = await this.call<provproto.CreateResponse>("create", req, a.urn);
        return { id: res.getId(), properties: fromStruct(res.getProperties()) };
    }

    async update(a: ChangeArgs) {
        const req = fillChange(new provproto.UpdateRequest(), a);
        req.setPreview(false);
        const res = await this.call<provproto.UpdateResponse>("update", req, a.urn);
        return { properties: fromStruct(res.getProperties()) };
    }

    async delete(a: { id: string; urn: string; name: string; type: string; properties: PropertyMap; oldInputs: PropertyMap }) {
        const req = new provproto.DeleteRequest();
        req.setId(a.id);
        req.setUrn(a.urn);
        req.setName(a.name);
        req.setType(a.type);
        req.setProperties(toStruct(a.properties));
        req.setOldInputs(toStruct(a.oldInputs));
        await this.call("delete", req, a.urn);
    }

    async read(a: { id: string; urn: string; name: string; type: string; properties: PropertyMap; inputs: PropertyMap }) {
        const req = new provproto.ReadRequest();
        req.setId(a.id);
        req.setUrn(a.urn);
        req.setName(a.name);
        req.setType(a.type);
        req.setProperties(toStruct(a.properties));
        req.setInputs(toStruct(a.inputs));
        const res = await this.call<provproto.ReadResponse>("read", req, a.urn);
        const inputs = res.getInputs();
        return { id: res.getId(), properties: fromStruct(res.getProperties()), inputs: inputs ? fromStruct(inputs) : undefined };
    }

    private async call<T>(method: RpcCall["method"], req: unknown, urn?: string): Promise<T> {
        if (this.exitError) throw this.exitError;
        this.opts.onRpc({ method, urn });
        const client = this.client as unknown as Record<string, (r: unknown, cb: (e: any, r: T) => void) => void>;
        const pending = new Promise<T>((resolve, reject) => client[method](req, (err, res) => (err ? reject(err) : resolve(res))));
        try {
            return await Promise.race([pending, this.exited]);
        } catch (err: any) {
            if (err === this.exitError) throw err;
            if (TRANSPORT_ERRORS.has(err?.code)) {
                // The connection broke: if the process is dying, report that (with its stderr) instead.
                await Promise.race([this.exited.catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
                if (this.exitError) throw this.exitError;
            }
            throw this.toError(err);
        }
    }

    private toError(err: { code?: number; details?: string; message?: string; metadata?: any }): Error {
        const message = this.opts.redactor.redact(err.details || err.message || String(err));
        return new ProviderRpcError(message, err.code, decodeInitFailure(err.metadata));
    }

    async close(): Promise<void> {
        this.client?.close();
        if (this.child.exitCode !== null || this.child.signalCode !== null) return;
        const gone = this.exited.catch(() => undefined);
        this.child.kill("SIGTERM");
        const timer = setTimeout(() => this.child.kill("SIGKILL"), 2000);
        await gone;
        clearTimeout(timer);
    }
}

/** Diff and Update carry the same description of the change: old outputs and inputs, new inputs. */
interface ChangeArgs {
    id: string;
    urn: string;
    name: string;
    type: string;
    olds: PropertyMap;
    oldInputs: PropertyMap;
    news: PropertyMap;
    ignoreChanges: string[];
}

function fillChange<R extends provproto.DiffRequest | provproto.UpdateRequest>(req: R, a: ChangeArgs): R {
    req.setId(a.id);
    req.setUrn(a.urn);
    req.setName(a.name);
    req.setType(a.type);
    req.setOlds(toStruct(a.olds));
    req.setOldInputs(toStruct(a.oldInputs));
    req.setNews(toStruct(a.news));
    req.setIgnorechangesList(a.ignoreChanges);
    return req;
}

/** Decodes `grpc-status-details-bin` into `pulumirpc.ErrorResourceInitFailed`, if present. */
function decodeInitFailure(metadata: { get(key: string): Array<string | Buffer> } | undefined): InitFailure | undefined {
    const raw = metadata?.get("grpc-status-details-bin") ?? [];
    for (const bin of raw) {
        const status = statusproto.Status.deserializeBinary(new Uint8Array(bin as Buffer));
        for (const any of status.getDetailsList()) {
            if (!any.getTypeUrl().endsWith("pulumirpc.ErrorResourceInitFailed")) continue;
            const detail = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
            return { id: detail.getId(), properties: fromStruct(detail.getProperties()), reasons: detail.getReasonsList() };
        }
    }
    return undefined;
}
