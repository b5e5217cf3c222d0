/**
 * Templates: a template's image, ports, envs, command, entrypoint and rootfs size are defaults under
 * the explicit inputs. check() cannot read the template (no API calls), so create() fetches it once and
 * the values are kept in the `templateDefaults` output; diff() and update() merge from there.
 */
import { isPortType, type EnvVar, type PortSpec, type PortType } from "../../api/schemas/limits";
import type { Template } from "../../api/schemas/responses";
import { byKey, byPort, type GpuInstanceInputs } from "./inputs";

export interface TemplateDefaults {
    imageUrl?: string;
    imageAuthId?: string;
    ports: PortSpec[];
    envs: EnvVar[];
    command?: string;
    entrypoint?: string;
    rootfsSize?: number;
}

export function templateDefaultsOf(t: Template): TemplateDefaults {
    const d: TemplateDefaults = {
        imageUrl: t.image || undefined,
        imageAuthId: t.imageAuthId,
        // Only the port types a create can send: a template's `udp` (or newer) ports are not defaults of an instance.
        ports: t.ports.flatMap((g) => (isPortType(g.type) ? g.ports.map((port): PortSpec => ({ port, type: g.type as PortType })) : [])).sort(byPort),
        envs: [...t.envs].sort(byKey),
        command: t.startCommand,
        entrypoint: t.entrypoint,
        rootfsSize: t.rootfsSize,
    };
    for (const [k, v] of Object.entries(d)) if (v === undefined) delete (d as unknown as Record<string, unknown>)[k];
    return d;
}

/** The values the instance should run with: explicit inputs over template defaults. */
export type EffectiveInputs = GpuInstanceInputs & { imageUrl: string; rootfsSize: number };

export function applyTemplate(inputs: GpuInstanceInputs, defaults: TemplateDefaults | undefined): GpuInstanceInputs {
    if (!defaults) return inputs;
    const explicitPorts = new Set(inputs.ports.map((p) => p.port));
    const explicitEnvs = new Set(inputs.envs.map((e) => e.key));
    const out: GpuInstanceInputs = {
        ...inputs,
        ports: [...defaults.ports.filter((p) => !explicitPorts.has(p.port)), ...inputs.ports].sort(byPort),
        envs: [...defaults.envs.filter((e) => !explicitEnvs.has(e.key)), ...inputs.envs].sort(byKey),
    };
    for (const k of ["imageUrl", "imageAuthId", "command", "entrypoint", "rootfsSize"] as const) {
        if (out[k] === undefined && defaults[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = defaults[k];
    }
    return out;
}
