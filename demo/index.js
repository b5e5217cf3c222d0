// @ts-check
/**
 * The demo stack (Pulumi.yaml at the repository root). Plain CommonJS so that `pulumi up` runs it without a
 * TypeScript toolchain, and `npm run demo` hands the very same function to the offline engine.
 *
 *   - RegistryAuth: credentials for a private registry (the password comes from stack config, as a secret);
 *   - getOptimalProductOutput: a quote — the cheapest eligible offer for the selector right now;
 *   - GpuInstance: an inference server whose `placement` (the same selector) lets the provider choose the
 *     product, region and billing at create time, failing over when a candidate has no capacity; `up` ends
 *     when its /health answers (`readiness`), not just when the container runs.
 *
 * Stack config: novita:apiKey (secret), novita:baseUrl (the simulator or Novita), novita:timeScale (simulators
 * only), registryPassword (secret), registryUsername (default "demo-bot").
 */
"use strict";
const pulumi = require("@pulumi/pulumi");
const novita = require("pulumi-novita");

/**
 * One RTX 4090, spot if any of the three regions has spot capacity, else on-demand; never more than
 * $0.50/hour for the instance.
 * @type {import("pulumi-novita").PlacementArgs}
 */
const SELECTOR = {
    productName: "RTX 4090",
    regions: ["AS-SGP-02", "CN-HK-01", "US-CA-06"],
    billingMode: "spotThenOnDemand",
    maxPricePerHour: 0.5,
};

module.exports = async () => {
    const config = new pulumi.Config();

    const registry = new novita.RegistryAuth("registry", {
        username: config.get("registryUsername") ?? "demo-bot",
        password: config.requireSecret("registryPassword"),
    });

    const quote = novita.getOptimalProductOutput({ ...SELECTOR, gpuNum: 1 });

    const server = new novita.GpuInstance("inference", {
        placement: SELECTOR,
        gpuNum: 1,
        imageUrl: "ghcr.io/example/llm-server:1.4",
        imageAuthId: registry.id,
        ports: ["8000/http", "22/tcp"],
        envs: { MODEL: "meta-llama/Llama-3.1-8B-Instruct", MAX_BATCH: "16" },
        rootfsSize: 80,
        timeouts: { create: "20m" },
        readiness: { http: { port: 8000, path: "/health" } },
    });

    return {
        instanceId: server.id,
        endpoints: server.portMappings.apply((ports) => ports.map((p) => `${p.port}/${p.type} → ${p.endpoint ?? "(pending)"}`)),
        region: server.clusterName,
        product: pulumi.interpolate`${server.productName} (${server.productId})`,
        billingMode: server.billingMode,
        pricePerHour: server.pricePerHour,
        quote: quote.apply((q) => ({ product: q.productId, region: q.region, billingMode: q.billingMode, pricePerHour: q.pricePerHour })),
        registryAuth: registry.name,
        envs: server.envs,
    };
};
