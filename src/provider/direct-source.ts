/**
 * The candidate source of a GpuInstance created with an explicit `productId`: that product, in its `clusterId` (the
 * volumes' cluster when unset), in its billing mode. Its price, informative only, comes from a recent product
 * listing that the offer service (src/offers) shares between the creates of one provider process.
 */
import { offerService } from "../offers";
import type { CandidateSource } from "./gpu-instance/create";
import { pinnedClusterId } from "./gpu-instance/volumes";

export const directSource: CandidateSource = {
    async candidates(client, inputs, pin) {
        const clusterId = pinnedClusterId(inputs.clusterId, pin);
        const billing = inputs.billingMode ?? "onDemand";
        let pricePerGpuHour: number | undefined;
        try {
            pricePerGpuHour = await offerService().listedPrice(client, inputs.productId!, clusterId, billing);
        } catch {
            // The price is informative only; creating the instance does not depend on it.
        }
        return [{ productId: inputs.productId!, clusterId, billingMode: billing, pricePerGpuHour }];
    },
};
