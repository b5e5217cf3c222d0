import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** DESIGN.md: `src/selection` does no I/O — no HTTP, no file system, no clock, no Pulumi, no API client. */
const DIR = join(__dirname, "../../src/selection");
const FORBIDDEN: [RegExp, string][] = [
    [/from\s+["'](node:)?(http|https|net|fs|fs\/promises|child_process|dns|tls)["']/, "a Node I/O module"],
    [/from\s+["']axios/, "axios"],
    [/from\s+["']@pulumi\//, "Pulumi"],
    [/from\s+["']\.\.\/api["']|from\s+["']\.\.\/api\/(client|transport|limiter|config|reconcile)["']/, "the API client"],
    [/\bDate\.now\(|\bnew Date\(|\bperformance\.now\(|\bMath\.random\(/, "a clock or randomness"],
    [/\bprocess\.env\b|\bfetch\(/, "the environment or the network"],
];

describe("src/selection layering", () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith(".ts"));

    it("its patterns catch what they are meant to catch", () => {
        const bad = ['import axios from "axios";', 'import * as pulumi from "@pulumi/pulumi";', 'import { readFileSync } from "node:fs";', 'import { NovitaClient } from "../api";', "const t = Date.now();", "const k = process.env.X;"];
        for (const line of bad) expect(FORBIDDEN.some(([p]) => p.test(line))).toBe(true);
        expect(FORBIDDEN.some(([p]) => p.test('import type { Product } from "../api/schemas/responses";'))).toBe(false);
    });

    it("has its modules", () => {
        expect(files).toEqual(expect.arrayContaining(["index.ts", "rank.ts", "regions.ts", "selector.ts"]));
    });

    it.each(readdirSync(DIR).filter((f) => f.endsWith(".ts")))("%s does no I/O and imports no client or Pulumi code", (file) => {
        const source = readFileSync(join(DIR, file), "utf8");
        for (const [pattern, what] of FORBIDDEN) {
            expect({ file, uses: pattern.test(source) ? what : null }).toEqual({ file, uses: null });
        }
    });
});
