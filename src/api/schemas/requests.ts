/**
 * Request schemas, one per endpoint. `*Params` are what NovitaClient methods accept (validated before
 * any request); `*Body`/`*Query` are the wire forms the simulator validates. They share the field
 * schemas of ./limits so a limit is stated exactly once.
 */
import { z } from "zod";
import * as L from "./limits";
import { portsString } from "./ports";
import { bool, numeric } from "./primitives";

/** Integer query parameter: a number from the client, a numeric string on the wire. */
const queryInt = (min: number, max?: number) => {
    const n = z.number().int().min(min);
    return numeric.pipe(max === undefined ? n : n.max(max));
};
const queryString = z.string().max(L.LIMITS.queryStringMax);

const instanceCreateFields = {
    name: L.instanceName.optional(),
    productId: L.productId,
    gpuNum: L.gpuNum,
    rootfsSize: L.rootfsSize,
    imageUrl: L.imageUrl,
    imageAuth: L.imageAuth.optional(),
    imageAuthId: z.string().optional(),
    envs: L.envs.optional(),
    tools: z.array(L.tool).optional(),
    command: L.command.optional(),
    entrypoint: L.entrypoint.optional(),
    clusterId: L.clusterId.optional(),
    networkStorages: L.networkStorages.optional(),
    networkId: z.string().optional(),
    kind: z.enum(L.INSTANCE_KINDS),
    month: z.number().int().min(0).optional(),
    billingMode: L.billingMode.optional(),
    autoRenew: z.boolean().optional(),
    autoRenewMonth: z.number().int().min(1).max(L.LIMITS.autoRenewMonthMax).optional(),
    minCudaVersion: L.minCudaVersion.optional(),
};

function checkPortBudget(v: { ports?: readonly unknown[]; tools?: readonly unknown[] }, ctx: z.RefinementCtx) {
    if (!L.withinPortBudget(v.ports, v.tools)) {
        ctx.addIssue({ code: "custom", path: ["ports"], message: L.PORT_BUDGET_MESSAGE });
    }
}

export const createInstanceParams = z
    .object({ ...instanceCreateFields, ports: z.array(L.portSpec).optional() })
    .superRefine(checkPortBudget);
export type CreateInstanceParams = z.input<typeof createInstanceParams>;

export const createInstanceBody = z
    .object({ ...instanceCreateFields, ports: portsString.optional() })
    .superRefine(checkPortBudget);
export type CreateInstanceBody = z.output<typeof createInstanceBody>;

export const instanceIdBody = z.object({ instanceId: z.string().min(1) });
export type InstanceIdBody = z.infer<typeof instanceIdBody>;

export const editInstanceParams = z.object({
    instanceId: z.string().min(1),
    ports: z.array(L.portSpec).max(L.LIMITS.portsAndToolsMax).optional(),
    expandRootDisk: z.number().int().min(0).optional(),
});
export type EditInstanceParams = z.infer<typeof editInstanceParams>;

export const networkVolumeMount = z.object({
    type: z.literal("network"),
    id: z.string().min(1),
    mountPath: z.string().min(1).max(L.LIMITS.mountPointMax),
});
export const upgradeInstanceParams = z.object({
    instanceId: z.string().min(1),
    imageUrl: L.imageUrl,
    imageAuthId: z.string().optional(),
    envs: L.envs,
    command: L.command,
    entrypoint: L.entrypoint,
    save: z.boolean(),
    networkVolume: z.object({ volumeMounts: z.array(networkVolumeMount).max(L.LIMITS.networkStoragesMax) }),
});
export type UpgradeInstanceParams = z.infer<typeof upgradeInstanceParams>;

/**
 * Documented as required, but the docs' own examples and the official MCP server call it without them, and no
 * default is documented (docs/novita-api-notes.md#paging). The client always sends both.
 */
export const listInstancesQuery = z.object({
    pageSize: queryInt(0).optional(),
    pageNum: queryInt(0).optional(),
    name: queryString.optional(),
    productName: queryString.optional(),
    status: z.string().max(L.LIMITS.statusMax).optional(),
});
export type ListInstancesQuery = z.input<typeof listInstancesQuery>;

export const getInstanceQuery = z.object({ instanceId: z.string().min(1) });

export const listProductsQuery = z.object({
    clusterId: L.clusterId.optional(),
    gpuNum: queryInt(0, L.LIMITS.gpuNumMax).optional(),
    productName: queryString.optional(),
    minCpuPerGpu: queryInt(0).optional(),
    minMemoryPerGpu: queryInt(0).optional(),
    minRootFSSize: queryInt(0).optional(),
    billingMethod: L.billingMode.optional(),
});
export type ListProductsQuery = z.input<typeof listProductsQuery>;

export const saveRegistryAuthBody = z.object({
    name: L.registryAuthName,
    username: L.registryUsername,
    password: L.registryPassword,
});
export type SaveRegistryAuthParams = z.infer<typeof saveRegistryAuthBody>;

export const deleteRegistryAuthBody = z.object({ id: z.string().min(1) });

export const getTemplateQuery = z.object({ templateId: z.string().min(1) });

export const listTemplatesQuery = z.object({
    pageSize: queryInt(0).optional(),
    pageNum: queryInt(0).optional(),
    name: queryString.optional(),
    type: z.string().optional(),
    /** Required by the current docs, optional in the older revision (docs/novita-api-notes.md#templates). */
    channel: z.enum(["official", "community", "private"]).optional(),
    /** A boolean, or `true`/`false` in any case as query strings carry it (Python clients send `True`). */
    isMyCommunity: bool.optional(),
});
export type ListTemplatesQuery = z.input<typeof listTemplatesQuery>;

/** `POST /template/create` body (docs/novita-api-notes.md#templates): a private instance template. */
export const templatePorts = z.object({ type: z.enum(L.PORT_TYPES), ports: z.array(L.port).max(L.LIMITS.templatePortsPerEntryMax) });
export const createTemplateBody = z.object({
    template: z.object({
        name: z.string().min(1).max(L.LIMITS.nameMax),
        readme: z.string().max(L.LIMITS.templateReadmeMax).optional(),
        type: z.literal("instance"),
        channel: z.literal("private"),
        image: L.imageUrl,
        imageAuth: z.string().max(L.LIMITS.templateImageAuthMax).optional(),
        startCommand: L.command.optional(),
        entrypoint: L.entrypoint.optional(),
        rootfsSize: z.number().int().min(1),
        ports: z.array(templatePorts).optional(),
        envs: L.envs.optional(),
        minCudaVersion: L.minCudaVersion.optional(),
    }),
});
export type CreateTemplateBody = z.infer<typeof createTemplateBody>;

export const deleteTemplateBody = z.object({ templateId: z.string().min(1) });
