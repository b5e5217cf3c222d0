import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * DESIGN.md and docs/architecture.md: arrows only point down. `src/api` knows nothing of Pulumi and imports no layer
 * above it; `src/provider` never imports `src/resources` (the provider process must not load the resource classes).
 */
const SRC = join(__dirname, "../../src");

function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
    );
}

/** The module specifiers a file imports or re-exports. */
function importsOf(source: string): string[] {
    return [...source.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]!);
}

/** The top-level folder of src/ an import from `file` reaches, or the package name. */
function target(file: string, spec: string): string {
    if (!spec.startsWith(".")) return spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!;
    return relative(SRC, join(file, "..", spec)).split(/[\\/]/)[0]!;
}

const ABOVE_API = ["@pulumi/pulumi", "selection", "offers", "provider", "resources", "functions", "command", "testing", "simulator"];

describe("layering: imports only point down", () => {
    it("reads the layer an import reaches, relative or by package name", () => {
        const file = join(SRC, "api/schemas/limits.ts");
        expect(target(file, "../../provider/config")).toBe("provider");
        expect(target(file, "../errors")).toBe("api");
        expect(target(file, "@pulumi/pulumi/dynamic")).toBe("@pulumi/pulumi");
        expect(importsOf('import type { X } from "../a";\nexport { Y } from "./b";\nconst z = import("../c");')).toEqual(["../a", "./b", "../c"]);
    });

    it.each(sources(join(SRC, "api")).map((f) => relative(SRC, f)))("src/%s imports neither Pulumi nor a layer above src/api", (file) => {
        const path = join(SRC, file);
        const above = importsOf(readFileSync(path, "utf8")).filter((spec) => ABOVE_API.includes(target(path, spec)));
        expect({ file, above }).toEqual({ file, above: [] });
    });

    it.each(sources(join(SRC, "provider")).map((f) => relative(SRC, f)))("src/%s does not import src/resources", (file) => {
        const path = join(SRC, file);
        const resources = importsOf(readFileSync(path, "utf8")).filter((spec) => target(path, spec) === "resources");
        expect({ file, resources }).toEqual({ file, resources: [] });
    });
});
