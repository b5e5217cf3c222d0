/**
 * Stack states given to `orphans`: `pulumi stack export` files, deployment version 3 (apitype.UntypedDeployment
 * {version, deployment} around apitype.DeploymentV3 {manifest, secrets_providers, resources, pending_operations};
 * sdk/go/common/apitype/core.go). What a state manages is every resource of a pulumi-novita type in it — pending
 * deletes, partially created ones (initErrors) and read ones (`external`) included: `orphans` never touches an object
 * any given state mentions. Pending operations (a create whose outcome the state does not know) are reported, since
 * their object may be on the account without its id being in any resource yet.
 */
import { GPU_INSTANCE_TYPE, REGISTRY_AUTH_TYPE, type ResourceV3 } from "./digest";
import { UsageError } from "./errors";

export const DEPLOYMENT_VERSION = 3;

export interface StackState {
    label: string;
    /** Ids by resource type. */
    ids: Map<string, Set<string>>;
    /** Resources (type and name) the state is creating with no id yet (pending_operations of type "creating"). */
    pendingCreates: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

export function asStackState(value: unknown, label: string): StackState {
    const wrong = (why: string) => new UsageError(`${label}: not a \`pulumi stack export\` file (deployment version ${DEPLOYMENT_VERSION}): ${why}`);
    if (!isObject(value)) throw wrong(`expected a JSON object, found ${Array.isArray(value) ? "an array" : typeof value}`);
    if ("steps" in value || "changeSummary" in value) throw wrong("this is a `pulumi preview --json` output; `pulumi-novita cost` reads those");
    if (value.version !== DEPLOYMENT_VERSION) {
        throw wrong(value.version === undefined ? "it has no `version`" : `its version is ${JSON.stringify(value.version)}, not ${DEPLOYMENT_VERSION}`);
    }
    if (!isObject(value.deployment)) throw wrong("`deployment` is missing or not an object");
    const resources = value.deployment.resources ?? [];
    if (!Array.isArray(resources)) throw wrong("`deployment.resources` is not a list");
    const ids = new Map<string, Set<string>>();
    resources.forEach((r, i) => {
        if (!isObject(r) || typeof r.urn !== "string" || typeof r.type !== "string") throw wrong(`deployment.resources[${i}] has no urn or type`);
        const res = r as ResourceV3;
        if (res.type !== GPU_INSTANCE_TYPE && res.type !== REGISTRY_AUTH_TYPE && !res.type.startsWith("pulumi-nodejs:dynamic/novita:")) return;
        if (!ids.has(res.type)) ids.set(res.type, new Set());
        const set = ids.get(res.type)!;
        if (typeof res.id === "string" && res.id) set.add(res.id);
        // The instance id is also an output (partially created instances carry it there).
        const instanceId = res.outputs?.instanceId;
        if (typeof instanceId === "string" && instanceId) set.add(instanceId);
    });
    const pending = value.deployment.pending_operations;
    const pendingCreates = (Array.isArray(pending) ? pending : [])
        .filter((p) => isObject(p) && p.type === "creating" && isObject(p.resource) && typeof p.resource.type === "string" && p.resource.type.startsWith("pulumi-nodejs:dynamic/novita:"))
        .map((p) => String((p.resource as Record<string, unknown>).urn));
    return { label, ids, pendingCreates };
}

/** Every id of `type` that any of the states mentions. */
export function managedIds(states: readonly StackState[], type: string): Set<string> {
    const out = new Set<string>();
    for (const s of states) for (const id of s.ids.get(type) ?? []) out.add(id);
    return out;
}
