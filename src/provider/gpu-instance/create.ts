/**
 * Create: resolve the template, try each placement candidate in rank order, wait for the instance to
 * run, and never leave a paid GPU behind:
 *   - capacity refusal at create (INSUFFICIENT_RESOURCE) → next candidate; nothing exists yet;
 *   - the instance fails to start (statusError) → it is deleted (and waited on), then the next
 *     candidate if the failure was about capacity, else a clear error;
 *   - timeout, or an error while waiting → PartialCreateError carrying the id and outputs (marked
 *     `pendingCreate`, see ./health.ts): the engine records the instance, the next `up` resumes waiting
 *     (update), `destroy` deletes it;
 *   - if deleting a failed instance itself fails → PartialCreateError, same reasoning (the next `up` replaces it).
 * The id is printed as soon as Novita answers the create: if the CLI is killed before the create returns (a
 * second Ctrl-C), that line is how the user finds the instance the stack does not know.
 */
import type { NovitaClient } from "../../api/client";
import { NovitaApiError, isCapacityError } from "../../api/errors";
import type { CreateInstanceParams } from "../../api/schemas/requests";
import type { Instance } from "../../api/schemas/responses";
import { getClient, timeScale } from "../config";
import { PartialCreateError } from "../errors";
import { untilRecorded } from "../interrupt";
import { progressToStderr, WaitFailedError, waitForInstance } from "../wait";
import { readinessProblems, type GpuInstanceInputs } from "./inputs";
import { readinessBudget, waitUntilReady } from "./readiness";
import { GONE_STATUSES } from "./health";
import { PENDING_CREATE } from "./keys";
import { deleteAndWait, label, reach, timeoutMs } from "./lifecycle";
import { buildOutputs, type PlacementAttempt } from "./outputs";
import { applyTemplate, templateDefaultsOf, type TemplateDefaults } from "./template";
import { volumePin } from "./volumes";
import type { ClusterPin } from "../../selection/narrow";

export interface Candidate {
    productId: string;
    clusterId?: string;
    billingMode: "onDemand" | "spot";
    pricePerGpuHour?: number;
    /** Why this candidate is not tried (e.g. recently sold out); recorded as a skipped attempt. */
    skip?: string;
}

/**
 * Supplies candidates in rank order and learns which ones were sold out (placement), or just one. `pin` is the
 * cluster the instance's network volumes are in (./volumes.ts): every candidate must be there.
 */
export interface CandidateSource {
    candidates(client: NovitaClient, inputs: GpuInstanceInputs, pin?: ClusterPin): Promise<Candidate[]>;
    soldOut?(c: Candidate): void;
}

/** How a statusError reads when the host lacked capacity (the API gives no reason code there). */
const CAPACITY_TEXT = /insufficient|not enough|no (available )?(resource|capacity|gpu)|sold out|out of stock|capacity/i;

export function createParams(eff: GpuInstanceInputs, c: Candidate): CreateInstanceParams {
    return {
        name: eff.name, productId: c.productId, gpuNum: eff.gpuNum, rootfsSize: eff.rootfsSize!, imageUrl: eff.imageUrl!,
        imageAuthId: eff.imageAuthId, ports: eff.ports.length ? eff.ports : undefined, envs: eff.envs.length ? eff.envs : undefined,
        command: eff.command, entrypoint: eff.entrypoint, clusterId: c.clusterId,
        networkStorages: eff.networkStorages.length ? eff.networkStorages.map((n) => ({ Id: n.id, mountPoint: n.mountPoint })) : undefined,
        networkId: eff.networkId, kind: "gpu", billingMode: c.billingMode, minCudaVersion: eff.minCudaVersion,
    };
}

async function resolveTemplate(client: NovitaClient, inputs: GpuInstanceInputs): Promise<TemplateDefaults | undefined> {
    if (!inputs.templateId) return undefined;
    return templateDefaultsOf(await client.getTemplate(inputs.templateId));
}

export async function createInstance(inputs: GpuInstanceInputs, source: CandidateSource) {
    const client = getClient();
    const scale = timeScale();
    const started = Date.now();
    const budget = timeoutMs(inputs.timeouts, "create");
    const left = () => budget - (Date.now() - started) / scale;

    const templateDefaults = await resolveTemplate(client, inputs);
    const eff = applyTemplate(inputs, templateDefaults);
    if (!eff.imageUrl) throw new Error(`imageUrl: template ${inputs.templateId} has no image; set imageUrl`);
    if (eff.rootfsSize === undefined) eff.rootfsSize = 60;
    // A template's ports are known only now: the readiness port is checked against them before anything is created.
    const [problem] = readinessProblems(eff, true);
    if (problem) throw new Error(`${problem[0]}: ${problem[1]}`);

    const attempts: PlacementAttempt[] = [];
    const candidates = await source.candidates(client, inputs, await volumePin(client, inputs));
    for (const [n, c] of candidates.entries()) {
        const more = n < candidates.length - 1;
        const attempt: PlacementAttempt = { productId: c.productId, clusterId: c.clusterId ?? null, billingMode: c.billingMode, outcome: "created", message: null, instanceId: null };
        attempts.push(attempt);
        if (c.skip) {
            Object.assign(attempt, { outcome: "skipped", message: c.skip });
            continue;
        }
        let id: string;
        try {
            id = (await client.createInstance(createParams(eff, c))).id;
        } catch (e) {
            if (isCapacityError(e) || (e instanceof NovitaApiError && e.reason === "CUDA_VERSION_INCOMPATIBLE")) {
                Object.assign(attempt, { outcome: "soldOut", message: e.apiMessage });
                source.soldOut?.(c);
                continue;
            }
            throw e;
        }
        attempt.instanceId = id;
        const name = label(inputs.name, id);
        progressToStderr(`${name}: created, waiting for running (timeouts.create "${inputs.timeouts.create}")`);
        // Until this create returns, the engine does not know the instance: see ../interrupt.ts.
        const recorded = untilRecorded(client, id, name);
        try {
            let instance: Instance | undefined;
            try {
                instance = await waitForInstance(client, id, reach("running"), {
                    timeoutMs: left(), timeScale: scale, label: name, goal: "running", timeoutLabel: `timeouts.create "${inputs.timeouts.create}"`, progress: progressToStderr,
                });
                if (inputs.state === "stopped") {
                    await client.stopInstance(id);
                    instance = await waitForInstance(client, id, reach("exited"), {
                        timeoutMs: left(), timeScale: scale, label: name, goal: "exited", timeoutLabel: `timeouts.create "${inputs.timeouts.create}"`, progress: progressToStderr,
                    });
                }
            } catch (e) {
                if (e instanceof WaitFailedError && GONE_STATUSES.has(e.last.status)) {
                    throw new Error(`${name} ${e.message} while it was being created (deleted outside Pulumi?); nothing was recorded`);
                }
                if (e instanceof WaitFailedError) {
                    const capacity = CAPACITY_TEXT.test(e.message);
                    Object.assign(attempt, { outcome: "failedToStart", message: e.message });
                    try {
                        await deleteAndWait(client, id, inputs.name, timeoutMs(inputs.timeouts, "delete"));
                    } catch (cleanupError) {
                        throw partial(`${name} ${e.message}, and deleting it failed: ${(cleanupError as Error).message}`, id, eff, e.last, attempts, templateDefaults, c, REPLACE_HINT);
                    }
                    if (capacity && more) {
                        source.soldOut?.(c);
                        continue;
                    }
                    throw new Error(`${name} ${e.message}; the instance was deleted so that it does not keep costing money`);
                }
                const last = (e as { last?: Instance }).last;
                throw partial(`${name}: ${(e as Error).message}`, id, eff, last, attempts, templateDefaults, c);
            }
            const outs = buildOutputs(placed(eff, c), instance!, { pricePerGpuHour: c.pricePerGpuHour, placementAttempts: attempts, templateDefaults });
            if (!inputs.readiness) return { id, outs };
            if (inputs.state === "stopped") return { id, outs: { ...outs, ready: false } };
            try {
                const readyAt = await waitUntilReady(client, instance!, inputs.readiness, {
                    ...readinessBudget(inputs.readiness, left(), `timeouts.create "${inputs.timeouts.create}"`), timeScale: scale, label: name, progress: progressToStderr,
                });
                return { id, outs: { ...outs, ready: true, readyAt } };
            } catch (e) {
                // Running, and maybe just slow: recorded as not ready; the next `up` resumes the wait (./health.ts).
                const text = `${name}: ${(e as Error).message}. ${RESUME_HINT}`;
                throw new PartialCreateError(text, id, { ...outs, ready: false }, [text]);
            }
        } finally {
            recorded();
        }
    }
    throw new Error(noCandidateMessage(inputs, attempts));
}

/** What to do about an instance recorded mid-create: in the init error's reasons, which are all the CLI shows. */
export const RESUME_HINT = "The instance exists and is recorded in the stack: run `pulumi up` again to keep waiting, or `pulumi destroy` to delete it.";
export const REPLACE_HINT = "The instance exists and is recorded in the stack: run `pulumi up` again to delete it and create a new one, or `pulumi destroy` to delete it.";

/**
 * What was asked for, with the candidate's placement: the outputs keep the product, cluster and billing mode the
 * create was sent with where the instance reports none (the API may answer `billingMode: ""` or `clusterId: null`).
 */
const placed = (eff: GpuInstanceInputs, c: Candidate): GpuInstanceInputs => ({ ...eff, productId: c.productId, clusterId: c.clusterId ?? eff.clusterId, billingMode: c.billingMode });

function partial(
    message: string, id: string, eff: GpuInstanceInputs, last: Instance | undefined, attempts: PlacementAttempt[], td: TemplateDefaults | undefined, c: Candidate,
    hint = RESUME_HINT,
) {
    const props = last
        ? buildOutputs(placed(eff, c), last, { pricePerGpuHour: c.pricePerGpuHour, placementAttempts: attempts, templateDefaults: td })
        : { ...eff, instanceId: id, placementAttempts: attempts };
    const text = `${message}. ${hint}`;
    return new PartialCreateError(text, id, { ...props, [PENDING_CREATE]: true }, [text]);
}

function noCandidateMessage(inputs: GpuInstanceInputs, attempts: PlacementAttempt[]): string {
    if (attempts.length === 0) return `${inputs.name}: no placement candidate to try`;
    const lines = attempts.map((a) => `  - ${a.productId} in ${a.clusterId ?? "any cluster"} (${a.billingMode}): ${a.outcome}${a.message ? `: ${a.message}` : ""}`);
    return `${inputs.name}: no capacity for any placement candidate; nothing was left running:\n${lines.join("\n")}`;
}
