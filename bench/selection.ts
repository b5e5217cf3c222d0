/**
 * Selection latency: our fetch (GET /clusters, then every region's GET /products at once) against a
 * baseline that fetches region after region, for K = 3 and 8 regions at 100 ms injected latency. Cold =
 * the cluster list is fetched too (first selection in a process); warm = clusters already known (the
 * provider caches them for 5 minutes, getOptimalProduct for the program run).
 */
import { NovitaClient } from "../src/api/client";
import { Limiter } from "../src/api/limiter";
import type { Cluster } from "../src/api/schemas/responses";
import { fetchOffers, billingMethodsFor } from "../src/offers";
import { parseSelector, rankOffers, resolveRegions, type Offer, type Selector } from "../src/selection";
import { startSimulator } from "../src/simulator";
import { fmt, median, since, wideCatalogue, type Row } from "./common";

const LATENCY_MS = 100;
const REPEAT = 3;

/** The naive way: one region at a time, as a fallback that walks the region list would. */
async function sequentialOffers(client: NovitaClient, selector: Selector, clusters?: Cluster[]): Promise<Offer[]> {
    const all = clusters ?? (await client.listClusters());
    const offers: Offer[] = [];
    for (const r of resolveRegions(selector.regions, all)) {
        for (const billingMode of billingMethodsFor(selector)) {
            const products = await client.listProducts({ clusterId: r.clusterId, billingMethod: billingMode, gpuNum: selector.gpuNum });
            offers.push(...products.map((product): Offer => ({ product, clusterId: r.clusterId, region: r.region, regionRank: r.rank, billingMode })));
        }
    }
    return offers;
}

interface Sample {
    ms: number;
    requests: number;
    pick: string;
}

export async function selectionBench(): Promise<Row[]> {
    const rows: Row[] = [];
    for (const k of [3, 8]) {
        const sim = await startSimulator({ catalogue: wideCatalogue(8), latencyMs: LATENCY_MS, seed: 5 });
        // A private limiter as wide as the default one (8): this bench measures fetch order, not the process limit.
        const client = new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, limiter: new Limiter(8) });
        const clusters = await client.listClusters();
        const selector = parseSelector({ productName: "RTX 4090", regions: clusters.slice(0, k).map((c) => c.name), strategy: "cheapest" });
        const measure = async (run: () => Promise<Offer[]>): Promise<Sample> => {
            const samples: Sample[] = [];
            for (let i = 0; i < REPEAT; i++) {
                const from = sim.requestLog().length;
                const t = performance.now();
                const offers = await run();
                const ms = performance.now() - t;
                const best = rankOffers(selector, offers).ranked[0]!;
                samples.push({ ms, requests: since(sim, from).length, pick: `${best.productId}@${best.clusterId}` });
            }
            return { ms: median(samples.map((s) => s.ms)), requests: samples[0]!.requests, pick: samples[0]!.pick };
        };
        const cold = { ours: await measure(async () => (await fetchOffers(client, selector)).offers), base: await measure(() => sequentialOffers(client, selector)) };
        const warm = {
            ours: await measure(async () => (await fetchOffers(client, selector, Promise.resolve(clusters))).offers),
            base: await measure(() => sequentialOffers(client, selector, clusters)),
        };
        await sim.close();
        for (const [label, m] of [["cold", cold], ["warm", warm]] as const) {
            if (m.ours.pick !== m.base.pick) throw new Error(`selection bench: ours picked ${m.ours.pick}, baseline ${m.base.pick}`);
            const speedup = m.base.ms / m.ours.ms;
            rows.push({
                bench: `selection, ${k} regions, ${label}`,
                metric: "speed-up vs region-after-region (ours / baseline ms; requests)",
                value: `${fmt(speedup, 2)}× (${fmt(m.ours.ms, 0)} / ${fmt(m.base.ms, 0)} ms; ${m.ours.requests} vs ${m.base.requests} req)`,
                target: `≥ ${fmt(0.8 * k, 1)}×, requests ≤ baseline`,
                met: speedup >= 0.8 * k && m.ours.requests <= m.base.requests,
            });
        }
    }
    return rows;
}
