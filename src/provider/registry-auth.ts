/**
 * The RegistryAuth dynamic provider. Novita has no update call for registry credentials, so any change
 * replaces (create-before-delete: with the default auto-generated name the new auth never collides with
 * the old one, instances switch to it by `upgrade`, and the old one is deleted at the end of the run).
 * Delete retries IMAGE_AUTH_IN_USE with backoff within `timeouts.delete`, then names the instances (./in-use.ts).
 * Create is one call with nothing to wait for: there is no partially created auth, and so no init error.
 */
import { z } from "zod";
import { isNotFound, NovitaApiError } from "../api/errors";
import * as L from "../api/schemas/limits";
import { holdsResources } from "../api/statuses";
import { configure, getClient } from "./config";
import { isDuration, parseDuration } from "./duration";
import { deleteWhenUnused } from "./in-use";
import { closedObject, unknownInputFailures } from "./closed";
import { scrubbed, toCheckFailures } from "./errors";
import { stableAutoName } from "./gpu-instance/check";
import { HIDDEN_INPUTS } from "./registry-auth-keys";
import { compact, type EngineKeys } from "./model";
import { parseInputs, parsePlannedInputs, parseStored, parseStoredForDelete, type RegistryAuthInputs, type RegistryAuthState } from "./registry-auth-model";
import { containsUnknown, type Planned } from "./unknowns";

export const DEFAULT_AUTH_DELETE_TIMEOUT = "5m";

export const registryAuthFields = z.object({
    name: L.registryAuthName.optional(),
    autoNamePrefix: z.string().optional(),
    username: L.registryUsername,
    password: L.registryPassword,
    timeouts: closedObject({ delete: z.string().refine(isDuration, { message: 'must be a duration like "90s" or "5m"' }).optional() }).default({}),
});

const REPLACING = ["name", "username", "password"] as const;

function check(olds: Record<string, unknown>, news: Record<string, unknown>) {
    const { __provider: _p, ...raw } = news;
    const refused = unknownInputFailures(raw, registryAuthFields.shape, HIDDEN_INPUTS);
    const unknownKeys = new Set(Object.keys(raw).filter((k) => k in registryAuthFields.shape && containsUnknown(raw[k])));
    const known = Object.fromEntries(Object.entries(raw).filter(([k, v]) => k in registryAuthFields.shape && !unknownKeys.has(k) && v !== undefined && v !== null));
    const schema = registryAuthFields.partial(Object.fromEntries([...unknownKeys].map((k) => [k, true])) as { username?: true; password?: true });
    const parsed = schema.safeParse(known);
    if (!parsed.success || refused.length > 0) return { inputs: news, failures: [...refused, ...(parsed.success ? [] : toCheckFailures(parsed.error.issues))] };
    const v = parsed.data;
    const auto = stableAutoName(olds, v.autoNamePrefix ?? "registry-auth");
    const name = unknownKeys.has("name") ? raw.name : v.name ?? auto.name;
    const inputs: Record<string, unknown> = { ...v, name, timeouts: { delete: v.timeouts?.delete ?? DEFAULT_AUTH_DELETE_TIMEOUT } };
    if (v.name) delete inputs.autoNamePrefix;
    else if (v.autoNamePrefix !== undefined) inputs.autoNamePrefix = auto.prefix;
    for (const k of unknownKeys) inputs[k] = raw[k];
    return { inputs, failures: [] };
}

function diff(olds: RegistryAuthState, news: Planned<RegistryAuthInputs>) {
    const replaces = REPLACING.filter((k) => containsUnknown(news[k]) || olds[k] !== news[k]);
    const timeoutsChanged = JSON.stringify(olds.timeouts ?? null) !== JSON.stringify(news.timeouts ?? null);
    return { changes: replaces.length > 0 || timeoutsChanged, replaces: [...replaces], deleteBeforeReplace: false };
}

function outputs(inputs: RegistryAuthState, auth: { name: string; username: string; password: string }) {
    return compact({ ...inputs, name: auth.name, username: auth.username, password: auth.password });
}

async function create(inputs: RegistryAuthInputs) {
    const client = getClient();
    const auth = await client.saveRegistryAuth({ name: inputs.name, username: inputs.username, password: inputs.password });
    return { id: auth.id, outs: outputs(inputs, auth) };
}

/**
 * Refresh (props = stored outputs, which always hold `username`) drops a deleted auth by answering no id. A
 * `RegistryAuth.get` (props = the program's inputs, no outputs) of a missing id fails instead: the engine would
 * record it with empty outputs (step.go ReadStep).
 */
async function read(id: string, props: RegistryAuthState & EngineKeys) {
    const auth = (await getClient().listRegistryAuths()).find((a) => a.id === id);
    if (!auth && props.username === undefined) throw new Error(`no registry auth ${id} (RegistryAuth.get): Novita does not know it; check the id`);
    if (!auth) return {};
    const { __provider: _p, ...rest } = props;
    const outs = outputs(rest, auth);
    return { id, props: outs, inputs: outs };
}

async function update(olds: RegistryAuthState, news: RegistryAuthInputs & EngineKeys) {
    // Only `timeouts` can reach here (everything else replaces): no API call.
    const { __provider: _p, ...rest } = news;
    return { outs: { ...olds, ...rest } };
}

const isInUse = (e: unknown) => e instanceof NovitaApiError && e.reason === "IMAGE_AUTH_IN_USE";

async function remove(id: string, props: RegistryAuthState) {
    const client = getClient();
    await deleteWhenUnused({
        attempt: () => client.deleteRegistryAuth(id),
        isGone: isNotFound,
        isInUse,
        budgetMs: parseDuration(props.timeouts?.delete ?? DEFAULT_AUTH_DELETE_TIMEOUT),
        users: async () =>
            (await client.listAllInstances()).filter((i) => i.imageAuthId === id && holdsResources(i.status)).map((i) => `${i.name} (${i.id})`),
        what: `registry auth ${String(props.name)} (${id})`,
        short: `registry auth ${String(props.name)}`,
        advice: "point those instances at another registry auth (or delete them)",
    });
}

const secretsOf = (...objs: Record<string, unknown>[]) => objs.map((o) => o?.password).filter((p): p is string => typeof p === "string");

export const registryAuth = {
    configure,
    async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
        return check(olds ?? {}, news);
    },
    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
        return diff(parseStored(olds), parsePlannedInputs(news));
    },
    async create(inputs: Record<string, unknown>) {
        try {
            return await create(parseInputs(inputs));
        } catch (e) {
            throw scrubbed(e, secretsOf(inputs));
        }
    },
    async read(id: string, props: Record<string, unknown>) {
        try {
            return await read(id, parseStored(props));
        } catch (e) {
            throw scrubbed(e, secretsOf(props));
        }
    },
    async update(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
        return update(parseStored(olds), parseInputs(news));
    },
    async delete(id: string, props: Record<string, unknown>) {
        try {
            await remove(id, parseStoredForDelete(props));
        } catch (e) {
            throw scrubbed(e, secretsOf(props));
        }
    },
};
