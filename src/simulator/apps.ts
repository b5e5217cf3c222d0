/**
 * The application inside each simulated container, served for real: every exposed port of an instance made
 * through the API gets a loopback listener, and its `portMappings[].endpoint` is that listener's address
 * (`http://<host>:<port>` for an http port, `<host>:<port>` for a tcp port: the two shapes Novita's endpoints
 * have). What it answers follows the instance's app behaviour (`setApp`), counted in API time from the moment
 * the container last started running (create, start, restart, upgrade):
 *
 *   refuseSeconds      nothing listens: connections are refused (the listener is closed);
 *   unavailableSeconds every HTTP request gets 503;
 *   then               `readyStatus` (200) with `body` ("ok").
 *
 * A container that is not running refuses connections. Listeners are opened and closed as the simulated
 * clock reaches each boundary (a timer, rescheduled whenever the store is looked at) and closed for good when
 * the instance is deleted or the simulator closes. The public port is chosen once, at create; if it was taken
 * while the listener was closed, a new one is chosen (the endpoint changes, as the API then reports).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { GONE_STATUSES } from "../api/statuses";
import { exposed } from "./encode";
import type { AppHooks, InstanceRecord, Store } from "./store";
import type { AppBehaviour, AppRequest } from "./app-types";

interface Listener {
    containerPort: number;
    publicPort: number;
    server: Server;
    open: boolean;
    /** The open/close operations of this listener, one after the other. */
    chain: Promise<void>;
    queued: boolean;
}

interface App {
    behaviour: Required<AppBehaviour>;
    listeners: Map<number, Listener>;
}

const DEFAULT_BEHAVIOUR: Required<AppBehaviour> = { refuseSeconds: 0, unavailableSeconds: 0, readyStatus: 200, body: "ok" };

export function checkBehaviour(b: AppBehaviour): Required<AppBehaviour> {
    const seconds = (v: number | undefined, what: string) => {
        if (v !== undefined && !(typeof v === "number" && v >= 0)) throw new Error(`setApp: ${what} must be a number of seconds ≥ 0 (Infinity: never)`);
    };
    seconds(b.refuseSeconds, "refuseSeconds");
    seconds(b.unavailableSeconds, "unavailableSeconds");
    if (b.readyStatus !== undefined && !(Number.isInteger(b.readyStatus) && b.readyStatus >= 100 && b.readyStatus <= 599)) {
        throw new Error("setApp: readyStatus must be an HTTP status 100–599");
    }
    return { ...DEFAULT_BEHAVIOUR, ...Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined)) };
}

export class AppEndpoints implements AppHooks {
    private readonly apps = new Map<string, App>();
    private readonly pending = new Set<Promise<void>>();
    private timer: NodeJS.Timeout | undefined;
    private closed = false;
    /** Behaviour of instances created from now on. */
    next: Required<AppBehaviour> = DEFAULT_BEHAVIOUR;
    /** Every HTTP request the apps answered, oldest first. */
    readonly log: AppRequest[] = [];

    constructor(
        private readonly store: Store,
        private readonly host: string,
        private readonly timeScale: number,
    ) {}

    private get hostText(): string {
        return this.host.includes(":") ? `[${this.host}]` : this.host;
    }

    endpoint(inst: InstanceRecord, port: number, type: string): string | undefined {
        const l = this.apps.get(inst.id)?.listeners.get(port);
        if (!l || l.publicPort === 0) return undefined;
        return type === "http" ? `http://${this.hostText}:${l.publicPort}` : `${this.hostText}:${l.publicPort}`;
    }

    setBehaviour(id: string, b: Required<AppBehaviour>): void {
        const app = this.apps.get(id);
        if (!app) throw new Error(`setApp: instance ${id} has no app (made outside the API, or deleted)`);
        app.behaviour = b;
        this.reconcile();
    }

    /** A new instance, or new ports after an edit: a listener per exposed port; ports no longer exposed close. */
    attach(inst: InstanceRecord): void {
        if (this.closed) return;
        let app = this.apps.get(inst.id);
        if (!app) this.apps.set(inst.id, (app = { behaviour: this.next, listeners: new Map() }));
        const wanted = new Set(exposed(inst).map((p) => p.port));
        for (const [port, l] of app.listeners) {
            if (!wanted.has(port)) {
                app.listeners.delete(port);
                this.track(this.enqueue(l, () => this.shut(l)));
            }
        }
        for (const port of wanted) {
            if (app.listeners.has(port)) continue;
            const l: Listener = { containerPort: port, publicPort: 0, server: this.serverFor(inst.id), open: false, chain: Promise.resolve(), queued: false };
            app.listeners.set(port, l);
            // Bound once to learn the public port the endpoint names; closed again at once unless the app listens.
            this.track(this.enqueue(l, () => this.bind(l, inst.id)));
        }
        this.reconcile();
    }

    /** Resolves once every listener has its public port and every open/close asked for so far is done. */
    async settled(): Promise<void> {
        while (this.pending.size > 0) await Promise.all([...this.pending]);
    }

    /** Opens and closes listeners as the instances' statuses and the clock say; schedules the next boundary. */
    reconcile(): void {
        if (this.closed) return;
        const now = this.store.clock.now();
        let nextAt = Infinity;
        for (const [id, app] of this.apps) {
            const inst = this.store.instances.get(id);
            if (!inst || GONE_STATUSES.has(inst.status)) {
                this.apps.delete(id);
                for (const l of app.listeners.values()) this.track(this.enqueue(l, () => this.shut(l)));
                continue;
            }
            const opensAt = this.opensAt(inst, app);
            if (opensAt > now && opensAt < nextAt) nextAt = opensAt;
            const end = planEnd(inst);
            if (end !== undefined && end > now && end < nextAt) nextAt = end;
            const want = opensAt <= now;
            for (const l of app.listeners.values()) if (l.open !== want) this.sync(l, inst.id);
        }
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
        if (nextAt !== Infinity) {
            this.timer = setTimeout(() => this.store.tick(), Math.max(0, (nextAt - now) * this.timeScale) + 1);
            this.timer.unref();
        }
    }

    async close(): Promise<void> {
        this.closed = true;
        if (this.timer) clearTimeout(this.timer);
        const all = [...this.apps.values()].flatMap((a) => [...a.listeners.values()]);
        this.apps.clear();
        await Promise.all(all.map((l) => this.enqueue(l, () => this.shut(l))));
        await this.settled().catch(() => undefined);
    }

    /** Simulated ms at which the app starts listening (Infinity: not while the container is not running). */
    private opensAt(inst: InstanceRecord, app: App): number {
        if (inst.status !== "running" || inst.lastStartedAt === undefined) return Infinity;
        return inst.lastStartedAt + app.behaviour.refuseSeconds * 1000;
    }

    private wantsOpen(id: string): boolean {
        const inst = this.store.instances.get(id);
        const app = this.apps.get(id);
        return !this.closed && !!inst && !!app && !GONE_STATUSES.has(inst.status) && this.opensAt(inst, app) <= this.store.clock.now();
    }

    private sync(l: Listener, id: string): void {
        if (l.queued) return;
        l.queued = true;
        this.track(
            this.enqueue(l, async () => {
                l.queued = false;
                const want = this.wantsOpen(id) && this.apps.get(id)?.listeners.get(l.containerPort) === l;
                if (want && !l.open) await this.listen(l);
                else if (!want && l.open) await this.shut(l);
            }),
        );
    }

    private track(p: Promise<void>): void {
        this.pending.add(p);
        void p.finally(() => this.pending.delete(p));
    }

    private enqueue(l: Listener, op: () => Promise<void>): Promise<void> {
        l.chain = l.chain.then(op, op);
        return l.chain;
    }

    private async bind(l: Listener, id: string): Promise<void> {
        await this.listen(l);
        if (!this.wantsOpen(id)) await this.shut(l);
    }

    private listen(l: Listener): Promise<void> {
        const attempt = (port: number) =>
            new Promise<void>((resolve, reject) => {
                const onError = (e: Error) => reject(e);
                l.server.once("error", onError);
                l.server.listen(port, this.host, () => {
                    l.server.off("error", onError);
                    const addr = l.server.address();
                    l.publicPort = typeof addr === "object" && addr ? addr.port : port;
                    l.open = true;
                    resolve();
                });
            });
        // The public port was taken while closed: another one (the endpoint the API reports changes with it).
        return attempt(l.publicPort).catch(() => attempt(0));
    }

    private shut(l: Listener): Promise<void> {
        if (!l.open) return Promise.resolve();
        l.open = false;
        return new Promise<void>((resolve) => {
            l.server.close(() => resolve());
            l.server.closeAllConnections();
        });
    }

    private portOf(id: string, req: IncomingMessage): number {
        const local = req.socket.localPort;
        for (const l of this.apps.get(id)?.listeners.values() ?? []) if (l.publicPort === local) return l.containerPort;
        return 0;
    }

    private serverFor(id: string): Server {
        return createServer((req: IncomingMessage, res: ServerResponse) => {
            req.resume();
            this.store.tick();
            const inst = this.store.instances.get(id);
            const app = this.apps.get(id);
            if (!inst || !app || !this.wantsOpen(id)) {
                res.socket?.destroy(); // the container stopped meanwhile: the connection just drops
                return;
            }
            const up = (this.store.clock.now() - this.opensAt(inst, app)) / 1000;
            const ready = up >= app.behaviour.unavailableSeconds;
            const status = ready ? app.behaviour.readyStatus : 503;
            const body = ready ? app.behaviour.body : "Service Unavailable: the model is still loading";
            this.log.push({ instanceId: id, port: this.portOf(id, req), path: req.url ?? "/", status, at: new Date(this.store.clock.now()) });
            res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(body), Connection: "close" });
            res.end(body);
        });
    }
}

/** When a plan that ends with the container running ends (undefined: no such plan, or held in pulling). */
function planEnd(inst: InstanceRecord): number | undefined {
    const plan = inst.plan;
    if (!plan || inst.stuck) return undefined;
    return plan.start + plan.steps.reduce((t, s) => t + s.ms, 0);
}
