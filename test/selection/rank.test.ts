import { rankOffers, type Considered, type Offer } from "../../src/selection";
import { ids, offer, shuffled } from "./fixtures";

const rejectedOf = (considered: Considered[]) => considered.filter((c) => c.status === "rejected");

/** A small catalogue: the same two 4090 products in three regions, priced so the strategies disagree. */
const CATALOGUE: Offer[] = [
    offer("sgp", "onDemand", { pricePerHour: 0.39 }),
    offer("hk", "onDemand", { pricePerHour: 0.35 }),
    offer("in", "onDemand", { pricePerHour: 0.3 }),
    offer("in", "onDemand", { id: "4090.16c96g.v2", pricePerHour: 0.3 }),
    offer("sgp", "onDemand", { id: "3090.16c92g", name: "RTX 3090 24GB", pricePerHour: 0.1 }),
];

describe("rankOffers: strategies", () => {
    it("priority ranks by region order first, price second", () => {
        const { ranked } = rankOffers({ productName: "RTX 4090" }, CATALOGUE);
        expect(ids(ranked)).toEqual([
            "as-sgp-2/4090.16c62g/onDemand",
            "cn-hongkong-1/4090.16c62g/onDemand",
            "as-in-1/4090.16c62g/onDemand",
            "as-in-1/4090.16c96g.v2/onDemand",
        ]);
    });

    it("cheapest ranks by price first, region order second, product id last", () => {
        const { ranked } = rankOffers({ productName: "RTX 4090", strategy: "cheapest" }, CATALOGUE);
        expect(ids(ranked)).toEqual([
            "as-in-1/4090.16c62g/onDemand",
            "as-in-1/4090.16c96g.v2/onDemand",
            "cn-hongkong-1/4090.16c62g/onDemand",
            "as-sgp-2/4090.16c62g/onDemand",
        ]);
    });

    it("priority prefers the cheaper product within one region", () => {
        const offers = [offer("sgp", "onDemand", { id: "a", pricePerHour: 0.5 }), offer("sgp", "onDemand", { id: "b", pricePerHour: 0.4 })];
        expect(rankOffers({ productName: "RTX 4090" }, offers).ranked.map((c) => c.productId)).toEqual(["b", "a"]);
    });

    it("the ranks follow the regionRank the offers carry, so preferredRegion (via resolveRegions) wins under priority", () => {
        // resolveRegions(..., { preferredRegion: "AS-IN-01" }) gives AS-IN-01 rank 0.
        const offers = CATALOGUE.map((o) => ({ ...o, regionRank: o.clusterId === "as-in-1" ? 0 : o.regionRank + 1 }));
        expect(rankOffers({ productName: "RTX 4090", preferredRegion: "AS-IN-01" }, offers).ranked[0]!.clusterId).toBe("as-in-1");
    });
});

describe("rankOffers: billing modes", () => {
    const offers = [
        offer("sgp", "onDemand", { pricePerHour: 0.35 }),
        offer("sgp", "spot", { spotPricePerHour: 0.25 }),
        offer("hk", "spot", { spotPricePerHour: 0.2 }),
        offer("in", "onDemand", { pricePerHour: 0.1 }),
    ];

    it("spotThenOnDemand ranks every spot offer before every on-demand one, in any region", () => {
        const { ranked } = rankOffers({ productName: "RTX 4090", billingMode: "spotThenOnDemand" }, offers);
        expect(ids(ranked)).toEqual([
            "as-sgp-2/4090.16c62g/spot",
            "cn-hongkong-1/4090.16c62g/spot",
            "as-sgp-2/4090.16c62g/onDemand",
            "as-in-1/4090.16c62g/onDemand",
        ]);
    });

    it("spotThenOnDemand with cheapest: spot tier first, then price within each tier", () => {
        const { ranked } = rankOffers({ productName: "RTX 4090", billingMode: "spotThenOnDemand", strategy: "cheapest" }, offers);
        expect(ids(ranked)).toEqual([
            "cn-hongkong-1/4090.16c62g/spot",
            "as-sgp-2/4090.16c62g/spot",
            "as-in-1/4090.16c62g/onDemand",
            "as-sgp-2/4090.16c62g/onDemand",
        ]);
    });

    it("spot uses the spot price; onDemand only ever ranks on-demand offers", () => {
        const spot = rankOffers({ productName: "RTX 4090", billingMode: "spot" }, offers);
        expect(spot.ranked.map((c) => [c.billingMode, c.pricePerGpuHour])).toEqual([["spot", 0.25], ["spot", 0.2]]);
        const onDemand = rankOffers({ productName: "RTX 4090" }, offers);
        expect(onDemand.ranked.every((c) => c.billingMode === "onDemand")).toBe(true);
        expect(rejectedOf(onDemand.considered).map((c) => c.reason)).toEqual([
            "spot offer, but billingMode is onDemand",
            "spot offer, but billingMode is onDemand",
        ]);
    });
});

describe("rankOffers: rejections", () => {
    const only = (o: Offer, selector: Parameters<typeof rankOffers>[0]) => {
        const r = rankOffers(selector, [o]);
        expect(r.ranked).toEqual([]);
        expect(r.considered).toHaveLength(1);
        const c = r.considered[0]!;
        if (c.status !== "rejected") throw new Error(`expected a rejection, got ${c.status}`);
        return c;
    };

    it("rejects sold-out offers: availableDeploy false", () => {
        const c = only(offer("sgp", "onDemand", { availableDeploy: false }), { productName: "RTX 4090" });
        expect(c.rejections.map((r) => r.kind)).toEqual(["soldOut"]);
        expect(c.reason).toBe("sold out (availableDeploy: false)");
    });

    it("ignoreAvailability judges sold-out offers as if in stock (a preview-time check), and nothing else changes", () => {
        const sold = offer("sgp", "onDemand", { availableDeploy: false, inventoryState: "none" });
        expect(rankOffers({ productName: "RTX 4090" }, [sold], { ignoreAvailability: true }).ranked.map((c) => c.productId)).toEqual(["4090.16c62g"]);
        const pricey = only(offer("sgp", "onDemand", { availableDeploy: false, pricePerHour: 0.9 }), { productName: "RTX 4090", maxPricePerHour: 0.5 });
        expect(pricey.rejections.map((r) => r.kind)).toEqual(["soldOut", "overMaxPrice"]);
        const r = rankOffers({ productName: "RTX 4090", maxPricePerHour: 0.5 }, [offer("sgp", "onDemand", { availableDeploy: false, pricePerHour: 0.9 })], { ignoreAvailability: true });
        expect(r.considered.map((c) => (c.status === "rejected" ? c.rejections.map((x) => x.kind) : c.status))).toEqual([["overMaxPrice"]]);
    });

    it("rejects sold-out offers: inventoryState none", () => {
        const c = only(offer("sgp", "onDemand", { inventoryState: "none" }), { productName: "RTX 4090" });
        expect(c.reason).toBe("sold out (inventory: none)");
    });

    it("rejects spot offers without a spot price", () => {
        const c = only(offer("sgp", "spot", { spotPricePerHour: undefined }), { productName: "RTX 4090", billingMode: "spot" });
        expect(c.rejections.map((r) => r.kind)).toEqual(["billingModeNotOffered"]);
        expect(c.reason).toBe("spot not offered (no spot price)");
    });

    it("rejects spot offers whose billingMethods leave spot out", () => {
        const c = only(offer("sgp", "spot", { billingMethods: ["onDemand", "monthly"] }), { productName: "RTX 4090", billingMode: "spot" });
        expect(c.reason).toBe("spot not offered (billingMethods: onDemand, monthly)");
    });

    it("rejects offers over maxPricePerHour, saying the price and the max", () => {
        const c = only(offer("sgp", "onDemand", { pricePerHour: 0.39 }), { productName: "RTX 4090", maxPricePerHour: 0.35 });
        expect(c.rejections).toEqual([{ kind: "overMaxPrice", message: "$0.39/h is over maxPricePerHour $0.35/h", actual: 0.39, limit: 0.35 }]);
    });

    it("compares maxPricePerHour with the instance price: gpuNum 2 doubles it", () => {
        const o = offer("sgp", "onDemand", { pricePerHour: 0.3 });
        expect(rankOffers({ productName: "RTX 4090", maxPricePerHour: 0.5 }, [o]).ranked).toHaveLength(1);
        const c = only(o, { productName: "RTX 4090", gpuNum: 2, maxPricePerHour: 0.5 });
        expect(c.pricePerHour).toBe(0.6);
        expect(c.reason).toBe("$0.60/h (2 × $0.30/GPU-h) is over maxPricePerHour $0.50/h");
    });

    it("accepts a price exactly at maxPricePerHour, without float dust (3 × $0.1)", () => {
        const r = rankOffers({ productName: "RTX 4090", gpuNum: 3, maxPricePerHour: 0.3 }, [offer("sgp", "onDemand", { pricePerHour: 0.1 })]);
        expect(r.ranked.map((c) => [c.pricePerGpuHour, c.pricePerHour])).toEqual([[0.1, 0.3]]);
    });

    it("rejects too few CPU cores per GPU", () => {
        const c = only(offer("sgp", "onDemand", { cpuPerGpu: 8 }), { productName: "RTX 4090", minCpuPerGpu: 12 });
        expect(c.reason).toBe("8 CPU cores per GPU, fewer than minCpuPerGpu 12");
    });

    it("rejects too little memory per GPU", () => {
        const c = only(offer("sgp", "onDemand", { memoryPerGpu: 62 }), { productName: "RTX 4090", minMemoryPerGpu: 80 });
        expect(c.reason).toBe("62 GB memory per GPU, less than minMemoryPerGpu 80 GB");
    });

    it("rejects a max root FS below minRootfsSize", () => {
        const c = only(offer("sgp", "onDemand", { maxRootFS: 50 }), { productName: "RTX 4090", minRootfsSize: 100 });
        expect(c.reason).toBe("max root FS 50 GB is below minRootfsSize 100 GB");
    });

    it("lists every reason an offer fails, not just the first", () => {
        const c = only(offer("sgp", "onDemand", { availableDeploy: false, pricePerHour: 2, memoryPerGpu: 16 }), {
            productName: "RTX 4090",
            maxPricePerHour: 1,
            minMemoryPerGpu: 32,
        });
        expect(c.rejections.map((r) => r.kind)).toEqual(["soldOut", "overMaxPrice", "tooLittleMemory"]);
    });

    it("keeps products whose name does not match out of `considered`", () => {
        const r = rankOffers({ productName: "RTX 4090" }, CATALOGUE);
        expect(r.considered.some((c) => c.productName === "RTX 3090 24GB")).toBe(false);
        expect(r.considered).toHaveLength(4);
    });
});

describe("rankOffers: considered", () => {
    it("marks the pick, explains why each other candidate ranks lower, then lists rejections", () => {
        const offers = [
            offer("sgp", "onDemand", { pricePerHour: 0.35 }),
            offer("sgp", "onDemand", { id: "4090.b", pricePerHour: 0.39 }),
            offer("hk", "onDemand", { pricePerHour: 0.2 }),
            offer("in", "onDemand", { availableDeploy: false }),
        ];
        const { considered } = rankOffers({ productName: "RTX 4090" }, offers);
        expect(considered.map((c) => [c.status, c.clusterId, c.productId, "position" in c ? c.position : null, "reason" in c ? c.reason : null])).toEqual([
            ["picked", "as-sgp-2", "4090.16c62g", 1, null],
            ["ranked", "as-sgp-2", "4090.b", 2, "$0.39/h is more than $0.35/h"],
            ["ranked", "cn-hongkong-1", "4090.16c62g", 3, "region CN-HK-01 has lower priority than AS-SGP-02"],
            ["rejected", "as-in-1", "4090.16c62g", null, "sold out (availableDeploy: false)"],
        ]);
    });

    it("explains a lower rank under cheapest by price, and by product id on a tie", () => {
        const offers = [offer("sgp", "onDemand", { id: "b" }), offer("sgp", "onDemand", { id: "a" }), offer("hk", "onDemand", { id: "a", pricePerHour: 0.36 })];
        const { considered } = rankOffers({ productName: "RTX 4090", strategy: "cheapest" }, offers);
        expect(considered.map((c) => ("reason" in c ? c.reason : c.status))).toEqual([
            "picked",
            "same billing tier, region and price; product id b sorts after a",
            "$0.36/h is more than $0.35/h",
        ]);
    });

    it("explains an on-demand candidate under spotThenOnDemand by its billing tier", () => {
        const { considered } = rankOffers({ productName: "RTX 4090", billingMode: "spotThenOnDemand" }, [offer("sgp", "onDemand"), offer("in", "spot")]);
        expect(considered[1]).toMatchObject({ status: "ranked", billingMode: "onDemand", reason: "on-demand ranks after every spot offer (billingMode spotThenOnDemand)" });
    });

    it("carries the candidate fields the provider needs", () => {
        const { ranked } = rankOffers({ productName: "RTX 4090", gpuNum: 2 }, [offer("hk", "onDemand", { inventoryState: "low" })]);
        expect(ranked).toEqual([
            {
                productId: "4090.16c62g",
                productName: "RTX 4090 24GB",
                clusterId: "cn-hongkong-1",
                region: "CN-HK-01",
                billingMode: "onDemand",
                pricePerGpuHour: 0.35,
                pricePerHour: 0.7,
                inventoryState: "low",
                regionRank: 1,
            },
        ]);
    });
});

describe("rankOffers: determinism", () => {
    const offers: Offer[] = [
        ...CATALOGUE,
        offer("sgp", "spot", { spotPricePerHour: 0.2 }),
        offer("hk", "spot", { spotPricePerHour: 0.2 }),
        offer("hk", "spot", { id: "4090.08c32g", spotPricePerHour: 0.2 }),
        offer("in", "spot", { availableDeploy: false }),
        offer("us", "onDemand", { pricePerHour: 0.3 }),
    ];

    it.each([
        ["priority", "onDemand"],
        ["cheapest", "onDemand"],
        ["priority", "spotThenOnDemand"],
        ["cheapest", "spotThenOnDemand"],
    ] as const)("gives the same ranking and considered list for any order of the offers (%s, %s)", (strategy, billingMode) => {
        const selector = { productName: "RTX 4090", strategy, billingMode };
        const expected = rankOffers(selector, offers);
        for (let seed = 1; seed <= 25; seed++) expect(rankOffers(selector, shuffled(offers, seed))).toEqual(expected);
    });

    it("breaks equal prices by region rank, then by product id", () => {
        const { ranked } = rankOffers({ productName: "RTX 4090", billingMode: "spot", strategy: "cheapest" }, shuffled(offers, 7));
        expect(ids(ranked).slice(0, 3)).toEqual(["as-sgp-2/4090.16c62g/spot", "cn-hongkong-1/4090.08c32g/spot", "cn-hongkong-1/4090.16c62g/spot"]);
    });

    it("counts an offer listed twice once, keeping its best listing", () => {
        const twice = [offer("sgp", "onDemand", { pricePerHour: 0.4 }), offer("sgp", "onDemand", { pricePerHour: 0.35 }), offer("sgp", "onDemand", { availableDeploy: false })];
        for (const order of [twice, [...twice].reverse()]) {
            const r = rankOffers({ productName: "RTX 4090" }, order);
            expect(r.ranked.map((c) => c.pricePerHour)).toEqual([0.35]);
            expect(r.considered).toHaveLength(1);
        }
    });
});

describe("rankOffers: which products the name selects", () => {
    const catalogue = [
        offer("sgp", "onDemand", { id: "a100-sxm", name: "A100 SXM4 80GB", pricePerHour: 1.2 }),
        offer("sgp", "onDemand", { id: "a100", name: "A100", pricePerHour: 1.6 }),
        offer("hk", "onDemand", { id: "a100-sxm", name: "A100 SXM4 80GB", pricePerHour: 1.1 }),
    ];

    it("an exact name wins over leading-word matches, in every region", () => {
        expect(rankOffers({ productName: "a100", strategy: "cheapest" }, catalogue).ranked.map((c) => c.productId)).toEqual(["a100"]);
        expect(rankOffers({ productName: "A100 SXM4", strategy: "cheapest" }, catalogue).ranked.map((c) => c.productId)).toEqual(["a100-sxm", "a100-sxm"]);
    });

    it('"RTX 409" selects no RTX 4090, and a pattern must be asked for explicitly', () => {
        const rtx = [offer("sgp", "onDemand")];
        expect(rankOffers({ productName: "RTX 409" }, rtx)).toEqual({ ranked: [], considered: [] });
        expect(rankOffers({ productName: "4090" }, rtx).ranked).toEqual([]);
        expect(rankOffers({ productName: "*4090*" }, rtx).ranked.map((c) => c.productId)).toEqual(["4090.16c62g"]);
    });
});
