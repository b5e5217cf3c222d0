/** Shared by the benchmarks: the repo root, a wider catalogue, request counting, medians. */
import * as fs from "node:fs";
import * as path from "node:path";
import type { CatalogueSeed, ClusterSeed, RequestLogEntry, Simulator } from "../src/simulator";
import { defaultCatalogue } from "../src/simulator";

/** The repository root (the nearest directory above whose package.json is pulumi-novita's): its dist/ is what the provider process loads. */
export const ROOT = ((): string => {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        const pkg = path.join(dir, "package.json");
        if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: string }).name === "pulumi-novita") return dir;
        if (path.dirname(dir) === dir) throw new Error("bench: the pulumi-novita package root was not found");
    }
})();

/** The seed catalogue widened to `n` clusters; RTX 4090 24GB offered in every one of them. */
export function wideCatalogue(n: number): CatalogueSeed {
    const c = defaultCatalogue();
    const extra: ClusterSeed[] = Array.from({ length: Math.max(0, n - c.clusters.length) }, (_, i) => ({
        id: `bench-${i + 1}`, name: `BENCH-${String(i + 1).padStart(2, "0")}`, location: `Bench ${i + 1}`,
        supportNetworkStorage: false, supportInstanceNetwork: false,
    }));
    c.clusters.push(...extra);
    const p = c.products.find((x) => x.id === "4090.16c62g")!;
    for (const cl of c.clusters) p.stock[cl.id] = { onDemand: 400, spot: 40 };
    return c;
}

export function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Requests the simulator logged from `from` (a log length taken earlier) on. */
export function since(sim: Simulator, from: number): RequestLogEntry[] {
    return sim.requestLog().slice(from);
}

export interface Row {
    bench: string;
    metric: string;
    value: string;
    target: string;
    /** `true` met, `false` missed, `undefined` informational. */
    met?: boolean;
}

export const fmt = (n: number, digits = 1) => (Number.isInteger(n) ? String(n) : n.toFixed(digits));
