/**
 * What an input change means for a running instance (the README's update-behaviour table):
 *
 *   replace                 productId, gpuNum, clusterId, billingMode, kind, name, networkId,
 *                           minCudaVersion, templateId, rootfsSize decrease, a placement the current
 *                           product/region/billing no longer satisfies
 *   edit (no restart)       ports, rootfsSize increase (expandRootDisk)
 *   upgrade (reset, data    imageUrl, imageAuthId, envs, command, entrypoint, networkStorages
 *   kept)
 *   start / stop            state
 *   no API call             timeouts, readiness, a placement change the current placement still satisfies
 *
 * Pure: diff() reports it, update() executes it (against the live instance, so a resumed update never
 * repeats an additive change such as expandRootDisk).
 */
import { isDeepStrictEqual } from "node:util";
import { containsUnknown, isPending, type Planned } from "../unknowns";
import type { GpuInstanceInputs, StoredState } from "./model";
import { applyTemplate } from "./template";

export type PlacementCheck = (selector: Record<string, unknown>, current: StoredPlacement) => { ok: true } | { ok: false; reason: string };

/** The placement facts kept in outputs. */
export interface StoredPlacement {
    productId: string;
    productName?: string;
    clusterId: string;
    clusterName?: string;
    billingMode: string;
    pricePerGpuHour?: number;
}

/** Old outputs as diff/update see them: the normal form of the inputs plus what create learned (./model.ts). */
export type StoredOutputs = StoredState;

export interface UpdatePlan {
    replaces: string[];
    /** Input keys whose change needs an edit call. */
    edit: string[];
    /** Input keys whose change needs an upgrade call. */
    upgrade: string[];
    power: boolean;
    /** Keys that change without any API call. */
    metadata: string[];
    /** Why each replacing key replaces (for plan output and errors). */
    why: Record<string, string>;
}

const ALWAYS_REPLACE = ["name", "gpuNum", "kind", "networkId", "minCudaVersion", "templateId"] as const;
const UPGRADE = ["imageUrl", "imageAuthId", "envs", "command", "entrypoint", "networkStorages"] as const;
const METADATA = ["timeouts", "readiness"] as const;

const differs = (a: unknown, b: unknown) => containsUnknown(b) || !isDeepStrictEqual(a ?? null, b ?? null);

export function planUpdate(olds: StoredState, newsRaw: Planned<GpuInstanceInputs>, placementCheck?: PlacementCheck): UpdatePlan {
    const plan: UpdatePlan = { replaces: [], edit: [], upgrade: [], power: false, metadata: [], why: {} };
    const replace = (k: string, why: string) => {
        plan.replaces.push(k);
        plan.why[k] = why;
    };
    const sameTemplate = !differs(olds.templateId, newsRaw.templateId);
    const news = sameTemplate ? applyTemplate(newsRaw, olds.templateDefaults) : newsRaw;

    for (const k of ALWAYS_REPLACE) if (differs(olds[k], news[k])) replace(k, `${k} cannot be changed on an existing instance`);

    // Placement: explicit productId/clusterId/billingMode, or a selector judged against where the instance is.
    if (news.placement !== undefined) {
        if (isPending(news.placement)) replace("placement", "placement is not known until apply");
        else if (!differs(olds.placement, news.placement)) {
            // An unchanged selector never replaces: the placement was judged when it was made. (This also keeps an
            // instance placed under an older, looser name rule — "4090" — where it is after an upgrade.)
        } else if (placementCheck && olds.productId && olds.clusterId) {
            const r = placementCheck(news.placement, {
                productId: olds.productId, productName: olds.productName, clusterId: olds.clusterId,
                clusterName: olds.clusterName, billingMode: olds.billingMode ?? "onDemand", pricePerGpuHour: olds.pricePerGpuHour,
            });
            if (!r.ok) replace("placement", r.reason);
            else if (differs(olds.placement, news.placement)) plan.metadata.push("placement");
        }
    } else {
        if (differs(olds.productId, news.productId)) replace("productId", "productId cannot be changed on an existing instance");
        if (news.clusterId !== undefined && differs(olds.clusterId, news.clusterId)) replace("clusterId", "an instance cannot move between clusters");
        if (news.billingMode !== undefined && differs(olds.billingMode, news.billingMode)) replace("billingMode", "billingMode cannot be changed on an existing instance");
        if (olds.placement !== undefined) plan.metadata.push("placement");
    }

    if (news.rootfsSize !== undefined && differs(olds.rootfsSize, news.rootfsSize)) {
        if (isPending(news.rootfsSize) || (olds.rootfsSize !== undefined && news.rootfsSize < olds.rootfsSize)) {
            replace("rootfsSize", "the root disk can only grow");
        } else plan.edit.push("rootfsSize");
    }
    if (differs(olds.ports, news.ports)) plan.edit.push("ports");
    for (const k of UPGRADE) if (differs(olds[k], news[k])) plan.upgrade.push(k);
    if (differs(olds.state, news.state)) plan.power = true;
    for (const k of METADATA) if (differs(olds[k], news[k])) plan.metadata.push(k);
    return plan;
}

export function hasChanges(p: UpdatePlan): boolean {
    return p.replaces.length + p.edit.length + p.upgrade.length + p.metadata.length > 0 || p.power;
}
