/**
 * Private registry: a `RegistryAuth` holds the pull credentials; the instance references it by id.
 *
 * Selection in "data source" style: getOptimalProductOutput picks the product and cluster in the program and
 * feeds `productId`/`clusterId`/`billingMode`. The pick is re-evaluated on every run, and these inputs replace
 * the instance when they change, so `ignoreChanges` keeps the first pick: a cheaper offer tomorrow does not
 * recreate a running server (remove the option for one `pulumi up` to move it to the current pick).
 *
 * Config: registryUsername, registryPassword (secret), image (optional).
 */
import * as pulumi from "@pulumi/pulumi";
import * as novita from "pulumi-novita";

export = async () => {
    const config = new pulumi.Config();
    const image = config.get("image") ?? "ghcr.io/acme/private-inference:2.3.1";

    // Rotating the password replaces the auth (create-before-delete): the instance switches to the new one in
    // place, then the old auth is deleted, in one `pulumi up`.
    const ghcr = new novita.RegistryAuth("ghcr", {
        username: config.require("registryUsername"),
        password: config.requireSecret("registryPassword"),
    });

    const offer = novita.getOptimalProductOutput({
        productName: "RTX 4090",
        regions: ["AS-SGP-02", "CN-HK-01", "AS-IN-01"],
        strategy: "cheapest",
        minMemoryPerGpu: 64,
    });

    const server = new novita.GpuInstance(
        "inference",
        {
            productId: offer.productId,
            clusterId: offer.clusterId,
            billingMode: offer.billingMode,
            imageUrl: image,
            imageAuthId: ghcr.id,
            ports: ["8000/http"],
            envs: { MODEL_DIR: "/models", LOG_LEVEL: "info" },
        },
        { ignoreChanges: ["productId", "clusterId", "billingMode"] },
    );

    return {
        endpoint: server.portMappings.apply((ports) => ports.find((p) => p.port === 8000)?.endpoint ?? ""),
        image: server.imageUrl,
        registryAuth: ghcr.name,
        region: server.clusterName,
        product: server.productId,
        pricePerHour: server.pricePerHour,
        cheapestNow: offer.apply((o) => `${o.productId} in ${o.region} at $${o.pricePerHour}/h`),
    };
};
