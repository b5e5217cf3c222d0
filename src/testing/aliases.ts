/**
 * The `aliases` resource option, as the engine resolves it (pkg/resource/deploy/step_generator.go, v3.274.1):
 * each alias collapses to a URN (collapseAliasToUrn: unset name/type/parent/project/stack take the resource's own;
 * a parent that was itself aliased stands for its old URN), children of an aliased parent inherit an alias
 * (generateAliases, inheritedChildAlias), and the old resource is looked up by the new URN first, then by each
 * alias in order (getOldResource). An old resource found through an alias is the one this registration diffs
 * against, is not deleted at the end of the run, and leaves state under its old URN once the new one is recorded.
 */
import type { Deployment } from "./deployment";
import type { Registration } from "./registration";
import { resproto } from "./sdk";
import { newUrn, STACK_TYPE } from "./state";
import type { StateResource } from "./types";

/** One alias as the program sent it: a whole URN, or a spec whose unset fields default to the resource's own. */
export interface AliasSpec {
    urn?: string;
    name?: string;
    type?: string;
    stack?: string;
    project?: string;
    parentUrn?: string;
    noParent?: boolean;
}

/** The aliases of a RegisterResourceRequest (structured `Alias` messages, or plain alias URNs from older SDKs). */
export function aliasesOf(req: resproto.RegisterResourceRequest): AliasSpec[] {
    const specs: AliasSpec[] = req.getAliasurnsList().map((urn) => ({ urn }));
    for (const a of req.getAliasesList()) {
        if (a.hasUrn()) {
            specs.push({ urn: a.getUrn() });
            continue;
        }
        const s = a.getSpec();
        if (!s) continue;
        specs.push({
            name: s.getName() || undefined,
            type: s.getType() || undefined,
            stack: s.getStack() || undefined,
            project: s.getProject() || undefined,
            parentUrn: s.hasParenturn() ? s.getParenturn() || undefined : undefined,
            noParent: s.hasNoparent() ? s.getNoparent() : undefined,
        });
    }
    return specs;
}

const nameOf = (urn: string) => urn.split("::").slice(3).join("::");
const qualifiedTypeOf = (urn: string) => urn.split("::")[2] ?? "";
const typeOf = (urn: string) => qualifiedTypeOf(urn).split("$").pop()!;

/** collapseAliasToUrn. */
function collapse(d: Deployment, reg: Registration, alias: AliasSpec): string {
    if (alias.urn) return alias.urn;
    let parent = alias.parentUrn ?? reg.parent ?? "";
    if (alias.parentUrn) parent = d.aliasOf.get(parent) ?? parent;
    if (alias.noParent || (parent && qualifiedTypeOf(parent) === STACK_TYPE)) parent = "";
    return newUrn(alias.stack ?? d.opts.stack, alias.project ?? d.opts.project, alias.type ?? reg.type, alias.name ?? reg.name, parent || undefined);
}

/** inheritedChildAlias: a child named after its parent ("app-fn" under "app") follows the parent's old name. */
function inheritedChildAlias(d: Deployment, childType: string, childName: string, parentName: string, parentAlias: string): string {
    const name = childName.startsWith(parentName) ? nameOf(parentAlias) + childName.slice(parentName.length) : childName;
    return `urn:pulumi:${d.opts.stack}::${d.opts.project}::${qualifiedTypeOf(parentAlias)}$${childType}::${name}`;
}

/** generateAliases: the registration's own aliases, then those inherited from an aliased parent; no duplicates. */
export function aliasUrns(d: Deployment, reg: Registration): string[] {
    const out = new Set<string>();
    for (const a of reg.aliases) out.add(collapse(d, reg, a));
    const parentAlias = reg.parent ? d.aliasOf.get(reg.parent) : undefined;
    if (reg.parent && parentAlias) {
        const parentName = nameOf(reg.parent);
        out.add(inheritedChildAlias(d, reg.type, reg.name, parentName, parentAlias));
        for (const a of reg.aliases) {
            const child = collapse(d, reg, a);
            out.add(inheritedChildAlias(d, typeOf(child), nameOf(child), parentName, parentAlias));
        }
    }
    return [...out];
}

/**
 * getOldResource: the live old entry for the registration's URN, else for its first alias that has one. Claiming an
 * old resource another registration already claimed, or one registered under its own URN in this run, fails as
 * the engine's duplicate-alias diagnostics do.
 */
export function oldResourceFor(d: Deployment, reg: Registration): StateResource | undefined {
    if (d.aliased.has(reg.urn)) {
        throw new Error(`Duplicate resource URN '${reg.urn}': it was already claimed as an alias by '${d.aliased.get(reg.urn)}'`);
    }
    const own = d.oldLive(reg.urn);
    if (own) return own;
    for (const alias of aliasUrns(d, reg)) {
        const old = d.oldLive(alias);
        if (!old) continue;
        const claimedBy = d.aliased.get(alias);
        if (claimedBy || d.registered.has(alias)) {
            throw new Error(
                `Duplicate resource alias '${alias}' applied to resource with URN '${reg.urn}' conflicting with resource with URN '${claimedBy ?? alias}'`,
            );
        }
        d.aliased.set(alias, reg.urn);
        d.aliasOf.set(reg.urn, alias);
        return old;
    }
    return undefined;
}

/** The URN that replaces `urn` in references (parent, dependencies) of entries carried over from the old state. */
export function renamed(d: Deployment, urn: string): string {
    return d.aliased.get(urn) ?? urn;
}

/** An old entry carried over unchanged, its references to aliased resources rewritten to their new URNs. */
export function withRenamedReferences(d: Deployment, r: StateResource): StateResource {
    if (d.aliased.size === 0) return r;
    const out: StateResource = { ...r, dependencies: r.dependencies.map((u) => renamed(d, u)) };
    if (r.parent) out.parent = renamed(d, r.parent);
    out.propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, us]) => [k, us.map((u) => renamed(d, u))]));
    return out;
}
