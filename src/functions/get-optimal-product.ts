/**
 * `getOptimalProduct` / `getOptimalProductOutput`: the cheapest eligible GPU product across regions,
 * following Pulumi's function conventions (direct form → Promise, output form → Output). Dynamic
 * providers have no Invoke, so both run in the program process, with credentials from stack config
 * read as the provider reads it (src/provider/settings.ts: `novita:apiKey`, `novita:baseUrl`, `novita:timeScale`,
 * `novita:requestTimeout`, `novita:debug`; env fallbacks `NOVITA_API_KEY`, `NOVITA_BASE_URL`, …).
 *
 * Requests: one GET /clusters and one GET /products per region × billing method, concurrently, and
 * memoised for the program run: calling again with the same arguments costs no request.
 * Deterministic: the same catalogue gives the same pick (tie-break: priority, price, product id).
 */
import * as pulumi from "@pulumi/pulumi";
import { NovitaClient } from "../api/client";
import { ApiTimeCache, findOffers, offerService } from "../offers";
import { clientOptions, readSettings } from "../provider/settings";
import { parseSelector, selectorKey } from "../selection";
import type { Considered, OfferBillingMode, SelectorInput } from "../selection/types";

export type GetOptimalProductArgs = SelectorInput;

/** The same arguments, each an Input. */
export type GetOptimalProductOutputArgs = { [K in keyof SelectorInput]: pulumi.Input<SelectorInput[K]> };

export interface OptimalProduct {
    readonly productId: string;
    readonly productName: string;
    readonly clusterId: string;
    /** Cluster name, e.g. "AS-SGP-02". */
    readonly region: string;
    readonly billingMode: OfferBillingMode;
    readonly gpuNum: number;
    /** USD per hour for the instance: pricePerGpuHour × gpuNum. */
    readonly pricePerHour: number;
    readonly pricePerGpuHour: number;
    readonly inventoryState?: string;
    /** Every candidate whose name matched, with its price and why it was picked, ranked lower or rejected. */
    readonly considered: readonly Considered[];
    /** ISO 8601 time the catalogue was read. */
    readonly fetchedAt: string;
}

/** Results memoised per program run: keyed by the run's engine monitor (one per `pulumi up`, one per offline-engine run). */
const results = new WeakMap<object, ApiTimeCache<Promise<OptimalProduct>>>();
const outsideRun = new ApiTimeCache<Promise<OptimalProduct>>(Infinity);

function runResults(run: object | undefined): ApiTimeCache<Promise<OptimalProduct>> {
    if (!run) return outsideRun;
    let m = results.get(run);
    if (!m) results.set(run, (m = new ApiTimeCache(Infinity)));
    return m;
}

/** The same settings as the provider's (src/provider/settings.ts), read from the program's stack config. */
function clientFromConfig(): NovitaClient {
    return new NovitaClient(clientOptions(readSettings((k) => pulumi.runtime.getConfig(k)), FUNCTION));
}

/**
 * Failures reach the user as one message, with no JavaScript stack trace. Pulumi's Node language host prints an
 * unhandled error through `uncaughtHandler` (@pulumi/pulumi cmd/run/run.js): a `RunError` as `log.error(err.message)`,
 * anything else with its full stack (`defaultErrorMessage`, cmd/run/error.js). `RunError` (errors.js) is meant for
 * exactly this: "terminating a program abruptly, but resulting in a clean exit rather than the usual verbose
 * unhandled error logic which emits the source program text and complete stack trace". `ResourceError` is for a
 * problem of one resource; a function call has none. `RunError.isInstance` is duck-typed on the
 * `__pulumiRunError` brand (so that it works across SDK copies), and a rejected Output reaches the handler as the
 * same error object (runtime/resource.js, runAsyncResourceOp). So our errors get that brand and keep their own
 * classes: callers can still `catch` a `NoEligibleProductError` or a `NovitaApiError`.
 */
function asRunError(e: unknown): unknown {
    if (!(e instanceof Error)) return e;
    if (!e.message.startsWith(`${FUNCTION}: `)) Object.defineProperty(e, "message", { value: `${FUNCTION}: ${e.message}`, configurable: true, writable: true });
    Object.defineProperty(e, RUN_ERROR_BRAND, { value: true, enumerable: false, configurable: true });
    return e;
}
const FUNCTION = "getOptimalProduct";
const RUN_ERROR_BRAND = "__pulumiRunError";

/** Direct form. Throws `SelectionError` for bad arguments (naming the field) and `NoEligibleProductError` when nothing qualifies. */
export function getOptimalProduct(args: GetOptimalProductArgs, opts?: pulumi.InvokeOptions): Promise<OptimalProduct> {
    try {
        return select(args, opts).catch((e) => Promise.reject(asRunError(e)));
    } catch (e) {
        return Promise.reject(asRunError(e));
    }
}

function select(args: GetOptimalProductArgs, _opts?: pulumi.InvokeOptions): Promise<OptimalProduct> {
    let selector;
    try {
        selector = parseSelector(args);
    } catch (e) {
        return Promise.reject(e);
    }
    const client = clientFromConfig();
    const run = pulumi.runtime.getMonitor() as object | undefined;
    return runResults(run).get(`${client.config.baseUrl}|${selectorKey(selector)}`, 1, async (): Promise<OptimalProduct> => {
        const { ranked, considered, set } = await findOffers(client, selector, offerService().runCatalogue(client, run));
        const best = ranked[0]!; // findOffers throws when nothing qualifies
        return {
            productId: best.productId,
            productName: best.productName,
            clusterId: best.clusterId,
            region: best.region,
            billingMode: best.billingMode,
            gpuNum: selector.gpuNum,
            pricePerHour: best.pricePerHour,
            pricePerGpuHour: best.pricePerGpuHour,
            ...(best.inventoryState !== undefined ? { inventoryState: best.inventoryState } : {}),
            considered,
            fetchedAt: set.fetchedAt.toISOString(),
        };
    });
}

/**
 * Output form: takes Inputs, joins the dependency graph and honours `dependsOn` (the result stays
 * unknown in a preview while a dependency still has to be created).
 */
export function getOptimalProductOutput(args: GetOptimalProductOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<OptimalProduct> {
    const deps = pulumi.output(opts?.dependsOn ?? []).apply((d) => {
        const list = (Array.isArray(d) ? d : [d]) as pulumi.Resource[];
        return pulumi.all(list.map((r) => (r instanceof pulumi.CustomResource ? r.id : r.urn)));
    });
    return pulumi.all([pulumi.output(args), deps]).apply(([a]) => getOptimalProduct(a as GetOptimalProductArgs, opts));
}
