/**
 * Resource options under the real Pulumi CLI, the same rules the offline engine follows in
 * test/testing/aliases.test.ts and test/testing/engine-rules.test.ts (docs/engine-fidelity.md cites the source):
 * an alias rename is step "same"; `protect` can be removed and the resource replaced in one run; a replacement
 * re-runs Check with the program's inputs, `ignoreChanges` not applied.
 */
import { CliStack, describeCli, opsOf } from "./kit";

jest.setTimeout(600_000);

const PROGRAM = `const pulumi = require("@pulumi/pulumi");
const novita = require("pulumi-novita");
const c = new pulumi.Config();
// An explicit instance name: an auto-name's prefix follows the resource name, so a rename would change it.
new novita.GpuInstance(c.get("gpuName") ?? "gpu", {
    name: "options-gpu",
    productId: "4090.16c62g",
    imageUrl: c.get("image") ?? "nginx:1.27",
    gpuNum: c.getNumber("gpuNum") ?? 1,
}, {
    protect: c.getBoolean("protect") ?? false,
    ignoreChanges: c.getObject("ignoreChanges") ?? [],
    aliases: c.get("gpuName") ? [{ name: "gpu" }] : undefined,
});
`;

describeCli("resource options under the real CLI (offline: test/testing/aliases.test.ts, engine-rules.test.ts)", () => {
    test("an alias rename is `same`; then unprotect + replace in one run, the replacement checked with the program's image despite ignoreChanges", async () => {
        const s = await CliStack.start({
            files: {
                "Pulumi.yaml": "name: options\nruntime: nodejs\n",
                "package.json": JSON.stringify({ name: "options", private: true, main: "index.js" }),
                "index.js": PROGRAM,
            },
            config: { "options:protect": "true" },
        });
        try {
            await s.up();
            const [first] = s.sim.instances();

            await s.setConfig("options:gpuName", "renamed");
            // The preview digest lists only steps that change something (pkg/display/json.go): none, so no create
            // of "renamed" and no delete of "gpu"; its summary counts the rename as unchanged.
            const rename = await s.previewJson();
            expect(opsOf(rename)).toEqual({});
            expect(rename.changeSummary).toEqual({ same: 2 });
            await s.up();
            const renamed = await s.resources();
            expect(Object.keys(renamed)).toEqual(["renamed"]);
            expect(renamed.renamed.id).toBe(first.id);
            expect(renamed.renamed.protect).toBe(true);

            await s.setConfig("options:protect", "false");
            await s.setConfig("options:ignoreChanges", '["imageUrl"]');
            await s.setConfig("options:image", "nginx:1.28");
            await s.setConfig("options:gpuNum", "2");
            expect(opsOf(await s.previewJson())).toEqual({ renamed: "replace" });
            await s.up();
            const running = s.sim.instances().filter((i) => i.status === "running");
            expect(running.map((i) => [i.id === first.id, i.gpuNum, i.imageUrl])).toEqual([[false, 2, "nginx:1.28"]]);
            const after = (await s.resources()).renamed;
            expect(after.inputs).toMatchObject({ imageUrl: "nginx:1.28", gpuNum: 2 });
            expect(after.protect).toBeFalsy();
            await s.ok(["destroy", "--yes", "--skip-preview"]);
        } finally {
            await s.close();
        }
    });
});
