/**
 * `GpuInstance`: one Novita GPU instance. See the README's update-behaviour table for what each input
 * change does to a running instance.
 */
import * as pulumi from "@pulumi/pulumi";
import { OUTPUT_KEYS, SECRET_OUTPUTS } from "../provider/gpu-instance/keys";
import type { SelectorInput } from "../selection/types";
import { dynamicType, providerText } from "./shims";

export type PortArg = { port: number; type: "http" | "tcp" } | `${number}/${"http" | "tcp"}`;
export interface EnvArg { key: pulumi.Input<string>; value: pulumi.Input<string> }
/** Where to run when you let the provider choose: the same selector as {@link getOptimalProduct}, minus `gpuNum`. */
export type PlacementArgs = Omit<SelectorInput, "gpuNum">;
export interface TimeoutsArgs {
    /** Default "15m": create, including the wait until the instance runs. */
    create?: string;
    /** Default "15m". */
    update?: string;
    /** Default "10m". */
    delete?: string;
}

/**
 * When the app in the instance is ready: `up` waits for it after create, after an upgrade (image, envs, command…)
 * and after a start. Checked through the port's public endpoint (`portMappings[].endpoint`).
 */
export type ReadinessArgs = (
    | {
          http: {
              /** One of the instance's `ports`. */
              port: number;
              /** Default "/". */
              path?: string;
              /** A status or an inclusive range; default [200, 399]. */
              expectStatus?: number | [number, number];
              /** Text the body must contain. */
              expectBody?: string;
          };
          tcp?: never;
      }
    | { tcp: { /** One of the instance's tcp `ports`. */ port: number }; http?: never }
) & {
    /** Default "10m"; counted inside timeouts.create / timeouts.update. */
    timeout?: string;
};

export interface GpuInstanceArgs {
    /** Instance name (letters, digits, hyphens). Default: `<resource name>-<random suffix>`. Changing it replaces. */
    name?: pulumi.Input<string>;
    /** Product id from `GET /products` (e.g. from getOptimalProductOutput). Give this or `placement`. */
    productId?: pulumi.Input<string>;
    /** Cluster to create in; omitted → Novita picks one. Only with `productId`. */
    clusterId?: pulumi.Input<string>;
    /** Let the provider pick product, region and billing at create time, failing over on capacity. */
    placement?: pulumi.Input<PlacementArgs>;
    /** GPUs, 1–8 (default 1). */
    gpuNum?: pulumi.Input<number>;
    /** Root disk in GB, 10–6144 (default 60, or the template's). Growing is in place; shrinking replaces. */
    rootfsSize?: pulumi.Input<number>;
    /** Container image. Required unless `templateId` provides one. */
    imageUrl?: pulumi.Input<string>;
    /** Registry auth for a private image (a `RegistryAuth` id). */
    imageAuthId?: pulumi.Input<string>;
    /** A Novita template whose image, ports, envs, command and disk size are defaults under these inputs. */
    templateId?: pulumi.Input<string>;
    /** Exposed ports, `{port, type}` or `"8888/http"`; 1–65535 except 2222–2224, at most 15. */
    ports?: pulumi.Input<pulumi.Input<PortArg>[]>;
    /** Environment variables as a map or a list of `{key, value}`; values are stored as secrets. */
    envs?: pulumi.Input<Record<string, pulumi.Input<string>>> | pulumi.Input<pulumi.Input<EnvArg>[]>;
    /** Container start command. */
    command?: pulumi.Input<string>;
    /** Overrides the image's ENTRYPOINT. */
    entrypoint?: pulumi.Input<string>;
    /** Network volumes to mount (`mountPoint` default "/network"). */
    networkStorages?: pulumi.Input<pulumi.Input<{ id: pulumi.Input<string>; mountPoint?: pulumi.Input<string> }>[]>;
    /** VPC network id. */
    networkId?: pulumi.Input<string>;
    /** "onDemand" (default) or "spot". Only with `productId`; placement has its own. */
    billingMode?: pulumi.Input<"onDemand" | "spot">;
    /** Only "gpu". */
    kind?: pulumi.Input<"gpu">;
    /** Minimum host CUDA version, e.g. "12.4". */
    minCudaVersion?: pulumi.Input<string>;
    /** Desired power state: "running" (default) or "stopped". */
    state?: pulumi.Input<"running" | "stopped">;
    /** Waits of create/update/delete (Pulumi's customTimeouts do not reach dynamic providers). */
    timeouts?: pulumi.Input<TimeoutsArgs>;
    /** Wait until the app answers, not only until the container runs (see {@link ReadinessArgs}). */
    readiness?: pulumi.Input<ReadinessArgs>;
}

/** Outputs that carry secrets whatever the inputs were (env values, template env values). */
export const GPU_INSTANCE_SECRET_OUTPUTS: string[] = [...SECRET_OUTPUTS];

export class GpuInstance extends pulumi.CustomResource {
    declare readonly name: pulumi.Output<string>;
    /** Same as `id`. */
    declare readonly instanceId: pulumi.Output<string>;
    /** Novita status at the last create/update/refresh (e.g. "running", "exited"). */
    declare readonly status: pulumi.Output<string>;
    declare readonly statusError: pulumi.Output<{ state?: string; message?: string } | undefined>;
    declare readonly productId: pulumi.Output<string>;
    declare readonly productName: pulumi.Output<string>;
    declare readonly clusterId: pulumi.Output<string>;
    /** Region name, e.g. "AS-SGP-02". */
    declare readonly clusterName: pulumi.Output<string>;
    declare readonly placement: pulumi.Output<PlacementArgs | undefined>;
    declare readonly gpuNum: pulumi.Output<number>;
    declare readonly billingMode: pulumi.Output<"onDemand" | "spot">;
    declare readonly kind: pulumi.Output<"gpu">;
    /** USD per hour for the instance (per-GPU price × gpuNum) when it was created. */
    declare readonly pricePerHour: pulumi.Output<number | undefined>;
    declare readonly pricePerGpuHour: pulumi.Output<number | undefined>;
    /** Exposed ports with their public endpoints. */
    declare readonly portMappings: pulumi.Output<{ port: number; type: string; endpoint?: string }[]>;
    declare readonly ports: pulumi.Output<{ port: number; type: "http" | "tcp" }[]>;
    /** ISO 8601. */
    declare readonly createdAt: pulumi.Output<string | undefined>;
    declare readonly imageUrl: pulumi.Output<string>;
    declare readonly imageAuthId: pulumi.Output<string | undefined>;
    declare readonly templateId: pulumi.Output<string | undefined>;
    /** Secret. */
    declare readonly envs: pulumi.Output<{ key: string; value: string }[]>;
    declare readonly command: pulumi.Output<string | undefined>;
    declare readonly entrypoint: pulumi.Output<string | undefined>;
    declare readonly rootfsSize: pulumi.Output<number>;
    declare readonly networkStorages: pulumi.Output<{ id: string; mountPoint: string }[]>;
    declare readonly networkId: pulumi.Output<string | undefined>;
    declare readonly minCudaVersion: pulumi.Output<string | undefined>;
    declare readonly state: pulumi.Output<"running" | "stopped">;
    declare readonly timeouts: pulumi.Output<Required<TimeoutsArgs>>;
    /** Every candidate tried at create time, in order, with its outcome. */
    declare readonly placementAttempts: pulumi.Output<
        { productId: string; clusterId: string | null; billingMode: string; outcome: string; message: string | null; instanceId: string | null }[]
    >;
    /** The readiness check, in normal form (defaults filled in, `expectStatus` as [min, max]). */
    declare readonly readiness: pulumi.Output<
        | { http?: { port: number; path: string; expectStatus: [number, number]; expectBody?: string }; tcp?: { port: number }; timeout: string }
        | undefined
    >;
    /** With `readiness`: whether the last check passed (after create/update, or at refresh). */
    declare readonly ready: pulumi.Output<boolean | undefined>;
    /** With `readiness`: when the app was seen ready (ISO 8601). */
    declare readonly readyAt: pulumi.Output<string | undefined>;
    declare readonly cpuNum: pulumi.Output<number | undefined>;
    /** GB. */
    declare readonly memory: pulumi.Output<number | undefined>;

    constructor(name: string, args: GpuInstanceArgs, opts?: pulumi.CustomResourceOptions) {
        const seeds = Object.fromEntries(OUTPUT_KEYS.map((k) => [k, undefined]));
        const props = { ...seeds, ...args, autoNamePrefix: args?.name === undefined ? name : undefined, __provider: providerText("gpuInstance") };
        super(dynamicType("GpuInstance"), name, props, withSecretOutputs(opts, GPU_INSTANCE_SECRET_OUTPUTS));
    }

    /**
     * Reads an existing instance by id into the stack as a read-only resource: its outputs are available to
     * the program, and Pulumi never changes or deletes it. (`pulumi import` does not work for dynamic
     * providers, pulumi/pulumi#16175.)
     */
    static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): GpuInstance {
        return new GpuInstance(name, {}, { ...opts, id });
    }
}

export function withSecretOutputs(opts: pulumi.CustomResourceOptions | undefined, keys: string[]): pulumi.CustomResourceOptions {
    return { ...opts, additionalSecretOutputs: [...new Set([...(opts?.additionalSecretOutputs ?? []), ...keys])] };
}
