/**
 * Items made outside Pulumi — in the Novita console or by other tools — that an account holds. Instances among
 * them are raw wire objects, served exactly as given: in `GET /gpu/instances` (after the instances made through
 * the API, as older ones; the `name`, `productName` and `status` filters apply) and in `GET /gpu/instance`.
 * They take no capacity and never change on their own; `delete` removes one, other actions are refused with
 * "invalid state change". They are not in `sim.instances()`, which holds what was made through the API.
 * With quirks on, the console instance, the CPU instance and the community template of ./outside-items.ts are
 * present from the start; `sim.addOutsideInstance(item)` adds any other.
 */
import { fuzzyMatch } from "./catalogue";
import { invalidStateChange } from "./errors";
import { CONSOLE_INSTANCE, CPU_INSTANCE } from "./outside-items";
import type { Store } from "./store";

type Obj = Record<string, unknown>;

export function defaultOutsideInstances(): Obj[] {
    return [structuredClone(CONSOLE_INSTANCE), structuredClone(CPU_INSTANCE)] as Obj[];
}

/** The id of a raw item (`id` or `Id`), if it has a usable one. */
export function outsideIdOf(item: Obj): string | undefined {
    const v = item.id ?? item.Id;
    return typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined;
}

export function findOutside(store: Store, id: string): Obj | undefined {
    return store.outside.find((o) => outsideIdOf(o) === id);
}

/** Outside items matching the list filters, in the order they were added. */
export function listOutside(store: Store, q: { name?: string; productName?: string; status?: string }): Obj[] {
    const text = (v: unknown) => (typeof v === "string" ? v : "");
    return store.outside
        .filter((o) => fuzzyMatch(text(o.name), q.name))
        .filter((o) => fuzzyMatch(text(o.productName), q.productName))
        .filter((o) => !q.status || o.status === q.status)
        .map((o) => structuredClone(o));
}

/** An action on an outside instance, if `id` is one: delete removes it, anything else is an invalid state change. */
export function outsideAction(store: Store, id: string, action: string): { body: Obj } | undefined {
    const item = findOutside(store, id);
    if (!item) return undefined;
    if (action !== "delete") throw invalidStateChange();
    store.outside.splice(store.outside.indexOf(item), 1);
    return { body: {} };
}
