/** The offer service (src/offers/service.ts) against the simulator over HTTP: what it shares, and what it forgets. */
import { NovitaClient } from "../../src/api/client";
import { OfferService } from "../../src/offers";
import { startSimulator, type Simulator } from "../../src/simulator";

let sim: Simulator;
let client: NovitaClient;
const count = (path: string) => sim.requestLog().filter((r) => r.path === path).length;

beforeEach(async () => {
    sim = await startSimulator({ seed: 3 });
    // Time scale 1: the caches' TTLs (a minute and more of API time) then outlast any test, however slow the machine.
    client = new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, timeScale: 1 });
});
afterEach(() => sim.close());

test("a direct create's price comes from one listing shared by the creates of the process", async () => {
    const offers = new OfferService();
    const a = await offers.listedPrice(client, "4090.16c62g", "as-sgp-2", "onDemand");
    const b = await offers.listedPrice(client, "4090.16c62g", "as-sgp-2", "onDemand");
    expect(a).toBe(0.35);
    expect(b).toBe(a);
    expect(await offers.listedPrice(client, "4090.16c62g", "as-sgp-2", "spot")).toBe(0.18);
    expect(count("/v1/products")).toBe(2); // one per cluster × billing mode
});

test("a listing that failed is asked again by the next create", async () => {
    const offers = new OfferService();
    sim.inject({ path: "/v1/products", kind: "status", status: 400, reason: "BAD_REQUEST", count: 1 });
    await expect(offers.listedPrice(client, "4090.16c62g", "as-sgp-2", "onDemand")).rejects.toThrow();
    expect(await offers.listedPrice(client, "4090.16c62g", "as-sgp-2", "onDemand")).toBe(0.35);
    expect(count("/v1/products")).toBe(2);
});

test("placement reuses the cluster list; the preview's catalogue keeps even a failed read", async () => {
    const offers = new OfferService();
    await offers.placementCatalogue(client).clusters;
    await offers.placementCatalogue(client).clusters;
    expect(count("/v1/clusters")).toBe(1);
    sim.inject({ path: "/v1/clusters", kind: "status", status: 400, reason: "BAD_REQUEST", count: 1 });
    await expect(offers.previewCatalogue(client).clusters).rejects.toThrow();
    await expect(offers.previewCatalogue(client).clusters).rejects.toThrow();
    expect(count("/v1/clusters")).toBe(2);
    offers.reset({ preview: true });
    await offers.previewCatalogue(client).clusters;
    expect(count("/v1/clusters")).toBe(3);
});

test("getOptimalProduct's cluster list lasts one run: another run asks again", async () => {
    const offers = new OfferService();
    const run1 = {};
    const run2 = {};
    await offers.runCatalogue(client, run1).clusters;
    await offers.runCatalogue(client, run1).clusters;
    await offers.runCatalogue(client, run2).clusters;
    expect(count("/v1/clusters")).toBe(2);
});

test("a sold-out offer is remembered with its age in API time, until reset", () => {
    const offers = new OfferService();
    const ref = { productId: "4090.16c62g", clusterId: "as-sgp-2", billingMode: "onDemand" as const };
    expect(offers.soldOutAgo(ref, 0.001)).toBeUndefined();
    offers.soldOut(ref);
    expect(offers.soldOutAgo(ref, 0.001)).toEqual(expect.any(Number));
    expect(offers.soldOutAgo({ ...ref, billingMode: "spot" }, 0.001)).toBeUndefined();
    offers.reset({ placement: true });
    expect(offers.soldOutAgo(ref, 0.001)).toBeUndefined();
});
