/** README.md is the truth for a new user: its commands, tables, config keys, links and jest example match the code. */
import * as fs from "fs";
import * as path from "path";
import { checkGpuInstance } from "../../src/provider/gpu-instance/check";
import type { GpuInstanceInputs } from "../../src/provider/gpu-instance/inputs";
import { planUpdate, type StoredOutputs, type UpdatePlan } from "../../src/provider/gpu-instance/plan";
import { placementSupport } from "../../src/provider/placement";
import { registryAuth } from "../../src/provider/registry-auth";
import { checkNetworkStorage, diffNetworkStorage, UPDATED_IN_PLACE } from "../../src/provider/network-storage/check";

const ROOT = path.resolve(__dirname, "../..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

/** The text of a `## heading` section, up to the next `## `. */
function section(heading: string): string {
    const start = README.indexOf(`\n## ${heading}\n`);
    expect(start).toBeGreaterThanOrEqual(0);
    const end = README.indexOf("\n## ", start + 4);
    return README.slice(start, end < 0 ? undefined : end);
}

/** Rows of the markdown table that follows `marker` in `text`: arrays of cells. */
function tableAfter(text: string, marker: string): string[][] {
    const lines = text.slice(text.indexOf(marker)).split("\n");
    const first = lines.findIndex((l) => l.startsWith("|"));
    const rows: string[][] = [];
    for (const line of lines.slice(first + 2)) {
        if (!line.startsWith("|")) break;
        rows.push(line.slice(1, -1).split(" | ").map((c) => c.trim()));
    }
    return rows;
}

test("set-up after cloning is exactly two commands: the demo and the tests", () => {
    const block = /```bash\n([\s\S]*?)```/.exec(section("Try it: two commands"))![1]!.trim().split("\n");
    expect(block).toEqual(["npm ci && npm run demo", "npm test"]);
    const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts;
    expect(scripts.demo).toBe("node scripts/demo.js");
    expect(scripts.test).toBe("node scripts/test.js");
});

test("the jest example in the README is, character for character, test/examples/readme-jest.test.ts (which runs)", () => {
    const marker = "<!-- readme-example: test/examples/readme-jest.test.ts -->\n```ts\n";
    const at = README.indexOf(marker);
    expect(at).toBeGreaterThanOrEqual(0);
    const code = README.slice(at + marker.length, README.indexOf("```\n", at + marker.length));
    expect(code).toBe(fs.readFileSync(path.join(__dirname, "readme-jest.test.ts"), "utf8"));
});

describe("the update-behaviour tables match what the providers' diff does", () => {
    const inputs = (raw: Record<string, unknown>) => {
        const r = checkGpuInstance({}, { name: "t", productId: "4090.16c62g", clusterId: "as-sgp-2", imageUrl: "img:1", ...raw }, placementSupport.validate);
        if (r.failures.length) throw new Error(JSON.stringify(r.failures));
        return r.inputs as GpuInstanceInputs;
    };
    const stored = (raw: Record<string, unknown>): StoredOutputs => ({ ...inputs(raw), clusterName: "AS-SGP-02", productName: "RTX 4090 24GB", billingMode: "onDemand" });
    const viaPlacement = (selector: Record<string, unknown>): [StoredOutputs, GpuInstanceInputs] => {
        const olds = { ...stored({}), placement: { productName: "RTX 4090" } } as StoredOutputs;
        const { productId: _p, clusterId: _c, billingMode: _b, ...rest } = inputs({});
        return [olds, { ...rest, placement: selector } as GpuInstanceInputs];
    };
    /** One change per README entry: [old inputs → stored outputs, new checked inputs]. */
    const CASES: Record<string, () => [StoredOutputs, GpuInstanceInputs]> = {
        productId: () => [stored({}), inputs({ productId: "3090.16c92g" })],
        gpuNum: () => [stored({}), inputs({ gpuNum: 2 })],
        clusterId: () => [stored({}), inputs({ clusterId: "cn-hongkong-1" })],
        billingMode: () => [stored({}), inputs({ billingMode: "spot" })],
        kind: () => [stored({}), { ...inputs({}), kind: "cpu" } as unknown as GpuInstanceInputs], // check() allows only "gpu"
        name: () => [stored({}), inputs({ name: "renamed" })],
        networkId: () => [stored({}), inputs({ networkId: "vpc-1" })],
        minCudaVersion: () => [stored({}), inputs({ minCudaVersion: "12.4" })],
        templateId: () => [stored({}), inputs({ templateId: "7" })],
        "rootfsSize decrease": () => [stored({ rootfsSize: 100 }), inputs({ rootfsSize: 60 })],
        "placement no longer satisfied": () => viaPlacement({ productName: "H100" }),
        ports: () => [stored({}), inputs({ ports: ["22/tcp"] })],
        "rootfsSize increase": () => [stored({ rootfsSize: 60 }), inputs({ rootfsSize: 100 })],
        imageUrl: () => [stored({}), inputs({ imageUrl: "img:2" })],
        imageAuthId: () => [stored({}), inputs({ imageAuthId: "auth-2" })],
        envs: () => [stored({}), inputs({ envs: { A: "1" } })],
        command: () => [stored({}), inputs({ command: "python serve.py" })],
        entrypoint: () => [stored({}), inputs({ entrypoint: "/bin/sh" })],
        networkStorages: () => [stored({}), inputs({ networkStorages: [{ id: "vol-1" }] })],
        state: () => [stored({}), inputs({ state: "stopped" })],
        timeouts: () => [stored({}), inputs({ timeouts: { create: "30m" } })],
        readiness: () => [stored({ ports: ["8000/http"] }), inputs({ ports: ["8000/http"], readiness: { http: { port: 8000, path: "/health" } } })],
        "placement still satisfied": () => viaPlacement({ productName: "RTX 4090", maxPricePerHour: 5 }),
    };
    const classify = (p: UpdatePlan) =>
        p.replaces.length ? "replace" : p.edit.length ? "edit" : p.upgrade.length ? "upgrade" : p.power ? "start / stop" : p.metadata.length ? "no API call" : "nothing";

    /** README rows → { case: class }. The class is the bold text of the second cell. */
    function readmeClasses(marker: string): Record<string, string> {
        const out: Record<string, string> = {};
        for (const [what, result] of tableAfter(section("Update behaviour"), marker)) {
            const cls = /\*\*(.+?)\*\*/.exec(result!)![1]!;
            for (const m of what!.matchAll(/`(\w+)`( (?:increase|decrease))?/g)) {
                let key = m[1]! + (m[2] ?? "");
                if (key === "placement") key = /no longer satisfies/.test(what!) ? "placement no longer satisfied" : "placement still satisfied";
                out[key] = cls;
            }
        }
        return out;
    }

    test("GpuInstance: every row, field by field, is the class planUpdate() gives that change", () => {
        const fromCode = Object.fromEntries(Object.entries(CASES).map(([k, make]) => [k, classify(planUpdate(...make(), placementSupport.satisfies))]));
        expect(readmeClasses("**GpuInstance**")).toEqual(fromCode);
    });

    test("RegistryAuth: name, username and password replace (create-before-delete); timeouts changes state only", async () => {
        const olds = { name: "a", username: "u", password: "p", timeouts: { delete: "5m" } };
        const fromCode: Record<string, string> = {};
        for (const [k, v] of Object.entries({ name: "b", username: "v", password: "q", timeouts: { delete: "9m" } })) {
            const d = await registryAuth.diff("id", olds, { ...olds, [k]: v });
            expect(d.deleteBeforeReplace).toBe(false);
            fromCode[k] = d.replaces.length ? "replace" : d.changes ? "no API call" : "nothing";
        }
        expect(readmeClasses("**RegistryAuth**")).toEqual(fromCode);
    });

    test("NetworkStorage: another cluster replaces, name and growth update in place, shrinking is refused, timeouts changes state only", () => {
        const inputs = { name: "v", region: "US-CA-06", size: 100, timeouts: { delete: "5m" } };
        const olds = { ...inputs, clusterId: "us-ca-6", clusterName: "US-CA-06", status: "ready" };
        const CASES: Record<string, Record<string, unknown>> = {
            clusterId: { region: undefined, clusterId: "as-sgp-2" },
            region: { region: "AS-SGP-02" },
            name: { name: "w" },
            "size increase": { size: 200 },
            "size decrease": { size: 50 },
            timeouts: { timeouts: { delete: "9m" } },
        };
        const fromCode: Record<string, string> = {};
        for (const [k, patch] of Object.entries(CASES)) {
            const news: Record<string, unknown> = { ...inputs, ...patch };
            for (const [key, v] of Object.entries(news)) if (v === undefined) delete news[key];
            if (checkNetworkStorage(inputs, news).failures.length > 0) {
                fromCode[k] = "refused";
                continue;
            }
            const d = diffNetworkStorage(olds, news);
            const inPlace = UPDATED_IN_PLACE.some((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
            fromCode[k] = d.replaces.length ? "replace" : d.changes && inPlace ? "update" : d.changes ? "no API call" : "nothing";
            expect(d.deleteBeforeReplace).toBe(false);
        }
        expect(readmeClasses("**NetworkStorage**")).toEqual(fromCode);
    });
});

test("the Configuration section documents every novita:* config key and NOVITA_* variable the code reads", () => {
    const documented = section("Configuration");
    const found = new Set<string>();
    const walk = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const p = path.join(dir, e.name);
            if (e.isDirectory()) walk(p);
            else if (p.endsWith(".ts") && !p.includes(`${path.sep}simulator${path.sep}`) && !p.includes(`${path.sep}testing${path.sep}`)) {
                const src = fs.readFileSync(p, "utf8");
                for (const m of src.matchAll(/get(?:Config)?\("(novita:\w+)"\)/g)) found.add(m[1]!);
                for (const m of src.matchAll(/env\.(NOVITA_\w+)/g)) found.add(m[1]!);
            }
        }
    };
    walk(path.join(ROOT, "src"));
    expect(found.size).toBeGreaterThanOrEqual(8);
    expect([...found].filter((k) => !documented.includes(`\`${k}\``)).sort()).toEqual([]);
});

test("every relative link in the README points at a file of this repository", () => {
    const links = [...README.matchAll(/\]\(([^)#]+?)\)/g)].map((m) => m[1]!).filter((l) => !/^https?:/.test(l));
    expect(links).toEqual(expect.arrayContaining(["docs/benchmarks.md", "src/testing/README.md", "examples/quickstart"]));
    const missing = links.filter((l) => !fs.existsSync(path.join(ROOT, l)));
    expect(missing).toEqual([]);
});
