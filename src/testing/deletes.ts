/**
 * Delete steps: pending deletes left by an earlier run (at the start), resources the program no longer registers
 * and replaced resources (at the end, after all registrations), and `destroy`. Deletes run in reverse dependency
 * order (dependents first), independent ones in parallel up to the limit; after a failure none starts.
 */
import { Deployment } from "./deployment";
import { isProviderEntry } from "./providers";
import { deleteResource } from "./steps";
import { inReverseDependencyOrder, isDynamicType } from "./state";
import type { StateResource, StepResult } from "./types";

/** Deletes every entry marked `pendingDelete` in the old state (GeneratePendingDeletes). */
export async function pendingDeletes(d: Deployment): Promise<void> {
    await deleteAll(d, d.old.filter((r) => r.pendingDelete));
}

/** After the program: replaced resources, and resources in state the program did not register. */
export async function endOfRunDeletes(d: Deployment): Promise<void> {
    if (d.stopped) return;
    // Provider entries leave with their last dependent (providers.ts).
    // An old resource claimed through an alias lives on under its new URN (step_generator.go GenerateDeletes →
    // isOperatedOn, which looks an aliased URN up under its new one).
    const gone = d.old.filter(
        (r) => !r.pendingDelete && !d.registered.has(r.urn) && !d.aliased.has(r.urn) && !d.isDeleted(r) && !isProviderEntry(r),
    );
    for (const r of gone.filter((r) => r.external)) discard(d, r);
    await deleteAll(d, [...d.deleteAtEnd, ...gone.filter((r) => !r.external)]);
}

/** `pulumi destroy`: every resource; external (read) ones are only dropped from state. */
export async function destroyAll(d: Deployment): Promise<void> {
    for (const r of d.old.filter((r) => r.external)) discard(d, r);
    await deleteAll(d, d.old.filter((r) => !r.external && !isProviderEntry(r)));
}

function discard(d: Deployment, r: StateResource): void {
    d.addStep({ urn: r.urn, type: r.type, name: r.name, op: "discard", oldId: r.id || undefined });
    if (!d.preview) d.markDeleted(r);
}

async function deleteAll(d: Deployment, targets: StateResource[]): Promise<void> {
    if (targets.length === 0 || d.stopped) return;
    const isProtected = targets.filter((r) => r.protect && !d.deferredStep.has(r));
    if (isProtected.length > 0) {
        for (const r of isProtected) {
            const step = d.addStep({ urn: r.urn, type: r.type, name: r.name, op: "delete", oldId: r.id || undefined });
            d.fail(
                new Error(
                    `unable to delete resource "${r.urn}" as it is currently marked for protection; set ` +
                        "`protect: false` in the program and run up first",
                ),
                step,
            );
        }
        return;
    }
    await inReverseDependencyOrder(targets, d.opts.parallel, () => d.stopped, (r) => d.track(deleteOne(d, r)));
}

async function deleteOne(d: Deployment, r: StateResource): Promise<void> {
    const replaced = d.deferredStep.get(r);
    const step: StepResult =
        replaced ?? d.addStep({ urn: r.urn, type: r.type, name: r.name, op: "delete", oldId: r.id || undefined });
    if (d.preview) return;
    try {
        // Dynamic resources: Delete with the stored outputs (their __provider), on a provider configured as the
        // resource's provider is (providers.ts). Others (components, mocked resources) have nothing to call.
        if (r.custom && isDynamicType(r.type)) await deleteResource(await d.providerFor(r), r);
        d.markDeleted(r);
    } catch (e) {
        const what = replaced ? `deleting the replaced resource ${r.id}: ` : "";
        d.fail(new Error(`${what}${e instanceof Error ? e.message : String(e)}`), step);
    }
}
