/**
 * Spot with fallback: `placement` over three regions with `billingMode: "spotThenOnDemand"` — every spot offer in
 * any of the regions ranks before every on-demand one — and `maxPricePerHour` on the whole instance (per-GPU
 * price × gpuNum). At create time the provider tries the candidates in rank order and moves on when Novita says
 * INSUFFICIENT_RESOURCE; `placementAttempts` records what was tried.
 *
 * Config: maxPricePerHour (USD per hour for the instance, default 1.00).
 */
import * as pulumi from "@pulumi/pulumi";
import * as novita from "pulumi-novita";

export = async () => {
    const config = new pulumi.Config();

    const trainer = new novita.GpuInstance("trainer", {
        placement: {
            productName: "RTX 4090",
            regions: ["AS-SGP-02", "CN-HK-01", "AS-IN-01"],
            billingMode: "spotThenOnDemand",
            maxPricePerHour: config.getNumber("maxPricePerHour") ?? 1.0,
        },
        gpuNum: 2,
        imageUrl: "nvcr.io/nvidia/pytorch:24.05-py3",
        command: "torchrun --nproc-per-node 2 train.py",
        rootfsSize: 200,
        // Spot capacity can take a while to come up; the default create wait is 15m.
        timeouts: { create: "30m" },
    });

    return {
        region: trainer.clusterName,
        product: trainer.productId,
        billingMode: trainer.billingMode,
        pricePerHour: trainer.pricePerHour,
        attempts: trainer.placementAttempts.apply((attempts) =>
            attempts.map((a) => `${a.productId} in ${a.clusterId ?? "any cluster"} (${a.billingMode}): ${a.outcome}`),
        ),
    };
};
