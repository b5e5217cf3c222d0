/**
 * `NetworkStorage`: a Novita network volume that outlives the instances mounting it (model weights, datasets).
 * It lives in one cluster — an instance can mount it only in that cluster — and only grows. Mount it with
 * `GpuInstance.networkStorages: [{ id: volume.id, mountPoint: "/models" }]`; an instance with `placement` is then
 * placed in the volume's cluster.
 */
import * as pulumi from "@pulumi/pulumi";
import { OUTPUT_KEYS } from "../provider/network-storage/keys";
import { dynamicType, providerText } from "./shims";

export interface NetworkStorageArgs {
    /** Cluster id, e.g. "as-sgp-2". Give this or `region`. Changing the cluster replaces the volume (a new, empty one). */
    clusterId?: pulumi.Input<string>;
    /** Cluster name, e.g. "AS-SGP-02" (or an id), resolved through Novita's cluster list at create. Give this or `clusterId`. */
    region?: pulumi.Input<string>;
    /** Letters, digits and hyphens. Default: `<resource name>-<random suffix>`. Renaming is in place. */
    name?: pulumi.Input<string>;
    /** GB, at least 10. Growing is in place; shrinking is refused at preview (Novita volumes only grow). */
    size: pulumi.Input<number>;
    /** How long a delete keeps retrying while instances mount the volume (NETWORK_STORAGE_IN_USE). Default "5m". */
    timeouts?: pulumi.Input<{ delete?: string }>;
}

export class NetworkStorage extends pulumi.CustomResource {
    declare readonly name: pulumi.Output<string>;
    /** The cluster id, also when `region` was given. */
    declare readonly clusterId: pulumi.Output<string>;
    /** Region name, e.g. "AS-SGP-02". */
    declare readonly clusterName: pulumi.Output<string>;
    declare readonly region: pulumi.Output<string | undefined>;
    /** GB. */
    declare readonly size: pulumi.Output<number>;
    /** "ready": the API reports no status for volumes; one it lists is usable. */
    declare readonly status: pulumi.Output<string>;
    declare readonly timeouts: pulumi.Output<{ delete: string }>;

    constructor(name: string, args: NetworkStorageArgs, opts?: pulumi.CustomResourceOptions) {
        const seeds = Object.fromEntries(OUTPUT_KEYS.map((k) => [k, undefined]));
        const props = { ...seeds, ...args, autoNamePrefix: args?.name === undefined ? name : undefined, __provider: providerText("networkStorage") };
        super(dynamicType("NetworkStorage"), name, props, opts);
    }

    /**
     * Reads an existing volume by id (its `storageId`) into the stack as a read-only resource: Pulumi never changes or
     * deletes it. (`pulumi import` does not work for dynamic providers, pulumi/pulumi#16175.)
     */
    static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): NetworkStorage {
        return new NetworkStorage(name, {} as NetworkStorageArgs, { ...opts, id });
    }
}
