/**
 * `GpuInstance.get` / `RegistryAuth.get` under the REAL Pulumi CLI (issue #11, item 2). The engine records a read
 * whose provider answers "not found" under the requested id with empty outputs (step.go ReadStep.Apply errors only
 * on nil outputs, and Pulumi's dynamic-provider server always returns `__provider`), so the provider's `read` must
 * refuse a missing id itself.
 */
import { NovitaClient } from "../../src/api/client";
import { CliStack, describeCli, tsProject } from "./kit";

jest.setTimeout(600_000);

const program = (gpuId: string, authId: string) =>
    tsProject(
        "get",
        `import * as novita from "pulumi-novita";

const gpu = novita.GpuInstance.get("adopted", "${gpuId}");
const auth = novita.RegistryAuth.get("auth", "${authId}");
export const name = gpu.name;
export const status = gpu.status;
export const authName = auth.name;
`,
    );

describeCli("`.get` under the real Pulumi CLI", () => {
    test("an id that does not exist fails `pulumi up`, naming it; existing ids are read with their outputs", async () => {
        const s = await CliStack.start(program("no-such-instance-1", "no-such-auth-1"));
        try {
            const missing = await s.run(["up", "--yes", "--skip-preview"]);
            expect(missing.code).not.toBe(0);
            expect(missing.stdout).toContain("no GPU instance no-such-instance-1 (GpuInstance.get)");
            expect(missing.stdout).toContain("no registry auth no-such-auth-1 (RegistryAuth.get)");
            expect(await s.resources()).toEqual({}); // nothing recorded

            const console = new NovitaClient({ apiKey: s.sim.apiKey, baseUrl: s.sim.baseUrl });
            const { id } = await console.createInstance({ name: "console-made", productId: "4090.16c62g", gpuNum: 1, rootfsSize: 60, imageUrl: "nginx", kind: "gpu" });
            const auth = await console.saveRegistryAuth({ name: "console-auth", username: "bot", password: "pw-cli-get-9c1d" });
            const existing = await CliStack.start({ ...program(id, auth.id), sim: s.sim });
            try {
                await existing.up();
                const outputs = JSON.parse((await existing.ok(["stack", "output", "--json"])).stdout);
                expect(outputs).toMatchObject({ name: "console-made", authName: "console-auth" });
                expect(typeof outputs.status).toBe("string");
                const read = await existing.resources();
                expect(read.adopted).toMatchObject({ id, external: true });
                await existing.ok(["destroy", "--yes"]);
                expect(s.sim.instance(id)!.status).not.toMatch(/remov/); // a read resource is never deleted
                expect(s.sim.registryAuths().map((a) => a.id)).toEqual([auth.id]);
                expect(existing.printed()).not.toContain("pw-cli-get-9c1d");
            } finally {
                await existing.close();
            }
        } finally {
            await s.close();
        }
    });
});
