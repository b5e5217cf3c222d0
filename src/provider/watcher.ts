/**
 * One poller per client for every instance this provider process is waiting on. A stack of a hundred
 * instances used to poll with a hundred `GET /gpu/instance` calls per round; the watcher asks once with
 * the paged `GET /gpu/instances` (whose items carry `status` and `statusError`) whenever that costs fewer
 * requests than asking by id, and asks by id otherwise (one or two waits, or an instance missing from the
 * list). A wait that ends on a list item is confirmed by one `GET /gpu/instance`, so callers always get
 * the full record (the list omits port endpoints).
 *
 * Each wait keeps its own schedule (`pollDelayMs` of its own elapsed API time) and its own deadline. A
 * round starts when the earliest wait is due; if enough waits are due or past half their interval, one
 * list round answers every wait at once, otherwise the due ones are asked by id.
 *
 * The watcher's requests serve other operations than the one whose timer started the round, so each carries the
 * deadline of the waits it answers (../api/deadline.ts), not the deadline of whoever armed the timer: a poll by
 * id that of its wait, a list round the latest of the due waits (a 429 is retried while one of them has time).
 */
import type { NovitaClient } from "../api/client";
import { currentDeadline, latestDeadline, withDeadline, type Deadline } from "../api/deadline";
import { isNotFound } from "../api/errors";
import type { Instance } from "../api/schemas/responses";
import { formatDuration } from "./duration";

/** What a poll result means for the wait. */
export type Verdict = { done: true } | { failed: string } | undefined;

export interface WatchOptions {
    /** Maximum API time to wait, in milliseconds. */
    timeoutMs: number;
    /** Real seconds per API second. */
    timeScale: number;
    /** Name shown in progress lines, e.g. `trainer-x1y2z3 (b8f3a0…)`. */
    label: string;
    /** What the wait is for, e.g. "running". */
    goal: string;
    /** The setting that bounds the wait, as the user wrote it (e.g. `timeouts.create "15m"`), for messages. */
    timeoutLabel?: string;
    /** A missing instance ends the wait successfully (deletes). */
    goneIsDone?: boolean;
    progress?: (line: string) => void;
}

/** Interval before the next poll, from the API time already waited (see wait.ts for the analysis). */
export type Schedule = (elapsedApiMs: number) => number;

export class WaitTimeoutError extends Error {
    override readonly name = "WaitTimeoutError";
    constructor(message: string, readonly last: Instance | undefined) {
        super(message);
    }
}

export class WaitFailedError extends Error {
    override readonly name = "WaitFailedError";
    constructor(message: string, readonly last: Instance) {
        super(message);
    }
}

interface Watch {
    id: string;
    verdict: (i: Instance) => Verdict;
    opts: WatchOptions;
    started: number;
    /** Real `Date.now()` at which this wait wants its next answer. */
    dueAt: number;
    /** Real milliseconds between its last answer and `dueAt`. */
    interval: number;
    last?: Instance;
    /** The deadline of the operation waiting (for the requests made on its behalf). */
    deadline?: Deadline;
    resolve(i: Instance | undefined): void;
    reject(e: unknown): void;
}

/** Up to this many due waits are asked by id; more share one list round. */
export const BY_ID_MAX = 2;

export interface WatcherStats {
    byId: number;
    lists: number;
}

export class InstanceWatcher {
    private readonly watches = new Set<Watch>();
    private timer: NodeJS.Timeout | undefined;
    private polling = false;
    /** Pages a full list took last time (how many requests a list round costs). */
    private listPages = 1;
    /** Requests made, by kind (for tests and benchmarks). */
    readonly stats: WatcherStats = { byId: 0, lists: 0 };

    constructor(
        private readonly client: NovitaClient,
        private readonly schedule: Schedule,
        readonly pageSize = 100,
    ) {}

    get size(): number {
        return this.watches.size;
    }

    /** Resolves with the instance once `verdict` says done (`undefined` if gone and `goneIsDone`). */
    wait(id: string, verdict: (i: Instance) => Verdict, opts: WatchOptions): Promise<Instance | undefined> {
        return new Promise((resolve, reject) => {
            const now = Date.now();
            this.watches.add({ id, verdict, opts, started: now, dueAt: now, interval: 0, deadline: currentDeadline(), resolve, reject });
            this.arm();
        });
    }

    private arm(): void {
        if (this.polling || this.watches.size === 0) return;
        const next = Math.min(...[...this.watches].map((w) => w.dueAt));
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.round(), Math.max(0, next - Date.now()));
    }

    private async round(): Promise<void> {
        this.timer = undefined;
        this.polling = true;
        try {
            const now = Date.now();
            // Waits past half their interval would be asked soon anyway: a list round answers them now.
            const soon = [...this.watches].filter((w) => w.dueAt - now <= w.interval / 2);
            // A list round costs `listPages` requests and answers everyone; by id costs one per due wait.
            if (soon.length > Math.max(BY_ID_MAX, this.listPages)) await this.listRound(soon, now);
            else await Promise.all(soon.filter((w) => w.dueAt <= now).map((w) => this.pollById(w, now)));
        } finally {
            this.polling = false;
            this.arm();
        }
    }

    /** `at`: when the round started; the next polls are timed from there, so request time never drifts them. */
    private async listRound(due: Watch[], at: number): Promise<void> {
        let items: Instance[];
        this.stats.lists++;
        try {
            items = await withDeadline(latestDeadline(due.map((w) => w.deadline)), () => this.client.listAllInstances({}, this.pageSize));
        } catch (e) {
            for (const w of due) this.finish(w, () => w.reject(e));
            return;
        }
        this.listPages = Math.max(1, Math.ceil(items.length / this.pageSize));
        const byId = new Map(items.map((i) => [i.id, i]));
        const confirm: Watch[] = [];
        for (const w of [...this.watches]) {
            const item = byId.get(w.id);
            if (!item) {
                // Not listed (gone past retention, or created after the list was read): ask by id if due.
                if (due.includes(w)) confirm.push(w);
                continue;
            }
            const v = this.observe(w, item);
            if (v) confirm.push(w);
            else this.reschedule(w, item, at);
        }
        await Promise.all(confirm.map((w) => this.pollById(w, at)));
    }

    private async pollById(w: Watch, at: number): Promise<void> {
        let current: Instance;
        this.stats.byId++;
        try {
            current = await withDeadline(w.deadline, () => this.client.getInstance(w.id));
        } catch (e) {
            if (w.opts.goneIsDone && isNotFound(e)) this.finish(w, () => w.resolve(undefined));
            else this.finish(w, () => w.reject(e));
            return;
        }
        const v = this.observe(w, current);
        if (v && "done" in v) this.finish(w, () => w.resolve(current));
        else if (v && "failed" in v) this.finish(w, () => w.reject(new WaitFailedError(v.failed, current)));
        else this.reschedule(w, current, at);
    }

    /** Reports a status change and returns the verdict. */
    private observe(w: Watch, current: Instance): Verdict {
        if (!w.last || w.last.status !== current.status) {
            w.opts.progress?.(`${w.opts.label}: ${current.status} (${formatDuration(this.elapsed(w))})`);
        }
        w.last = current;
        return w.verdict(current);
    }

    private reschedule(w: Watch, current: Instance, at: number): void {
        const wait = this.schedule((at - w.started) / w.opts.timeScale);
        const dueAt = at + wait * w.opts.timeScale;
        if ((dueAt - w.started) / w.opts.timeScale > w.opts.timeoutMs) {
            const message =
                `still ${current.status} after ${formatDuration(this.elapsed(w))}, waiting for ${w.opts.goal} ` +
                `(${w.opts.timeoutLabel ?? `timeout ${formatDuration(w.opts.timeoutMs)}`})`;
            this.finish(w, () => w.reject(new WaitTimeoutError(message, current)));
            return;
        }
        w.interval = wait * w.opts.timeScale;
        w.dueAt = dueAt;
    }

    private elapsed(w: Watch): number {
        return (Date.now() - w.started) / w.opts.timeScale;
    }

    private finish(w: Watch, settle: () => void): void {
        if (!this.watches.delete(w)) return;
        settle();
    }
}

const watchers = new WeakMap<NovitaClient, InstanceWatcher>();

/** The watcher of a client (one per client, so one per provider process and credentials). */
export function watcherFor(client: NovitaClient, schedule: Schedule): InstanceWatcher {
    let w = watchers.get(client);
    if (!w) watchers.set(client, (w = new InstanceWatcher(client, schedule)));
    return w;
}
