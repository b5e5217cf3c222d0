/**
 * Templates: a template's image, ports, envs, command, entrypoint and rootfs size are defaults under
 * the explicit inputs. check() cannot read the template (no API calls), so create() fetches it once and
 * the values are kept in the `templateDefaults` output; diff() and update() merge from there.
 */
import { isPortType, type PortSpec, type PortType } from "../../api/schemas/limits";
import type { Template } from "../../api/schemas/responses";
import { byKey, byPort } from "./inputs";
import { compact } from "../model";
import { isPending, type Planned } from "../unknowns";
import type { GpuInstanceInputs, TemplateDefaults } from "./model";

export type { TemplateDefaults };

export function templateDefaultsOf(t: Template): TemplateDefaults {
    return compact<TemplateDefaults>({
        imageUrl: t.image || undefined,
        imageAuthId: t.imageAuthId,
        // Only the port types a create can send: a template's `udp` (or newer) ports are not defaults of an instance.
        ports: t.ports.flatMap((g) => (isPortType(g.type) ? g.ports.map((port): PortSpec => ({ port, type: g.type as PortType })) : [])).sort(byPort),
        envs: [...t.envs].sort(byKey),
        command: t.startCommand,
        entrypoint: t.entrypoint,
        rootfsSize: t.rootfsSize,
    });
}

/** The values the instance should run with: explicit inputs over template defaults. */
export type EffectiveInputs = GpuInstanceInputs & { imageUrl: string; rootfsSize: number };

export function applyTemplate(inputs: GpuInstanceInputs, defaults: TemplateDefaults | undefined): GpuInstanceInputs;
/** In a preview (diff), a pending `ports` or `envs` stays pending: it is only compared, as "may change". */
export function applyTemplate(inputs: Planned<GpuInstanceInputs>, defaults: TemplateDefaults | undefined): Planned<GpuInstanceInputs>;
export function applyTemplate(inputs: Planned<GpuInstanceInputs>, defaults: TemplateDefaults | undefined): Planned<GpuInstanceInputs> {
    if (!defaults) return inputs;
    const out = { ...inputs };
    const { ports, envs } = inputs;
    if (!isPending(ports)) {
        const explicit = new Set(ports.map((p) => p.port));
        out.ports = [...defaults.ports.filter((p) => !explicit.has(p.port)), ...ports].sort(byPort);
    }
    if (!isPending(envs)) {
        const explicit = new Set(envs.map((e) => e.key));
        out.envs = [...defaults.envs.filter((e) => !explicit.has(e.key)), ...envs].sort(byKey);
    }
    out.imageUrl ??= defaults.imageUrl;
    out.imageAuthId ??= defaults.imageAuthId;
    out.command ??= defaults.command;
    out.entrypoint ??= defaults.entrypoint;
    out.rootfsSize ??= defaults.rootfsSize;
    return compact(out);
}
