import { productNameMatches } from "../../src/selection";

const rtx4090 = { id: "4090.16c62g", name: "RTX 4090 24GB" };

describe("productNameMatches (fuzzy GPU names)", () => {
    it.each(["RTX 4090", "rtx4090", "4090", "rtx-4090", "RTX_4090", "rtx 4090 24gb", "RTX4090 24GB"])("%j matches \"RTX 4090 24GB\"", (q) => {
        expect(productNameMatches(q, rtx4090)).toBe(true);
    });

    it.each(["RTX 3090", "A100", "4090 48GB", "rtx 5090"])("%j does not match \"RTX 4090 24GB\"", (q) => {
        expect(productNameMatches(q, rtx4090)).toBe(false);
    });

    it("matches a product id exactly (case-insensitive), but not a part of one", () => {
        expect(productNameMatches("4090.16C62G", rtx4090)).toBe(true);
        expect(productNameMatches("16c62g", rtx4090)).toBe(false);
    });

    it("never matches an empty query", () => {
        expect(productNameMatches(" - ", rtx4090)).toBe(false);
    });
});
