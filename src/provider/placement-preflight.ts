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
 * check; existing resources (olds given) cause no request at all. A read that failed is not repeated either.
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
import type { Cluster, Product } from "../api/schemas/responses";
import { fetchOffers, type ProductLister } from "../catalogue/offers";
import { explainNoMatch, parseSelector, rankOffers, SelectionError } from "../selection";
import { getClient } from "./config";
import type { CheckFailure } from "./errors";

interface CatalogueMemo {
    key: string;
    clusters: Promise<Cluster[]>;
    products: Map<string, Promise<Product[]>>;
    /** Whether the "not checked" line was written already (once per process is enough). */
    noted: boolean;
}

let memo: CatalogueMemo | undefined;

/** The process's catalogue memo for this client (a new one if the base URL or key changed). Failures are kept too. */
function catalogueFor(client: NovitaClient): CatalogueMemo {
    const key = `${client.config.baseUrl}|${client.config.apiKey.length}|${client.config.apiKey.slice(-4)}`;
    if (!memo || memo.key !== key) {
        const clusters = client.listClusters();
        clusters.catch(() => undefined); // observed by every check that awaits it
        memo = { key, clusters, products: new Map(), noted: false };
    }
    return memo;
}

function memoisedProducts(client: NovitaClient, m: CatalogueMemo): ProductLister {
    return (q) => {
        const k = `${q.clusterId}|${q.billingMethod}|${q.gpuNum}`;
        let p = m.products.get(k);
        if (!p) {
            p = client.listProducts(q);
            p.catch(() => undefined);
            m.products.set(k, p);
        }
        return p;
    };
}

/**
 * The cluster list read once per provider process (with the key in use), shared by every preview-time check: the
 * placements here and NetworkStorage's region (./network-storage/preflight.ts). A failed read is kept too.
 */
export function memoisedClusters(client: NovitaClient): Promise<Cluster[]> {
    return catalogueFor(client).clusters;
}

/** For tests: forget the catalogue this process read. */
export function resetPreflightCatalogue(): void {
    memo = undefined;
}

/**
 * Check failures for a new instance's placement (`[]` when some offer could match, or when the catalogue could
 * not be read for a reason other than credentials). `selectorInput` is the checked placement; `gpuNum` the
 * instance's.
 */
export async function preflightPlacement(selectorInput: Record<string, unknown>, gpuNum: number, name: string): Promise<CheckFailure[]> {
    const selector = parseSelector({ ...selectorInput, gpuNum });
    let m: CatalogueMemo | undefined;
    let apiKey: string | undefined;
    try {
        const client = getClient(); // a missing key throws here, naming novita:apiKey and NOVITA_API_KEY
        apiKey = client.config.apiKey;
        m = catalogueFor(client);
        const set = await fetchOffers(client, selector, m.clusters, memoisedProducts(client, m));
        const { ranked, considered } = rankOffers(selector, set.offers, { ignoreAvailability: true });
        if (ranked.length > 0) return [];
        throw explainNoMatch(selector, considered, set.regions, { offers: set.offers, availableRegions: set.availableRegions, ignoreAvailability: true });
    } catch (e) {
        if (e instanceof SelectionError) return [{ property: `placement.${e.field}`, reason: e.message }];
        if (isAuthError(e) || e instanceof NovitaValidationError) {
            return [{ property: "placement", reason: `cannot be checked against the Novita catalogue: ${scrub(e.message, [apiKey])}` }];
        }
        if (m && !m.noted) {
            m.noted = true;
            const why = scrub(e instanceof Error ? e.message : String(e), [apiKey]);
            process.stderr.write(
                `[novita] ${name}: placement not checked against the catalogue at preview (${why}); \`pulumi up\` checks it when it creates the instance\n`,
            );
        }
        return [];
    }
}
