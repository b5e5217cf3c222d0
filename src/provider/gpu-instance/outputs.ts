/**
 * GpuInstance outputs: the normal form of the inputs as applied (diff() compares against it; delete()
 * and read() have nothing else), plus what Novita reports. Never `undefined` (Struct cannot carry it):
 * absent values are omitted. `envs` and `templateDefaults` are secret (additionalSecretOutputs).
 */
import type { Instance } from "../../api/schemas/responses";
import { isPortType, type PortSpec } from "../../api/schemas/limits";
import { STOPPED_STATUSES } from "../../api/statuses";
import { byKey, byPort, type DesiredState } from "./inputs";
import { COMPUTED_KEYS } from "./keys";
import { compact } from "../model";
import type { PlacementAttempt, StoredState, TemplateDefaults } from "./model";

export type { PlacementAttempt };

export interface Extras {
    pricePerGpuHour?: number;
    placementAttempts?: PlacementAttempt[];
    templateDefaults?: TemplateDefaults;
}

/** Novita status → the `state` input it corresponds to. */
export function stateOf(status: string): DesiredState {
    return STOPPED_STATUSES.has(status) ? "stopped" : "running";
}

/** The instance's ports that inputs can express (http and tcp; a `udp` or other new type is not an input). */
export function portsOf(i: Instance): PortSpec[] {
    return i.portMappings
        .filter((p): p is typeof p & { type: PortSpec["type"] } => isPortType(p.type))
        .map((p) => ({ port: p.port, type: p.type }))
        .sort(byPort);
}

/** Outputs after create/update (`desired`: what we applied, template merged) or refresh; `i`: what Novita reports now. */
export function buildOutputs(desired: StoredState, i: Instance, extras: Extras): Record<string, unknown> {
    const gpuNum = i.gpuNum || desired.gpuNum;
    return compact({
        ...desired,
        productId: i.productId ?? desired.productId,
        clusterId: i.clusterId ?? desired.clusterId,
        billingMode: i.billingMode ?? desired.billingMode,
        rootfsSize: i.rootfsSize ?? desired.rootfsSize,
        instanceId: i.id,
        status: i.status,
        statusError: i.statusError ? compact({ state: i.statusError.state, message: i.statusError.message }) : undefined,
        clusterName: i.clusterName,
        productName: i.productName,
        cpuNum: i.cpuNum,
        memory: i.memory,
        pricePerGpuHour: extras.pricePerGpuHour,
        // gpuNum is unknown only for a `.get` of an instance that reports none, which has no stored price either.
        pricePerHour: extras.pricePerGpuHour === undefined || gpuNum === undefined ? undefined : Math.round(extras.pricePerGpuHour * gpuNum * 100_000) / 100_000,
        portMappings: i.portMappings.map((p) => compact({ port: p.port, type: p.type, endpoint: p.endpoint })),
        createdAt: i.createdAt?.toISOString(),
        placementAttempts: extras.placementAttempts,
        templateDefaults: extras.templateDefaults,
    });
}

/**
 * Outputs after a refresh: the same shape, with every field Novita reports taken from the live instance
 * (so out-of-band changes show up as drift) and the rest kept from the previous outputs.
 */
export function refreshedOutputs(old: StoredState, i: Instance): Record<string, unknown> {
    const live: StoredState = compact({
        ...old,
        name: i.name || old.name,
        gpuNum: i.gpuNum ?? old.gpuNum,
        imageUrl: i.imageUrl || undefined,
        imageAuthId: i.imageAuthId,
        command: i.command,
        entrypoint: i.entrypoint,
        envs: [...i.envs].sort(byKey),
        ports: portsOf(i),
        networkStorages: i.volumeMounts
            .filter((v) => v.type === "network" && v.id)
            .map((v) => ({ id: v.id!, mountPoint: v.mountPath ?? "/network" }))
            .sort((a, b) => a.id.localeCompare(b.id)),
        state: stateOf(i.status),
    });
    return buildOutputs(live, i, {
        pricePerGpuHour: old.pricePerGpuHour,
        placementAttempts: old.placementAttempts,
        templateDefaults: old.templateDefaults,
    });
}


/** Inputs that reproduce the refreshed outputs; template-derived values are left to the template. */
export function inputsFromOutputs(outs: Record<string, unknown>, placementMode: boolean): Record<string, unknown> {
    const inputs: Record<string, unknown> = { ...outs };
    for (const k of COMPUTED_KEYS) delete inputs[k];
    if (placementMode) for (const k of ["productId", "clusterId", "billingMode"]) delete inputs[k];
    const td = outs.templateDefaults as TemplateDefaults | undefined;
    if (td) {
        for (const k of ["imageUrl", "imageAuthId", "command", "entrypoint", "rootfsSize"] as const) {
            if (td[k] !== undefined && JSON.stringify(td[k]) === JSON.stringify(inputs[k])) delete inputs[k];
        }
    }
    return inputs;
}
