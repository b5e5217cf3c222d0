/**
 * productName matching (src/selection/names.ts): exact, leading whole words, or an explicit `*` pattern — never
 * inside a word. Changed in issue #10: "4090" alone used to match "RTX 4090 24GB" by substring; it no longer does.
 */
import { matchingProducts, productModel, productNameMatch, productNameMatches, suggestProductNames } from "../../src/selection";

const rtx4090 = { id: "4090.16c62g", name: "RTX 4090 24GB" };
/** The simulator's seed catalogue names (src/simulator/catalogue.ts), which follow the real API's. */
const CATALOGUE = [
    rtx4090,
    { id: "4090.16c96g.v2", name: "RTX 4090 24GB" },
    { id: "3090.16c92g", name: "RTX 3090 24GB" },
    { id: "A100-80GB.14c240g", name: "A100 SXM4 80GB" },
    { id: "H100-80GB.16c240g", name: "H100 SXM 80GB" },
    { id: "L40S.16c120g", name: "L40S 48GB" },
];
const ids = (query: string) => matchingProducts(query, CATALOGUE).map((p) => p.id);

describe("productNameMatch: exact", () => {
    it.each(["RTX 4090 24GB", "rtx 4090 24gb", "RTX4090 24GB", "rtx-4090-24gb", "RTX_4090_24GB"])("%j is the whole name", (q) => {
        expect(productNameMatch(q, rtx4090)).toBe("exact");
    });

    it("a product id matches exactly (case-insensitive), but not a part of one", () => {
        expect(productNameMatch("4090.16C62G", rtx4090)).toBe("exact");
        expect(productNameMatches("16c62g", rtx4090)).toBe(false);
        expect(productNameMatches("4090.16c", rtx4090)).toBe(false);
    });
});

describe("productNameMatch: leading whole words", () => {
    it.each(["RTX 4090", "rtx4090", "rtx-4090", "RTX_4090", "RTX"])("%j matches \"RTX 4090 24GB\"", (q) => {
        expect(productNameMatch(q, rtx4090)).toBe("leading");
    });

    it.each(["RTX 409", "4090", "RTX 40", "4090 24GB", "TX 4090", "RTX 3090", "A100", "rtx 5090", "rtx 4090 24"])(
        "%j does not match \"RTX 4090 24GB\" (never inside a word, never from the middle)",
        (q) => {
            expect(productNameMatches(q, rtx4090)).toBe(false);
        },
    );

    it("judges whole words of the name, however the query is spaced", () => {
        const joined = { name: "RTX4090 24GB" };
        expect(productNameMatch("RTX 4090", joined)).toBe("leading");
        expect(productNameMatches("RTX", joined)).toBe(false); // "rtx" is inside the word "rtx4090"
    });

    it("never matches an empty query", () => {
        expect(productNameMatches(" - ", rtx4090)).toBe(false);
    });
});

describe("productNameMatch: explicit * pattern over the normalised name", () => {
    it.each([
        ["*4090*", true],
        ["RTX 40*", true],
        ["*24gb", true],
        ["rtx*24GB", true],
        ["*", true],
        ["*3090*", false],
        ["RTX 40", false],
        ["4090*", false],
    ])("%j → %s", (q, expected) => {
        expect(productNameMatches(q, rtx4090)).toBe(expected);
        if (expected) expect(productNameMatch(q, rtx4090)).toBe("pattern");
    });

    it("treats regular-expression characters other than * literally", () => {
        expect(productNameMatches("RTX.4090*", rtx4090)).toBe(false);
        expect(productNameMatches("(RTX)*", { name: "(RTX) 4090" })).toBe(true);
    });
});

describe("matchingProducts: over a catalogue", () => {
    it("leading words select every product that starts with them", () => {
        expect(ids("RTX 4090")).toEqual(["4090.16c62g", "4090.16c96g.v2"]);
        expect(ids("RTX")).toEqual(["4090.16c62g", "4090.16c96g.v2", "3090.16c92g"]);
        expect(ids("H100")).toEqual(["H100-80GB.16c240g"]);
    });

    it("an exact match wins over looser ones", () => {
        const catalogue = [{ id: "a", name: "A100 SXM4 80GB" }, { id: "b", name: "A100" }, { id: "c", name: "A100 PCIe 40GB" }];
        expect(matchingProducts("A100", catalogue).map((p) => p.id)).toEqual(["b"]);
        expect(matchingProducts("a100-sxm4", catalogue).map((p) => p.id)).toEqual(["a"]);
        // A product id is an exact match too: it selects that product alone.
        expect(ids("4090.16c96g.v2")).toEqual(["4090.16c96g.v2"]);
    });

    it("patterns select by glob, and only when asked for", () => {
        expect(ids("*80GB")).toEqual(["A100-80GB.14c240g", "H100-80GB.16c240g"]);
        expect(ids("*4090*")).toEqual(["4090.16c62g", "4090.16c96g.v2"]);
        expect(ids("4090")).toEqual([]);
        expect(ids("RTX 409")).toEqual([]);
    });
});

describe("suggestProductNames: did you mean", () => {
    const names = CATALOGUE.map((p) => p.name);

    it("suggests the model part of the closest names, closest first", () => {
        expect(suggestProductNames("RTX 409", names)).toEqual(["RTX 4090", "RTX 3090"]);
        expect(suggestProductNames("4090", names)).toEqual(["RTX 4090"]);
        expect(suggestProductNames("A10", names)[0]).toBe("A100 SXM4");
        expect(suggestProductNames("h-100", names)[0]).toBe("H100 SXM");
    });

    it("suggests nothing that is not close", () => {
        expect(suggestProductNames("Radeon MI300X", names)).toEqual([]);
    });

    it("the model drops a trailing memory word only", () => {
        expect(productModel("RTX 4090 24GB")).toBe("RTX 4090");
        expect(productModel("A100 SXM4 80GB")).toBe("A100 SXM4");
        expect(productModel("L40S")).toBe("L40S");
        expect(productModel("24GB")).toBe("24GB");
    });
});
