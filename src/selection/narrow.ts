/**
 * Narrowing a placement to one cluster: an instance that mounts network volumes can only run in their cluster
 * (docs/network-storage.md), so its selector searches that cluster alone — if the selector's regions list it. Pure.
 */
import { NoEligibleProductError, SelectionError } from "./errors";
import { regionListed } from "./regions";
import type { Selector } from "./types";

export interface ClusterPin {
    clusterId: string;
    /** Cluster name, e.g. "US-CA-06". */
    clusterName?: string;
    /** Why the instance must run there, e.g. `network storage weights (d4e8…)`. */
    because: string;
}

const where = (pin: ClusterPin) => (pin.clusterName && pin.clusterName !== pin.clusterId ? `${pin.clusterName} (${pin.clusterId})` : pin.clusterId);

/**
 * The selector searching only the pinned cluster.
 * @throws SelectionError naming `field` (default `regions`) when the selector's regions do not list that cluster.
 */
export function narrowToCluster(selector: Selector, pin: ClusterPin, field = "regions"): Selector {
    if (!regionListed(selector.regions, { clusterId: pin.clusterId, region: pin.clusterName })) {
        throw new SelectionError(
            `${field}: ${pin.because} is in ${where(pin)}, which is not among the regions searched (${selector.regions.join(", ")}); ` +
                `an instance can mount only volumes of its own cluster: add "${pin.clusterName || pin.clusterId}" to ${field}`,
            field,
        );
    }
    return { ...selector, regions: [pin.clusterId] };
}

/** The no-match error of a narrowed selector, saying first that (and why) only one cluster was searched. */
export function narrowedNoMatch(err: NoEligibleProductError, pin: ClusterPin): NoEligibleProductError {
    return new NoEligibleProductError(
        `Only ${where(pin)} was searched: ${pin.because} is there, and an instance can mount only volumes of its own cluster.\n${err.message}`,
        { considered: err.considered, regions: err.regions, suggestions: err.suggestions },
    );
}
