/**
 * The pre-create snapshot a reconciled create compares against (./reconcile.ts: after an ambiguous failure, an
 * instance with the name that is NOT in the snapshot is the one this create made), shared by the creates of one
 * round. A hundred creates of one `up` used to list the account once each, by name, before sending; now the
 * creates that ask while no snapshot is being taken wait for the next turn of the event loop and share one list:
 * by name when they are one, the whole account (paged) when they are several. A create that asks while a whole-
 * account list is in flight joins it: that list started before this create's POST, which is all the comparison
 * needs (the instance this create makes cannot be in it).
 *
 * The lookup after an ambiguous failure must read the same scope as the snapshot (by name, or the whole account):
 * items that cannot be read are counted, and a whole-account list holds unreadable items of other names.
 */
import { latestDeadline, currentDeadline, withDeadline, type Deadline } from "./deadline";
import type { SkippedItem } from "./schemas/primitives";
import type { Instance } from "./schemas/responses";

export interface InstanceScan {
    instances: Instance[];
    skipped: SkippedItem[];
}

export interface Snapshot extends InstanceScan {
    /** The scope it read: the lookup after an ambiguous failure must read the same one. */
    filter: { name?: string };
}

interface Waiter {
    name: string;
    deadline?: Deadline;
    resolve(s: Snapshot): void;
    reject(e: unknown): void;
}

export class SnapshotBatcher {
    private queue: Waiter[] = [];
    private scheduled = false;
    private inFlight: { filter: { name?: string }; promise: Promise<Snapshot> } | undefined;
    /** Snapshots taken (lists, not pages), for tests. */
    taken = 0;

    constructor(private readonly scan: (filter: { name?: string }) => Promise<InstanceScan>) {}

    /** The account's instances (those named `name` at least) before a create of `name` is sent. */
    before(name: string): Promise<Snapshot> {
        const running = this.inFlight;
        if (running && (running.filter.name === undefined || running.filter.name === name)) return running.promise;
        return new Promise((resolve, reject) => {
            this.queue.push({ name, deadline: currentDeadline(), resolve, reject });
            this.schedule();
        });
    }

    private schedule(): void {
        if (this.scheduled || this.inFlight) return;
        this.scheduled = true;
        setImmediate(() => {
            this.scheduled = false;
            this.flush();
        });
    }

    private flush(): void {
        const batch = this.queue.splice(0);
        if (batch.length === 0) return;
        const names = new Set(batch.map((w) => w.name));
        const filter = names.size === 1 ? { name: batch[0]!.name } : {};
        this.taken++;
        // The list serves every create of the batch: it retries a 429 while one of them has time.
        const promise = withDeadline(latestDeadline(batch.map((w) => w.deadline)), () => this.scan(filter)).then((s) => ({ ...s, filter }));
        this.inFlight = { filter, promise };
        promise.then(
            (s) => batch.forEach((w) => w.resolve(s)),
            (e) => batch.forEach((w) => w.reject(e)),
        ).finally(() => {
            this.inFlight = undefined;
            if (this.queue.length > 0) this.schedule();
        });
    }
}
