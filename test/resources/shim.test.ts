import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { spawnSync } from "node:child_process";
import { providerText, dynamicType, NOT_INSTALLED_ADVICE } from "../../src/resources/shims";
import { GpuInstance, NetworkStorage, RegistryAuth } from "../../src";
import { hasNoChanges, planOf, startNovitaTestStack, type StateResource } from "../../src/testing";
import { pulumiDir } from "../../src/testing/sdk";

// What cmd/dynamic-provider does with the text: requireFromString(text).handler().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString = require(require.resolve("require-from-string", { paths: [path.dirname(require.resolve("@pulumi/pulumi"))] }));

/** A temp directory holding `node_modules/pulumi-novita` with the given `provider.js`. */
function installedCopy(providerJs: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "novita-shim-"));
    const pkg = path.join(dir, "node_modules", "pulumi-novita");
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "pulumi-novita", exports: { "./provider": "./provider.js" } }));
    fs.writeFileSync(path.join(pkg, "provider.js"), providerJs);
    return dir;
}

/** The text of the first release (one line), still in the state of stacks deployed with it. */
const FIRST_RELEASE_TEXT = (kind: string) => `exports.handler = () => require("pulumi-novita/provider").${kind};\n`;

describe("the __provider text stored with every resource", () => {
    test.each(["gpuInstance", "registryAuth", "networkStorage"] as const)("%s: at most 1 KB, only requires pulumi-novita/provider", (kind) => {
        const text = providerText(kind);
        expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1024);
        expect([...text.matchAll(/require\(([^)]*)\)/g)].map((m) => m[1])).toEqual(['"pulumi-novita/provider"']);
    });

    test.each(["gpuInstance", "registryAuth", "networkStorage"] as const)("%s: loads, through require-from-string, the provider with every dynamic-provider method", (kind) => {
        // An installed package with an exports map, as in a user's project.
        const dir = installedCopy('exports.gpuInstance = { tag: "g" }; exports.registryAuth = { tag: "r" }; exports.networkStorage = { tag: "n" };');
        try {
            const loaded = requireFromString(providerText(kind), { prependPaths: [path.join(dir, "node_modules")] }).handler();
            expect(loaded.tag).toBe({ gpuInstance: "g", registryAuth: "r", networkStorage: "n" }[kind]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const impl = require("../../src/provider")[kind];
        for (const m of ["configure", "check", "diff", "create", "read", "update", "delete"]) expect(typeof impl[m]).toBe("function");
    });

    test("resources register with the dynamic-provider type token and the text, with no credentials", async () => {
        process.env.NOVITA_API_KEY = "sk_program_time_secret_value";
        const seen: Record<string, { type: string; inputs: Record<string, unknown> }> = {};
        await pulumi.runtime.setMocks(
            {
                newResource: (a) => {
                    seen[a.name] = { type: a.type, inputs: a.inputs };
                    return { id: `${a.name}-id`, state: a.inputs };
                },
                call: () => ({}),
            },
            "p",
            "s",
            false,
        );
        try {
            const auth = new RegistryAuth("creds", { username: "u", password: pulumi.secret("pw-123456") });
            const volume = new NetworkStorage("weights", { region: "AS-SGP-02", size: 50 });
            const gpu = new GpuInstance("trainer", { productId: "4090.16c62g", imageUrl: "nginx", imageAuthId: auth.id, networkStorages: [{ id: volume.id }] });
            await new Promise((r) => gpu.id.apply(r));
            expect(seen.trainer!.type).toBe(dynamicType("GpuInstance"));
            expect(seen.trainer!.type).toBe("pulumi-nodejs:dynamic/novita:GpuInstance");
            expect(seen.trainer!.inputs.__provider).toBe(providerText("gpuInstance"));
            expect(seen.creds!.inputs.__provider).toBe(providerText("registryAuth"));
            expect(seen.trainer!.inputs.autoNamePrefix).toBe("trainer");
            expect(seen.weights!.type).toBe("pulumi-nodejs:dynamic/novita:NetworkStorage");
            expect(seen.weights!.inputs.__provider).toBe(providerText("networkStorage"));
            expect(seen.weights!.inputs.autoNamePrefix).toBe("weights");
            expect(JSON.stringify(seen)).not.toContain("sk_program_time_secret_value");
        } finally {
            delete process.env.NOVITA_API_KEY;
        }
    });

    test("without pulumi-novita where the provider runs, it says to add it as a direct dependency, naming the directory", () => {
        // An empty directory with nothing on NODE_PATH: what the dynamic-provider process sees when the project
        // does not have pulumi-novita (e.g. only as a dependency of another package).
        const cwd = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "novita-shim-empty-")));
        try {
            expect(handlerInFreshNode(cwd)).toBe(
                `pulumi-novita cannot be found from ${cwd}, where Pulumi runs this resource's dynamic provider: ${NOT_INSTALLED_ADVICE} ` +
                    "(Cannot find module 'pulumi-novita/provider')",
            );
            expect(NOT_INSTALLED_ADVICE).toContain('add "pulumi-novita" as a direct dependency of the Pulumi project');
        } finally {
            fs.rmSync(cwd, { recursive: true, force: true });
        }
    });

    test("any other failure to load the provider passes through unchanged (a missing dependency of pulumi-novita)", () => {
        const dir = installedCopy('require("axios-that-is-not-installed");');
        try {
            expect(handlerInFreshNode(dir)).toBe("Cannot find module 'axios-that-is-not-installed'");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

/**
 * `requireFromString(text).handler()` in a new node process in `cwd` with nothing on NODE_PATH, as the
 * dynamic-provider server runs it; the first line of the error it throws, or "loaded". (Not in this process:
 * node caches the resolution of `pulumi-novita/provider` for every require-from-string module alike.)
 */
function handlerInFreshNode(cwd: string): string {
    const rfs = require.resolve("require-from-string", { paths: [pulumiDir] });
    const script =
        `try { require(${JSON.stringify(rfs)})(process.argv[1]).handler(); console.log("loaded"); }` +
        ` catch (e) { console.log(String(e.message).split("\\n")[0]); }`;
    const r = spawnSync(process.execPath, ["-e", script, providerText("gpuInstance")], { cwd, encoding: "utf8", env: { ...process.env, NODE_PATH: "" } });
    return r.stdout.trim();
}

describe("a stack deployed with the first release's __provider text", () => {
    test("is unchanged by an up with today's text (a same step), and refreshes and destroys with the stored text", async () => {
        const program = () => {
            const auth = new RegistryAuth("creds", { username: "u", password: pulumi.secret("pw-shim-compat") });
            new GpuInstance("trainer", { productId: "4090.16c62g", clusterId: "as-sgp-2", imageUrl: "nginx", imageAuthId: auth.id });
        };
        const first = await startNovitaTestStack();
        let old: StateResource[];
        try {
            await first.engine.up(program);
            old = first.engine.state.map((r) => {
                if (!r.custom) return r;
                const text = FIRST_RELEASE_TEXT(r.type.endsWith("GpuInstance") ? "gpuInstance" : "registryAuth");
                return { ...r, inputs: { ...r.inputs, __provider: text }, outputs: { ...r.outputs, __provider: text } };
            });
        } finally {
            await first.engine.close();
        }
        const stack = await startNovitaTestStack({ simulator: first.simulator, engine: { state: old } });
        try {
            expect(hasNoChanges(await stack.engine.preview(program))).toBe(true);
            expect(planOf(await stack.engine.up(program))).toEqual({ creds: "same", trainer: "same" });
            const trainer = stack.engine.state.find((r) => r.name === "trainer")!;
            expect(trainer.inputs.__provider).toBe(providerText("gpuInstance"));
            expect(trainer.outputs.__provider).toBe(FIRST_RELEASE_TEXT("gpuInstance")); // a same step keeps the old outputs
            // Refresh calls Diff after Read (step.go RefreshStep, CLI >= 3.120): the provider's diff ignores the
            // __provider text, so nothing changed.
            expect(planOf(await stack.engine.refresh())).toEqual({ creds: "same", trainer: "same" });
            expect(planOf(await stack.engine.destroy())).toEqual({ creds: "delete", trainer: "delete" });
            expect(stack.orphans()).toEqual([]);
            expect(stack.simulator.registryAuths()).toEqual([]);
        } finally {
            await stack.close();
            await first.simulator.close();
        }
    });
});
