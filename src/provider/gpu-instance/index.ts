/**
 * The GpuInstance dynamic provider: what the `__provider` text stored with each resource hands to
 * Pulumi's dynamic-provider server (`require("pulumi-novita/provider").gpuInstance`). Method names and
 * signatures are those of `pulumi.dynamic.ResourceProvider` and are a contract with every stack ever
 * deployed.
 */
import { scrub } from "../../api/redact";
import { configure, getClient } from "../config";
import { directSource } from "../direct-source";
import { scrubbed, type CheckFailure } from "../errors";
import { isPending } from "../unknowns";
import { progressToStderr } from "../wait";
import { checkGpuInstance, type PlacementValidator } from "./check";
import { createInstance, type CandidateSource } from "./create";
import { healthOf } from "./health";
import { deleteInstance, label, readInstance } from "./lifecycle";
import { parseInputs, parsePlannedInputs, parseStored, parseStoredForDelete } from "./model";
import { hasChanges, planUpdate, type PlacementCheck } from "./plan";
import { updateInstance } from "./update";

export interface PlacementSupport {
    validate: PlacementValidator;
    satisfies: PlacementCheck;
    source: CandidateSource;
    /** Preview-time check of a new instance's placement against the catalogue (stock ignored). */
    preflight?(placement: Record<string, unknown>, gpuNum: number, name: string): Promise<CheckFailure[]>;
}

/** Check for a create (no olds: a new resource, or the engine re-checking a replacement). */
const isCreate = (olds: Record<string, unknown> | undefined) => !olds || Object.keys(olds).length === 0;

/** The single candidate of an instance created with an explicit productId (it lives in ../direct-source.ts). */
export { directSource };

/** Everything secret in a set of inputs/outputs (env values, a template's env values, the API key). */
function secretsIn(v: Record<string, unknown> | undefined): string[] {
    const envs = [...((v?.envs as { value?: unknown }[] | undefined) ?? []), ...((v?.templateDefaults as { envs?: { value?: unknown }[] } | undefined)?.envs ?? [])];
    return [...envs.map((e) => e?.value).filter((x): x is string => typeof x === "string"), getApiKeyQuietly()];
}

function getApiKeyQuietly(): string {
    try {
        return getClient().config.apiKey;
    } catch {
        return "";
    }
}

/**
 * Novita's `statusError.message` may quote what the instance was given (a failing command line with an env value):
 * it is kept in outputs that are not secret and printed by diff, so it is scrubbed like an error message.
 */
function cleanStatusError(outs: unknown, secrets: string[]): void {
    const o = outs as Record<string, unknown> | undefined;
    const error = o?.statusError as { message?: unknown } | undefined;
    if (typeof error?.message === "string") o!.statusError = { ...error, message: scrub(error.message, [...secrets, ...secretsIn(o)]) };
}

/** Runs a provider method: secrets scrubbed from its error (message, stack, reasons) and from statusError outputs. */
async function guard<T>(secretsFrom: (Record<string, unknown> | undefined)[], fn: () => Promise<T>): Promise<T> {
    const secrets = () => secretsFrom.flatMap(secretsIn);
    try {
        const result = await fn();
        const r = result as { outs?: unknown; props?: unknown } | undefined;
        if (r?.outs || r?.props) for (const outs of [r.outs, r.props]) cleanStatusError(outs, secrets());
        return result;
    } catch (e) {
        cleanStatusError((e as { properties?: unknown })?.properties, secrets());
        throw scrubbed(e, secrets());
    }
}

export function gpuInstanceProvider(placement?: PlacementSupport) {
    return {
        configure,
        async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
            const r = checkGpuInstance(olds ?? {}, news, placement?.validate);
            if (r.failures.length > 0 || !placement?.preflight || !isCreate(olds)) return r;
            const { placement: selector, gpuNum, name } = parsePlannedInputs(r.inputs);
            // Unknown until apply (preview): nothing to judge yet; `up` checks it at create.
            if (selector === undefined || isPending(selector) || isPending(gpuNum)) return r;
            const failures = await guard([news], () => placement.preflight!(selector, gpuNum, String(name)));
            return failures.length > 0 ? { inputs: news, failures } : r;
        },
        async diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
            const [stored, planned] = [parseStored(olds), parsePlannedInputs(news)];
            const plan = planUpdate(stored, planned, placement?.satisfies);
            // Not from init errors (a refresh clears them): from the stored outputs, see ./health.ts.
            const health = healthOf(stored, planned.state, planned.readiness);
            if (health.kind === "failedCreate") {
                // Delete first: the failed instance holds nothing worth keeping, and its name is free again.
                const why = scrub(health.why, [olds, news].flatMap(secretsIn));
                progressToStderr(`${label(olds.name, id)} ${why}; it will be replaced (deleted first, then created again)`);
                return { changes: true, replaces: [...new Set([...plan.replaces, "statusError"])], deleteBeforeReplace: true };
            }
            return { changes: hasChanges(plan) || health.kind !== "settled", replaces: plan.replaces, deleteBeforeReplace: false };
        },
        async create(inputs: Record<string, unknown>) {
            return guard([inputs], () =>
                createInstance(parseInputs(inputs), inputs.placement && placement ? placement.source : directSource),
            );
        },
        async read(id: string, props: Record<string, unknown>) {
            return guard([props], () => readInstance(id, parseStored(props)));
        },
        async update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
            return guard([olds, news], () =>
                updateInstance(id, parseStored(olds), parseInputs(news), placement?.satisfies),
            );
        },
        async delete(id: string, props: Record<string, unknown>) {
            return guard([props], () => deleteInstance(id, parseStoredForDelete(props)));
        },
    };
}
