/**
 * The GpuInstance dynamic provider: what the `__provider` text stored with each resource hands to
 * Pulumi's dynamic-provider server (`require("pulumi-novita/provider").gpuInstance`). Method names and
 * signatures are those of `pulumi.dynamic.ResourceProvider` and are a contract with every stack ever
 * deployed.
 */
import { configure, getClient } from "../config";
import { scrubbed } from "../errors";
import { checkGpuInstance, type PlacementValidator } from "./check";
import { createInstance, type CandidateSource } from "./create";
import type { GpuInstanceInputs } from "./inputs";
import { deleteInstance, readInstance } from "./lifecycle";
import { hasChanges, planUpdate, type PlacementCheck, type StoredOutputs } from "./plan";
import { updateInstance } from "./update";

export interface PlacementSupport {
    validate: PlacementValidator;
    satisfies: PlacementCheck;
    source: CandidateSource;
}

/** A single candidate: the explicit productId / clusterId / billingMode. */
export const directSource: CandidateSource = {
    async candidates(client, inputs) {
        let pricePerGpuHour: number | undefined;
        try {
            const products = await client.listProducts({ clusterId: inputs.clusterId, billingMethod: inputs.billingMode });
            const p = products.find((x) => x.id === inputs.productId);
            pricePerGpuHour = inputs.billingMode === "spot" ? p?.spotPricePerHour : p?.pricePerHour;
        } catch {
            // The price is informative only; creating the instance does not depend on it.
        }
        return [{ productId: inputs.productId!, clusterId: inputs.clusterId, billingMode: inputs.billingMode ?? "onDemand", pricePerGpuHour }];
    },
};

/** Everything secret in a set of inputs/outputs: scrubbed from any error message. */
function secretsIn(v: Record<string, unknown> | undefined): string[] {
    const envs = (v?.envs as { value?: unknown }[] | undefined) ?? [];
    return [...envs.map((e) => e?.value).filter((x): x is string => typeof x === "string"), getApiKeyQuietly()];
}

function getApiKeyQuietly(): string {
    try {
        return getClient().config.apiKey;
    } catch {
        return "";
    }
}

async function guard<T>(secretsFrom: (Record<string, unknown> | undefined)[], fn: () => Promise<T>): Promise<T> {
    try {
        return await fn();
    } catch (e) {
        throw scrubbed(e, secretsFrom.flatMap(secretsIn));
    }
}

export function gpuInstanceProvider(placement?: PlacementSupport) {
    return {
        configure,
        async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
            return checkGpuInstance(olds ?? {}, news, placement?.validate);
        },
        async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
            const plan = planUpdate(olds as unknown as StoredOutputs, news as unknown as GpuInstanceInputs, placement?.satisfies);
            return { changes: hasChanges(plan), replaces: plan.replaces, deleteBeforeReplace: false };
        },
        async create(inputs: Record<string, unknown>) {
            return guard([inputs], () =>
                createInstance(inputs as unknown as GpuInstanceInputs, inputs.placement && placement ? placement.source : directSource),
            );
        },
        async read(id: string, props: Record<string, unknown>) {
            return guard([props], () => readInstance(id, props));
        },
        async update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
            return guard([olds, news], () =>
                updateInstance(id, olds as StoredOutputs & Record<string, unknown>, news as unknown as GpuInstanceInputs, placement?.satisfies),
            );
        },
        async delete(id: string, props: Record<string, unknown>) {
            return guard([props], () => deleteInstance(id, props));
        },
    };
}
