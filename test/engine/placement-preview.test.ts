/**
 * Preview catches what can never work (issue #10): a new GpuInstance's placement is checked against the catalogue,
 * stock ignored, read at most once per provider process; existing resources cause no request at all.
 */
import * as pulumi from "@pulumi/pulumi";
import * as novita from "../../src";
import { DeploymentError, OfflineEngine } from "../../src/testing";
import { GPU, startNovitaStack, TIME_SCALE, type NovitaStack } from "./harness";

let s: NovitaStack;
beforeEach(async () => (s = await startNovitaStack()));
afterEach(() => s.dispose());

type Placement = novita.PlacementArgs;
const REGIONS = ["AS-SGP-02", "CN-HK-01", "AS-IN-01"];
const program = (placement: Placement, count = 1) => () => {
    for (let i = 0; i < count; i++) new novita.GpuInstance(count === 1 ? "gpu" : `gpu-${i}`, { placement, imageUrl: "nginx" });
};
const requests = (path: string) => s.sim.requestLog().filter((r) => r.path === path);
const failureOf = async (p: Promise<unknown>): Promise<DeploymentError> => {
    const e = await p.then(() => undefined, (x) => x);
    expect(e).toBeInstanceOf(DeploymentError);
    return e as DeploymentError;
};

describe("a new instance's placement that can never match fails the preview", () => {
    test.each([
        [
            "an unknown product name",
            { productName: "RTX 409", regions: REGIONS },
            [
                "placement.productName: No offer satisfies the selector for productName \"RTX 409\"",
                '"RTX 409" matched no product in any searched region; did you mean "RTX 4090" or "RTX 3090"?',
                "1. AS-SGP-02 (as-sgp-2): no product matching \"RTX 409\" in this region (listed there:",
            ],
        ],
        [
            "an unknown region",
            { productName: "RTX 4090", regions: ["AS-SGP-02", "MARS-01"] },
            ['placement.regions: regions: unknown region "MARS-01"; available regions: AS-IN-01 (as-in-1), AS-SGP-02 (as-sgp-2), CN-HK-01 (cn-hongkong-1), US-CA-06 (us-ca-6)'],
        ],
        [
            "a price cap under every offer",
            { productName: "RTX 4090", regions: REGIONS, maxPricePerHour: 0.1 },
            [
                "placement.maxPricePerHour: No offer satisfies the selector",
                "over max price: cheapest $0.35/h (4090.16c62g on-demand) > maxPricePerHour $0.10/h",
                "- maxPricePerHour: raise it to at least $0.29/h (would allow 4090.16c96g.v2 on-demand in CN-HK-01)",
            ],
        ],
        [
            "no searched region with the GPU",
            { productName: "H100", regions: ["AS-SGP-02", "AS-IN-01"] },
            ['no product matching "H100" in this region', "- regions: add a region (not searched: CN-HK-01, US-CA-06)"],
        ],
    ])("%s", async (_label, placement, texts) => {
        const err = await failureOf(s.engine.preview(program(placement)));
        for (const t of texts) expect(err.message).toContain(t);
        // Stock was not judged, so the advice never says to wait for it.
        expect(err.message).not.toMatch(/sold out|retry later/);
        expect(s.sim.requestLog().every((r) => r.method === "GET")).toBe(true);
    });

    test("an up fails the same way, at check, before anything is created", async () => {
        const err = await failureOf(
            s.engine.up(() => {
                new novita.RegistryAuth("auth", { username: "bot", password: "pw-123456" });
                new novita.GpuInstance("gpu", { placement: { productName: "RTX 409" }, imageUrl: "nginx" });
            }),
        );
        expect(err.message).toContain('did you mean "RTX 4090"');
        expect(err.result.rpcs.filter((r) => r.method === "create" && r.urn?.includes("GpuInstance"))).toEqual([]);
        expect(s.sim.instances()).toHaveLength(0);
    });

    test("a replacement is re-checked: a changed selector that can never match fails the preview", async () => {
        await s.engine.up(program({ productName: "RTX 4090", regions: REGIONS }));
        const err = await failureOf(s.engine.preview(program({ productName: "RTX 4090", regions: ["MARS-01"] })));
        expect(err.message).toContain('placement.regions: regions: unknown region "MARS-01"');
    });
});

describe("what the preview does not judge", () => {
    test("sold out now: stock changes, so the preview passes and only up finds out", async () => {
        for (const [p, c] of [["4090.16c62g", "as-sgp-2"], ["4090.16c96g.v2", "cn-hongkong-1"], ["4090.16c96g.v2", "as-in-1"]] as const) s.sim.setSoldOut(p, c);
        const pv = await s.engine.preview(program({ productName: "RTX 4090", regions: REGIONS }));
        expect(pv.steps.find((x) => x.name === "gpu")!.op).toBe("create");
        const err = await failureOf(s.engine.up(program({ productName: "RTX 4090", regions: REGIONS })));
        expect(err.message).toMatch(/sold out/);
    });

    test("a placement unknown until apply is not checked", async () => {
        const pv = await s.engine.preview(() => {
            const auth = new novita.RegistryAuth("auth", { username: "bot", password: "pw-123456" });
            const productName = auth.id.apply(() => "RTX 409");
            new novita.GpuInstance("gpu", { placement: { productName } as unknown as pulumi.Input<Placement>, imageUrl: "nginx" });
        });
        expect(pv.steps.find((x) => x.name === "gpu")!.op).toBe("create");
        expect(s.sim.requestLog()).toHaveLength(0);
    });
});

describe("requests", () => {
    test("an existing instance's preview makes no catalogue request, even when its selector changed", async () => {
        await s.engine.up(program({ productName: "RTX 4090", regions: REGIONS }));
        s.sim.clearRequestLog();
        const same = await s.engine.preview(program({ productName: "RTX 4090", regions: REGIONS }));
        expect(same.steps.find((x) => x.name === "gpu")!.op).toBe("same");
        const updated = await s.engine.preview(program({ productName: "RTX 4090", regions: [...REGIONS, "US-CA-06"], maxPricePerHour: 5 }));
        expect(updated.steps.find((x) => x.name === "gpu")!.op).toBe("update");
        expect(s.sim.requestLog()).toEqual([]);
    });

    test("the catalogue is read once for many new instances", async () => {
        const pv = await s.engine.preview(program({ productName: "RTX 4090", regions: REGIONS, billingMode: "spotThenOnDemand" }, 6));
        expect(pv.steps.filter((x) => x.type === GPU).map((x) => x.op)).toEqual(Array(6).fill("create"));
        expect(requests("/v1/clusters")).toHaveLength(1);
        expect(requests("/v1/products")).toHaveLength(REGIONS.length * 2);
        expect(s.sim.requestLog()).toHaveLength(1 + REGIONS.length * 2);
    });

    test("a catalogue that cannot be read (5xx after retries) does not fail the preview; one line says it was not checked", async () => {
        s.sim.inject({ path: "/v1/clusters", kind: "status", status: 503, count: 100 });
        const pv = await s.engine.preview(program({ productName: "RTX 409" }, 3));
        expect(pv.steps.filter((x) => x.type === GPU).map((x) => x.op)).toEqual(["create", "create", "create"]);
        const notes = pv.diagnostics.filter((d) => d.message.includes("placement not checked against the catalogue at preview"));
        expect(notes).toHaveLength(1);
        expect(notes[0]!.message).toMatch(/503 .*`pulumi up` checks it when it creates the instance/);
        expect(requests("/v1/clusters")).toHaveLength(6); // one read with its retries, for all three instances
        expect(JSON.stringify(pv.diagnostics)).not.toContain(s.sim.apiKey);
    });

    test("a refused key fails the preview, naming novita:apiKey and NOVITA_API_KEY", async () => {
        const engine = new OfflineEngine({
            project: "p", stack: "s",
            config: { "novita:apiKey": { value: "sk_wrong_key_5e6f7a8b", secret: true }, "novita:baseUrl": s.sim.baseUrl, "novita:timeScale": String(TIME_SCALE) },
        });
        try {
            const err = await failureOf(engine.preview(program({ productName: "RTX 4090" })));
            expect(err.message).toContain("403 INVALID_API_KEY");
            expect(err.message).toContain("The API key from stack config novita:apiKey was refused");
            expect(err.message).toContain("NOVITA_API_KEY");
            expect(JSON.stringify(err.result)).not.toContain("sk_wrong_key_5e6f7a8b");
        } finally {
            await engine.close();
        }
    });
});
