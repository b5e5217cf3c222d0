/**
 * NovitaClient: one typed method per endpoint the provider and selection need. Parameters are
 * validated with the shared schemas before any request; answers are parsed and normalised.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { isInvalidStateChange, NovitaError, NovitaValidationError } from "./errors";
import { resolveClientConfig, type NovitaClientOptions, type ResolvedClientConfig } from "./config";
import { reconciledCreate } from "./reconcile";
import { scrub, secretsOf } from "./redact";
import { SnapshotBatcher } from "./snapshot";
import { GONE_STATUSES, STARTED_STATUSES, STOPPED_STATUSES } from "./statuses";
import { Transport } from "./transport";
import * as S from "./schemas";
import { encodePorts } from "./schemas/ports";
import type { ItemList, SkippedItem } from "./schemas/primitives";
import * as NS from "./network-storage";
import type { CreateNetworkStorageParams, ListNetworkStoragesQuery, NetworkStorage, UpdateNetworkStorageParams } from "./schemas/network-storage";
import { validate } from "./validate";

const V1 = "/v1";

export interface InstanceFilter {
    name?: string;
    productName?: string;
    status?: string;
}

/** What a client has met in responses; see the tolerance rules in schemas/primitives.ts. */
export interface ClientStats {
    /** List items that could not be understood and were skipped (each also logged as a debug line). */
    skippedItems: number;
}

export { validate };

export class NovitaClient {
    readonly config: ResolvedClientConfig;
    readonly stats: ClientStats = { skippedItems: 0 };
    private readonly t: Transport;
    /** Pre-create snapshots, shared by the creates of one round (./snapshot.ts). */
    readonly snapshots: SnapshotBatcher;

    constructor(options: NovitaClientOptions = {}) {
        this.config = resolveClientConfig(options);
        this.t = new Transport(this.config);
        this.snapshots = new SnapshotBatcher((filter) => this.scanInstances(filter));
    }

    // ── catalogue ────────────────────────────────────────────────────────────────────────────────
    async listClusters(): Promise<S.Cluster[]> {
        const r = await this.t.request({ method: "GET", path: `${V1}/clusters`, retry: true, schema: S.listClustersResponse });
        return this.readable("clusters", "data", r.data);
    }

    /** Products, filtered server-side by any documented filter (`billingMethod` defaults to onDemand on the API). */
    async listProducts(query: S.ListProductsQuery = {}): Promise<S.Product[]> {
        const q = validate(S.listProductsQuery, query, "listProducts");
        const r = await this.t.request({ method: "GET", path: `${V1}/products`, query: q, retry: true, schema: S.listProductsResponse });
        return this.readable("products", "data", r.data);
    }

    // ── instances ────────────────────────────────────────────────────────────────────────────────
    /**
     * Creates an instance and returns its id. Never sent twice blindly: after an ambiguous failure the
     * instance is looked up by `name` (which is therefore required) among instances that did not exist
     * before the call (a snapshot shared with the concurrent creates, ./snapshot.ts).
     */
    async createInstance(params: S.CreateInstanceParams): Promise<{ id: string }> {
        const p = validate(S.createInstanceParams, params, "createInstance");
        if (!p.name) throw new NovitaValidationError("createInstance", [{ field: "name", message: "is required so that an ambiguous failure can be reconciled" }]);
        const body = { ...p, ports: p.ports && p.ports.length > 0 ? encodePorts(p.ports) : undefined };
        const requestId = randomUUID();
        const name = p.name;
        const snapshot = await this.snapshots.before(name);
        const before = new Set(snapshot.instances.map((i) => i.id));
        const unreadableBefore = unreadableNamed(snapshot.skipped, name).length;
        return reconciledCreate(
            {
                send: () =>
                    this.t.request({
                        method: "POST", path: `${V1}/gpu/instance/create`, body, retry: false, requestId,
                        secrets: secretsOf(body), schema: S.createInstanceResponse,
                    }),
                find: async () => {
                    const now = await this.scanInstances(snapshot.filter);
                    const fresh = now.instances.filter((i) => i.name === name && !before.has(i.id) && !GONE_STATUSES.has(i.status));
                    if (fresh.length > 0) return { id: fresh[0]!.id };
                    // An item that may be this instance but cannot be read is not "absent": creating again could duplicate it.
                    const unreadable = unreadableNamed(now.skipped, name);
                    if (unreadable.length > unreadableBefore) throw unreadableMatch(`instance "${name}"`, unreadable);
                    return undefined;
                },
            },
            {
                policy: this.config.retry, timeScale: this.config.timeScale, what: `instance "${p.name}"`,
                onEvent: (e) => this.config.log?.(`[novita] ${requestId} createInstance: ${e}`),
            },
        );
    }

    async getInstance(instanceId: string): Promise<S.Instance> {
        const q = validate(S.getInstanceQuery, { instanceId }, "getInstance");
        return this.t.request({ method: "GET", path: `${V1}/gpu/instance`, query: q, retry: true, schema: S.instance, secrets: [] });
    }

    /**
     * One page. `pageNum`'s base (0 or 1) is undocumented; {@link listAllInstances} copes with both. Items that
     * could not be understood are in `skipped` (and counted in `stats`, and logged).
     */
    async listInstances(query: S.ListInstancesQuery): Promise<{ instances: S.Instance[]; total?: number; skipped: SkippedItem[] }> {
        const q = validate(S.listInstancesQuery, query, "listInstances");
        const r = await this.t.request({ method: "GET", path: `${V1}/gpu/instances`, query: q, retry: true, schema: S.listInstancesResponse });
        return { instances: this.readable("instances", "gpu/instances", r.instances), total: r.total, skipped: r.instances.skipped };
    }

    /** Every instance matching the filter, across pages, de-duplicated by id. */
    async listAllInstances(filter: InstanceFilter = {}, pageSize = 100): Promise<S.Instance[]> {
        return (await this.scanInstances(filter, pageSize)).instances;
    }

    /** Every instance matching the filter, and the listed items that could not be understood. */
    async scanInstances(filter: InstanceFilter = {}, pageSize = 100): Promise<{ instances: S.Instance[]; skipped: SkippedItem[] }> {
        const seen = new Map<string, S.Instance>();
        const skipped: SkippedItem[] = [];
        for (let page = 0; page < 10_000; page++) {
            const r = await this.listInstances({ ...filter, pageSize, pageNum: page });
            const received = r.instances.length + r.skipped.length;
            let added = 0;
            for (const i of r.instances) if (!seen.has(i.id)) (seen.set(i.id, i), added++);
            if (page === 0 || added > 0) skipped.push(...r.skipped);
            if (received === 0 || received < pageSize) break;
            if (r.total !== undefined && seen.size + skipped.length >= r.total) break;
            // A 1-based server answers pageNum 0 and 1 alike; only after that does "nothing new" mean the end.
            if (added === 0 && page >= 2) break;
        }
        return { instances: [...seen.values()], skipped };
    }

    /** Retried; a retry refused because the lost first attempt was applied counts as started. */
    startInstance(instanceId: string): Promise<S.ActionResult> {
        return this.actionByState("start", instanceId, STARTED_STATUSES);
    }
    /** Retried; a retry refused because the lost first attempt was applied counts as stopped. */
    stopInstance(instanceId: string): Promise<S.ActionResult> {
        return this.actionByState("stop", instanceId, STOPPED_STATUSES);
    }
    /** Not retried: a repeated restart would restart twice. */
    restartInstance(instanceId: string): Promise<S.ActionResult> {
        return this.action("restart", instanceId, false);
    }
    deleteInstance(instanceId: string): Promise<S.ActionResult> {
        return this.action("delete", instanceId, true);
    }

    /** Ports and root-disk growth, no restart. Not retried: `expandRootDisk` is additive. */
    async editInstance(params: S.EditInstanceParams): Promise<S.ActionResult> {
        const body = validate(S.editInstanceParams, params, "editInstance");
        return this.t.request({ method: "POST", path: `${V1}/gpu/instance/edit`, body, retry: false, schema: S.actionResponse });
    }

    /** Re-deploys image, envs, command, entrypoint and network volumes (container reset, data kept). */
    async upgradeInstance(params: S.UpgradeInstanceParams): Promise<S.ActionResult> {
        const body = validate(S.upgradeInstanceParams, params, "upgradeInstance");
        return this.t.request({
            method: "POST", path: `${V1}/gpu/instance/upgrade`, body, retry: false, secrets: secretsOf(body), schema: S.actionResponse,
        });
    }

    /**
     * start/stop are retried, but the API refuses a repeat with 400 "invalid state change" — also when the
     * first attempt was applied and only its answer was lost. So a RETRY refused that way while the instance
     * is in (or on its way to) the target state is success. A refusal of the first attempt stands: the
     * action was illegal.
     */
    private async actionByState(verb: "start" | "stop", instanceId: string, reached: ReadonlySet<string>): Promise<S.ActionResult> {
        try {
            return await this.action(verb, instanceId, true);
        } catch (e) {
            if (!isInvalidStateChange(e) || (e.attempts ?? 1) < 2) throw e;
            const now = await this.getInstance(instanceId);
            if (reached.has(now.status) && !now.statusError) return {};
            throw e;
        }
    }

    private async action(verb: "start" | "stop" | "restart" | "delete", instanceId: string, retry: boolean): Promise<S.ActionResult> {
        const body = validate(S.instanceIdBody, { instanceId }, `${verb}Instance`);
        return this.t.request({ method: "POST", path: `${V1}/gpu/instance/${verb}`, body, retry, schema: S.actionResponse });
    }

    // ── registry auths ───────────────────────────────────────────────────────────────────────────
    async listRegistryAuths(): Promise<S.RegistryAuth[]> {
        return (await this.scanRegistryAuths()).items;
    }

    private async scanRegistryAuths(): Promise<ItemList<S.RegistryAuth>> {
        const r = await this.t.request({ method: "GET", path: `${V1}/repository/auths`, retry: true, schema: S.listRegistryAuthsResponse });
        return { items: this.readable("registry auths", "repository/auths", r.data), skipped: r.data.skipped };
    }

    /**
     * Saves registry credentials and returns the stored auth with its id. The API answers `{}`, so the
     * id is found by name; a name that already exists is refused before anything is sent, since the
     * new auth could not be told apart from the old one.
     */
    async saveRegistryAuth(params: S.SaveRegistryAuthParams): Promise<S.RegistryAuth> {
        const body = validate(S.saveRegistryAuthBody, params, "saveRegistryAuth");
        const before = await this.scanRegistryAuths();
        if (before.items.some((a) => a.name === body.name) || before.skipped.some((a) => a.name === body.name)) {
            throw new NovitaValidationError("saveRegistryAuth", [{ field: "name", message: `a registry auth named "${body.name}" already exists` }]);
        }
        const requestId = randomUUID();
        const unreadableBefore = unreadableNamed(before.skipped, body.name).length;
        const find = async () => {
            const now = await this.scanRegistryAuths();
            const found = now.items.find((a) => a.name === body.name);
            const unreadable = unreadableNamed(now.skipped, body.name);
            if (!found && unreadable.length > unreadableBefore) throw unreadableMatch(`registry auth "${body.name}"`, unreadable);
            return found;
        };
        return reconciledCreate(
            {
                send: async () => {
                    await this.t.request({
                        method: "POST", path: `${V1}/repository/auth/save`, body, retry: false, requestId,
                        secrets: secretsOf(body), schema: z.unknown(),
                    });
                    const saved = await find();
                    if (!saved) throw new NovitaError(`saveRegistryAuth: the API accepted "${body.name}" but does not list it`);
                    return saved;
                },
                find,
            },
            {
                policy: this.config.retry, timeScale: this.config.timeScale, what: `registry auth "${body.name}"`,
                onEvent: (e) => this.config.log?.(`[novita] ${requestId} saveRegistryAuth: ${e}`),
            },
        );
    }

    async deleteRegistryAuth(id: string): Promise<void> {
        const body = validate(S.deleteRegistryAuthBody, { id }, "deleteRegistryAuth");
        await this.t.request({ method: "POST", path: `${V1}/repository/auth/delete`, body, retry: true, schema: z.unknown() });
    }

    // ── templates ────────────────────────────────────────────────────────────────────────────────
    async getTemplate(templateId: string): Promise<S.Template> {
        const q = validate(S.getTemplateQuery, { templateId }, "getTemplate");
        const r = await this.t.request({ method: "GET", path: `${V1}/template`, query: q, retry: true, schema: S.getTemplateResponse });
        return r.template;
    }

    async listTemplates(query: S.ListTemplatesQuery): Promise<{ templates: S.Template[]; total?: number }> {
        const q = validate(S.listTemplatesQuery, query, "listTemplates");
        const r = await this.t.request({ method: "GET", path: `${V1}/templates`, query: q, retry: true, schema: S.listTemplatesResponse });
        return { templates: this.readable("templates", "templates", r.template), total: r.total };
    }

    /** The items of a list that could be read; each skipped one is counted and logged (never silently dropped). */
    private readable<T>(what: string, path: string, list: ItemList<T>): T[] {
        for (const s of list.skipped) {
            this.stats.skippedItems++;
            const who = [s.id, s.name === undefined ? undefined : `"${s.name}"`].filter(Boolean).join(" ");
            this.config.log?.(
                scrub(`[novita] GET ${V1}/${path}: skipped unreadable ${what} item ${s.index}${who ? ` (${who})` : ""}: ${s.field || "(item)"}: ${s.message}`, [this.config.apiKey]),
            );
        }
        return list.items;
    }

    // ── network storage (./network-storage.ts) ───────────────────────────────────────────────────
    listNetworkStorages(query: ListNetworkStoragesQuery = {}): Promise<{ storages: NetworkStorage[]; total?: number }> {
        return NS.listPage(this.t, query);
    }
    /** Every volume matching the filter (exact name / id), across pages. */
    listAllNetworkStorages(filter: NS.NetworkStorageFilter = {}, pageSize = 100): Promise<NetworkStorage[]> {
        return NS.listAll(this.t, filter, pageSize);
    }
    /** The volume with this id, or undefined when the account has none. */
    findNetworkStorage(storageId: string): Promise<NetworkStorage | undefined> {
        return NS.find(this.t, storageId);
    }
    /** Creates a volume and returns it as listed (never sent twice blindly: ambiguous failures are reconciled by name). */
    createNetworkStorage(params: CreateNetworkStorageParams): Promise<NetworkStorage> {
        return NS.create(this.t, this.config, params);
    }
    updateNetworkStorage(params: UpdateNetworkStorageParams): Promise<void> {
        return NS.update(this.t, params);
    }
    deleteNetworkStorage(storageId: string): Promise<void> {
        return NS.remove(this.t, storageId);
    }
}

/** Skipped items that may carry this name: named so, or with a name that could not be read. */
function unreadableNamed(skipped: readonly SkippedItem[], name: string): SkippedItem[] {
    return skipped.filter((s) => s.name === undefined || s.name === name);
}

function unreadableMatch(what: string, skipped: readonly SkippedItem[]): NovitaError {
    const s = skipped[0]!;
    return new NovitaError(
        `the create of ${what} may have succeeded, but the API lists an item that may be it and cannot be read ` +
            `(${s.field || "the item"}: ${s.message}); check the account before retrying, to avoid a duplicate`,
    );
}
