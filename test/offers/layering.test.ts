import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * DESIGN.md: src/offers sits below src/provider and src/functions (arrows only point down) — it may use src/api and
 * src/selection, never Pulumi, the provider, the resources, the functions or the command.
 */
const DIR = join(__dirname, "../../src/offers");
const FORBIDDEN: [RegExp, string][] = [
    [/from\s+["']@pulumi\//, "Pulumi"],
    [/from\s+["']\.\.\/(provider|resources|functions|command|testing)(\/|["'])/, "a layer above"],
];

describe("src/offers layering", () => {
    it("its patterns catch what they are meant to catch", () => {
        for (const line of ['import * as pulumi from "@pulumi/pulumi";', 'import { getClient } from "../provider/config";', 'import { x } from "../functions";']) {
            expect(FORBIDDEN.some(([p]) => p.test(line))).toBe(true);
        }
        expect(FORBIDDEN.some(([p]) => p.test('import { rankOffers } from "../selection";'))).toBe(false);
    });

    it.each(readdirSync(DIR).filter((f) => f.endsWith(".ts")))("%s imports nothing from the layers above it", (file) => {
        const source = readFileSync(join(DIR, file), "utf8");
        for (const [pattern, what] of FORBIDDEN) expect({ file, uses: pattern.test(source) ? what : null }).toEqual({ file, uses: null });
    });
});
