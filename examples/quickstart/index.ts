/**
 * Quickstart: one GPU instance with JupyterLab. `placement` lets the provider pick the product, region and
 * billing at create time (cheapest RTX 4090 in the first default region that has one), and try the next
 * candidate if Novita refuses for capacity.
 */
import * as novita from "pulumi-novita";

export = async () => {
    const notebook = new novita.GpuInstance("notebook", {
        placement: { productName: "RTX 4090" },
        imageUrl: "pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime",
        command: "jupyter lab --allow-root --ip=0.0.0.0 --port=8888",
        ports: ["8888/http"],
    });

    return {
        jupyterUrl: notebook.portMappings.apply((ports) => ports.find((p) => p.port === 8888)?.endpoint ?? ""),
        region: notebook.clusterName,
        product: notebook.productName,
        pricePerHour: notebook.pricePerHour,
    };
};
