import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { providerText, dynamicType } from "../../src/resources/shims";
import { GpuInstance, NetworkStorage, RegistryAuth } from "../../src";

// What cmd/dynamic-provider does with the text: requireFromString(text).handler().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString = require(require.resolve("require-from-string", { paths: [path.dirname(require.resolve("@pulumi/pulumi"))] }));

describe("the __provider text stored with every resource", () => {
    test.each(["gpuInstance", "registryAuth", "networkStorage"] as const)("%s: at most 1 KB, only requires pulumi-novita/provider", (kind) => {
        const text = providerText(kind);
        expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1024);
        expect([...text.matchAll(/require\(([^)]*)\)/g)].map((m) => m[1])).toEqual(['"pulumi-novita/provider"']);
    });

    test.each(["gpuInstance", "registryAuth", "networkStorage"] as const)("%s: loads, through require-from-string, the provider with every dynamic-provider method", (kind) => {
        // An installed package with an exports map, as in a user's project.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "novita-shim-"));
        const pkg = path.join(dir, "node_modules", "pulumi-novita");
        fs.mkdirSync(pkg, { recursive: true });
        fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "pulumi-novita", exports: { "./provider": "./provider.js" } }));
        fs.writeFileSync(path.join(pkg, "provider.js"), 'exports.gpuInstance = { tag: "g" }; exports.registryAuth = { tag: "r" }; exports.networkStorage = { tag: "n" };');
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
});
