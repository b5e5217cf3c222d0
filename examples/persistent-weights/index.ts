/**
 * Persistent model weights: a `NetworkStorage` volume in US-CA-06 and an inference server mounting it at /models.
 * The volume outlives the instance — replace or delete the instance and the weights stay, ready for the next one.
 * Novita mounts a volume only on instances of its own cluster, so the server's `placement` searches US-CA-06 only,
 * although AS-SGP-02 comes first in its regions.
 *
 * Config: volumeSizeGb (default 100; growing is in place, shrinking is refused at preview).
 */
import * as pulumi from "@pulumi/pulumi";
import * as novita from "pulumi-novita";

export = async () => {
    const config = new pulumi.Config();

    const weights = new novita.NetworkStorage("weights", {
        region: "US-CA-06",
        size: config.getNumber("volumeSizeGb") ?? 100,
    });

    const server = new novita.GpuInstance("inference", {
        placement: { productName: "RTX 4090", regions: ["AS-SGP-02", "US-CA-06"] },
        imageUrl: "vllm/vllm-openai:v0.6.3",
        command: "vllm serve /models/Qwen2.5-7B-Instruct --port 8000",
        ports: ["8000/http"],
        networkStorages: [{ id: weights.id, mountPoint: "/models" }],
    });

    return {
        volume: weights.name,
        volumeRegion: weights.clusterName,
        volumeSizeGb: weights.size,
        serverRegion: server.clusterName,
        endpoint: server.portMappings.apply((ports) => ports.find((p) => p.port === 8000)?.endpoint ?? ""),
    };
};
