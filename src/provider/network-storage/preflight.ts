/**
 * Preview catches what can never work (as for a GpuInstance `placement`, ../placement-preflight.ts): when a
 * NetworkStorage is about to be created, its `region`/`clusterId` is looked up in the cluster list, read at most
 * once per provider process and shared with the placement checks. An unknown cluster, or one without network
 * storage, fails `check` naming the field. Existing volumes cause no request.
 *
 * When the list cannot be read: a refused or missing key is a failure naming the field (nothing can work); anything
 * else lets the check pass with one line on stderr — `up` reads the list again when it creates the volume.
 */
import { isAuthError, NovitaValidationError } from "../../api/errors";
import { scrub } from "../../api/redact";
import { getClient } from "../config";
import type { CheckFailure } from "../errors";
import { memoisedClusters } from "../placement-preflight";
import type { NetworkStorageInputs } from "./check";
import { pickStorageCluster, StorageClusterError } from "./cluster";

let noted = false;

export async function preflightStorageCluster(inputs: Pick<NetworkStorageInputs, "clusterId" | "region" | "name">): Promise<CheckFailure[]> {
    const field = inputs.clusterId !== undefined ? "clusterId" : "region";
    let apiKey: string | undefined;
    try {
        const client = getClient();
        apiKey = client.config.apiKey;
        pickStorageCluster(await memoisedClusters(client), inputs);
        return [];
    } catch (e) {
        if (e instanceof StorageClusterError) return [{ property: e.field, reason: e.reason }];
        if (isAuthError(e) || e instanceof NovitaValidationError) {
            return [{ property: field, reason: `cannot be checked against Novita's cluster list: ${scrub(e.message, [apiKey])}` }];
        }
        if (!noted) {
            noted = true;
            const why = scrub(e instanceof Error ? e.message : String(e), [apiKey]);
            process.stderr.write(`[novita] ${String(inputs.name)}: ${field} not checked against the cluster list at preview (${why}); \`pulumi up\` checks it when it creates the volume\n`);
        }
        return [];
    }
}
