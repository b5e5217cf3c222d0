/**
 * Preview catches what can never work: when a GpuInstance with a `placement` is about to be CREATED (check
 * called without olds — also what the engine does when it re-checks a replacement), its selector is ranked
 * against the catalogue, with stock ignored. An unknown product name, an unknown region, a price cap under every
 * offer or no searched region with the GPU fails `check` with the same explanation `up` would give after other
 * resources were already created. Sold out now is not judged: stock changes by the minute, so it stays a
 * create-time matter (where placement fails over).
 *
 * Requests: the catalogue (GET /clusters, and GET /products per region × billing method × GPU count) is read at
 * most once per provider process — one process serves one `preview` or `up` — and shared by every new resource's
 * check; existing resources (olds given) cause no request at all. A read that failed is not repeated either. The
 * catalogue is the offer service's (src/offers); this file adapts it to the GpuInstance check.
 *
 * When the catalogue cannot be read:
 *   - the key is refused (401/403) or missing → a check failure on `placement` with the error that names
 *     novita:apiKey and NOVITA_API_KEY: nothing can work, better said at preview than after other resources were
 *     created. (A failure, not a throw: the dynamic-provider server prints a thrown check error with its stack,
 *     and hands the error object itself to grpc — cmd/dynamic-provider/index.js, check.)
 *   - anything else (network, timeout, 5xx after retries, an unexpected answer) → check passes and one line on
 *     stderr says the placement was not checked: `up` reads the catalogue again (with retries) when it creates the
 *     instance, and a transient outage should not block a preview. The line carries the error message, which
 *     names the host and never the key (and is scrubbed of it again here).
 */
import type { NovitaClient } from "../api/client";
import { isAuthError, NovitaValidationError } from "../api/errors";
import { scrub } from "../api/redact";
import type { Cluster } from "../api/schemas/responses";
import { clientKey, findOffers, offerService } from "../offers";
import { parseSelector, SelectionError } from "../selection";
import { getClient } from "./config";
import type { CheckFailure } from "./errors";

/** The catalogues (client keys) whose "not checked" line was written already: once per process is enough. */
const noted = new Set<string>();

/**
 * The cluster list read once per provider process (with the key in use), shared by every preview-time check: the
 * placements here and NetworkStorage's region (./network-storage/preflight.ts). A failed read is kept too.
 */
export function memoisedClusters(client: NovitaClient): Promise<Cluster[]> {
    return offerService().previewCatalogue(client).clusters;
}

/** For tests: forget the catalogue this process read. */
export function resetPreflightCatalogue(): void {
    offerService().reset({ preview: true });
    noted.clear();
}

/**
 * Check failures for a new instance's placement (`[]` when some offer could match, or when the catalogue could
 * not be read for a reason other than credentials). `selectorInput` is the checked placement; `gpuNum` the
 * instance's.
 */
export async function preflightPlacement(selectorInput: Record<string, unknown>, gpuNum: number, name: string): Promise<CheckFailure[]> {
    const selector = parseSelector({ ...selectorInput, gpuNum });
    let client: NovitaClient | undefined;
    try {
        client = getClient(); // a missing key throws here, naming novita:apiKey and NOVITA_API_KEY
        await findOffers(client, selector, offerService().previewCatalogue(client), { ignoreAvailability: true });
        return [];
    } catch (e) {
        const apiKey = client?.config.apiKey;
        if (e instanceof SelectionError) return [{ property: `placement.${e.field}`, reason: e.message }];
        if (isAuthError(e) || e instanceof NovitaValidationError) {
            return [{ property: "placement", reason: `cannot be checked against the Novita catalogue: ${scrub(e.message, [apiKey])}` }];
        }
        if (client && !noted.has(clientKey(client))) {
            noted.add(clientKey(client));
            const why = scrub(e instanceof Error ? e.message : String(e), [apiKey]);
            process.stderr.write(
                `[novita] ${name}: placement not checked against the catalogue at preview (${why}); \`pulumi up\` checks it when it creates the instance\n`,
            );
        }
        return [];
    }
}
