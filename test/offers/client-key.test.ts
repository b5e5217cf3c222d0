import type { NovitaClient } from "../../src/api/client";
import type { Cluster } from "../../src/api/schemas/responses";
import { clientKey, OfferService } from "../../src/offers";

/** A client whose cluster list records who asked and answers as told (only what the preview catalogue calls). */
function fakeClient(apiKey: string, calls: string[], answer: () => Promise<Cluster[]>): NovitaClient {
    const client = { config: { apiKey, baseUrl: "https://api.example/gpu-instance/openapi", timeScale: 1 }, listClusters: () => (calls.push(apiKey), answer()) };
    return client as unknown as NovitaClient;
}

describe("the offer service keys cached answers by the whole API key", () => {
    test("two keys of the same length and ending share no entry: a revoked key's cached failure never answers its replacement", async () => {
        const calls: string[] = [];
        const service = new OfferService();
        const revoked = fakeClient("sk_REVOKED1_abcd", calls, () => Promise.reject(new Error("403 INVALID_API_KEY")));
        const fresh = fakeClient("sk_FRESHKEY_abcd", calls, () => Promise.resolve([]));
        await expect(service.previewCatalogue(revoked).clusters).rejects.toThrow("INVALID_API_KEY");
        await expect(service.previewCatalogue(fresh).clusters).resolves.toEqual([]);
        expect(calls).toEqual(["sk_REVOKED1_abcd", "sk_FRESHKEY_abcd"]);
    });

    test("the key never appears in the cache key, not even its last characters", () => {
        const k = clientKey(fakeClient("sk_live_0123456789abcdef", [], () => Promise.resolve([])));
        expect(k).not.toContain("sk_live");
        expect(k).not.toContain("cdef");
        expect(k.startsWith("https://api.example/gpu-instance/openapi|")).toBe(true);
    });
});
