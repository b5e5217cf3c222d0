/**
 * Region resolution: the user's region list (ids, names or display strings, in priority order) →
 * the clusters to search, each with its rank. Pure: the caller passes the `GET /clusters` answer.
 */
import type { Cluster } from "../api/schemas/responses";
import { SelectionError, UnknownRegionError } from "./errors";
import { regionToken, stripRegionDisplay } from "./text";
import type { ResolvedRegion } from "./types";

export type { ResolvedRegion };

/** Regions searched when the selector names none, most preferred first. */
export const DEFAULT_REGIONS: readonly string[] = Object.freeze(["AS-SGP-02", "CN-HK-01", "AS-IN-01"]);


/**
 * The effective region order without cluster data: `regions` (or {@link DEFAULT_REGIONS} when absent),
 * trimmed, display suffixes removed ("AS-SGP-02 (Singapore)" → "AS-SGP-02"), de-duplicated
 * case-insensitively (first occurrence wins), with `preferredRegion` moved — or inserted — to the front.
 * An id and a name of the same cluster are only recognised as duplicates by {@link resolveRegions}.
 */
export function orderRegions(regions: readonly string[] | undefined, preferredRegion?: string): string[] {
    const list = [...(preferredRegion !== undefined ? [preferredRegion] : []), ...(regions ?? DEFAULT_REGIONS)];
    const seen = new Set<string>();
    const out: string[] = [];
    for (const entry of list) {
        const clean = stripRegionDisplay(entry);
        const token = clean.toLowerCase();
        if (token === "" || seen.has(token)) continue;
        seen.add(token);
        out.push(clean);
    }
    return out;
}

type ClusterRef = Pick<Cluster, "id" | "name">;

/** The cluster a requested entry denotes: an id match wins over a name match. */
function findCluster(entry: string, clusters: readonly ClusterRef[]): ClusterRef | undefined {
    const token = regionToken(entry);
    return (
        clusters.find((c) => c.id.toLowerCase() === token) ??
        clusters.find((c) => c.name !== "" && regionToken(c.name) === token)
    );
}

/**
 * Resolves requested regions against the cluster list, in order. Each entry matches a cluster id or
 * name case-insensitively, display form tolerated. Entries denoting the same cluster (e.g. "as-sgp-2"
 * and "AS-SGP-02") collapse into the first. `preferredRegion` goes first.
 *
 * @throws UnknownRegionError listing every unknown entry and every available region.
 * @throws SelectionError (field `regions`) when nothing was requested.
 */
export function resolveRegions(
    requested: readonly string[],
    clusters: readonly ClusterRef[],
    options: { preferredRegion?: string } = {},
): ResolvedRegion[] {
    const entries = orderRegions(requested, options.preferredRegion);
    if (entries.length === 0) throw new SelectionError("regions: no region to search; name at least one region", "regions");

    const unknown: string[] = [];
    const out: ResolvedRegion[] = [];
    const taken = new Set<string>();
    for (const entry of entries) {
        const cluster = findCluster(entry, clusters);
        if (!cluster) {
            unknown.push(entry);
            continue;
        }
        if (taken.has(cluster.id)) continue;
        taken.add(cluster.id);
        out.push({ clusterId: cluster.id, region: cluster.name || cluster.id, rank: out.length });
    }
    if (unknown.length > 0) {
        const preferred = options.preferredRegion !== undefined ? regionToken(options.preferredRegion) : undefined;
        const onlyPreferred = unknown.length === 1 && regionToken(unknown[0]!) === preferred;
        const available = [...clusters]
            .map((c) => ({ id: c.id, name: c.name }))
            .sort((a, b) => (a.name || a.id).localeCompare(b.name || b.id));
        throw new UnknownRegionError(onlyPreferred ? "preferredRegion" : "regions", unknown, available);
    }
    return out;
}

/** Whether a placement's cluster (id or name) is one of the selector's regions (ids, names, display forms). */
export function regionListed(regions: readonly string[], placement: { clusterId: string; region?: string }): boolean {
    const tokens = new Set(regions.map(regionToken));
    if (tokens.has(placement.clusterId.toLowerCase())) return true;
    return placement.region !== undefined && placement.region !== "" && tokens.has(regionToken(placement.region));
}
