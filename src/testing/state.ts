/** State entries, dependency order, and small property-map comparisons. */
import type { StateResource } from "./types";
import type { PropertyMap } from "./secrets";

export const PROVIDER_KEY = "__provider";
export const STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * Deep copy of plain data (property maps are JSON-like). Not `structuredClone`: under jest the copy would live in
 * another realm and fail prototype-aware comparisons.
 */
export function clone<T>(value: T): T {
    if (Array.isArray(value)) return value.map(clone) as T;
    if (value && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) out[k] = clone(v);
        return out as T;
    }
    return value;
}

/** Structural equality of plain data (order of object keys ignored; `undefined` keys equal missing ones). */
export function deepEqual(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (Array.isArray(a) || Array.isArray(b)) {
        return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
    }
    if (!a || !b || typeof a !== "object" || typeof b !== "object") return Number.isNaN(a) && Number.isNaN(b);
    const ka = Object.keys(a).filter((k) => (a as PropertyMap)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as PropertyMap)[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual((a as PropertyMap)[k], (b as PropertyMap)[k]));
}

export function cloneResource(r: StateResource): StateResource {
    return clone(r);
}

/** Every URN a resource depends on: explicit and property dependencies, and its parent. */
export function dependsOn(r: StateResource): Set<string> {
    const urns = new Set(r.dependencies);
    for (const deps of Object.values(r.propertyDependencies)) deps.forEach((u) => urns.add(u));
    if (r.parent) urns.add(r.parent);
    return urns;
}

/** Top-level keys whose values differ (deep equality), `__provider` excluded, sorted. */
export function changedKeys(olds: PropertyMap, news: PropertyMap): string[] {
    const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
    keys.delete(PROVIDER_KEY);
    return [...keys].filter((k) => !deepEqual(olds[k], news[k])).sort();
}

/** True if two input maps are equal including `__provider` (the engine's own diff for DIFF_UNKNOWN). */
export function inputsEqual(olds: PropertyMap, news: PropertyMap): boolean {
    return deepEqual(olds, news);
}

/** Whether a registration is a dynamic-provider resource (`pulumi-nodejs:dynamic…` with `__provider`). */
export function isDynamicType(type: string): boolean {
    return type.startsWith("pulumi-nodejs:dynamic");
}

/**
 * Builds a URN as the engine does (`resource.NewURN`): the parent's qualified type is prefixed with `$` unless the
 * parent is the root stack.
 */
export function newUrn(stack: string, project: string, type: string, name: string, parentUrn?: string): string {
    let qualified = type;
    if (parentUrn) {
        const parentType = parentUrn.split("::")[2];
        if (parentType && parentType !== STACK_TYPE) qualified = `${parentType}$${type}`;
    }
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/**
 * Runs `fn` over `items` in reverse dependency order (an item starts only when every other item that depends on it
 * has finished), at most `limit` at once. After `shouldStop()` turns true, no new item starts; in-flight ones
 * finish. Returns the items that never started.
 */
export async function inReverseDependencyOrder(
    items: StateResource[],
    limit: number,
    shouldStop: () => boolean,
    fn: (r: StateResource) => Promise<void>,
): Promise<StateResource[]> {
    // waitingOn.get(x) = number of items (other than x) that depend on x and have not finished yet.
    const waitingOn = new Map<StateResource, number>(items.map((r) => [r, 0]));
    const dependents = new Map<StateResource, StateResource[]>(items.map((r) => [r, []]));
    for (const r of items) {
        const deps = dependsOn(r);
        for (const other of items) {
            if (other !== r && deps.has(other.urn)) {
                waitingOn.set(other, waitingOn.get(other)! + 1);
                dependents.get(r)!.push(other);
            }
        }
    }
    const pending = new Set(items);
    let running = 0;
    return new Promise((resolve, reject) => {
        const pump = () => {
            if (!shouldStop()) {
                for (const r of items) {
                    if (running >= limit) break;
                    if (!pending.has(r) || waitingOn.get(r)! > 0) continue;
                    pending.delete(r);
                    running++;
                    fn(r).then(
                        () => {
                            running--;
                            for (const dep of dependents.get(r)!) waitingOn.set(dep, waitingOn.get(dep)! - 1);
                            pump();
                        },
                        (e) => reject(e),
                    );
                }
            }
            if (running === 0) {
                // Nothing runs: either all done, stopped, or a cycle (break it by ignoring order).
                const stuck = [...pending].filter((r) => waitingOn.get(r)! > 0);
                if (!shouldStop() && stuck.length > 0 && stuck.length === pending.size) {
                    waitingOn.set(stuck[0], 0);
                    return pump();
                }
                resolve([...pending]);
            }
        };
        pump();
    });
}
