/**
 * Programs the scenarios deploy. Env keys are kept shorter than the engine's masking threshold (4 chars),
 * so that the engine never masks them: any `[secret]` in a diagnostic is then a leaked secret VALUE.
 */
import * as pulumi from "@pulumi/pulumi";
import * as novita from "../../../src";
import type { Program } from "../../../src/testing";

/** An env value that must stay secret (distinct per scenario that wants one). */
export const envSecret = (tag: string) => `env-secret-${tag}-9c41`;

export type GpuArgs = Partial<novita.GpuInstanceArgs>;

export const BASE: novita.GpuInstanceArgs = { productId: "4090.16c62g", clusterId: "us-ca-6", imageUrl: "nginx:1.27", ports: ["8888/http"] };

/** `count` instances `gpu-0 … gpu-<count-1>` (or one named `gpu`), each with a secret env value. */
export function gpus(count: number, secret: string, args: GpuArgs = {}): Program {
    return () => {
        const out: Record<string, pulumi.Output<string>> = {};
        for (let i = 0; i < count; i++) {
            const name = count === 1 ? "gpu" : `gpu-${i}`;
            const g = new novita.GpuInstance(name, { ...BASE, envs: { DB: secret }, ...args });
            out[name] = g.status;
        }
        return out;
    };
}

export const PLACEMENT: novita.PlacementArgs = { productName: "RTX 4090", regions: ["AS-SGP-02", "CN-HK-01", "AS-IN-01"] };

/** One instance placed by the provider (no productId/clusterId). */
export function placed(secret: string, placement: novita.PlacementArgs = PLACEMENT, args: GpuArgs = {}): Program {
    return () => {
        const g = new novita.GpuInstance("gpu", { placement, imageUrl: "nginx:1.27", envs: { DB: secret }, ...args });
        return { status: g.status, attempts: g.placementAttempts };
    };
}

/** A private image: a RegistryAuth and an instance using it. */
export function privateImage(password: string, secret: string): Program {
    return () => {
        const auth = new novita.RegistryAuth("ghcr", { username: "bot", password: pulumi.secret(password) });
        const g = new novita.GpuInstance("gpu", { ...BASE, imageUrl: "ghcr.io/acme/trainer:1", imageAuthId: auth.id, envs: { DB: secret } });
        return { auth: auth.id, status: g.status };
    };
}
