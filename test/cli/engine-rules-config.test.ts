/**
 * Under the real Pulumi CLI: `pulumi refresh` and `pulumi destroy` configure the provider from state (the default
 * `pulumi:providers:pulumi-nodejs` provider recorded by the last `up`), not from the current stack config. The same
 * scenario runs offline in test/engine/provider-config.test.ts; docs/engine-fidelity.md cites the engine source.
 */
import { CliStack, describeCli, type CliRun } from "./kit";

jest.setTimeout(600_000);

const PROGRAM = {
    files: {
        "Pulumi.yaml": "name: provider-config\nruntime: nodejs\n",
        "package.json": JSON.stringify({ name: "provider-config", private: true, main: "index.js" }),
        "index.js": 'const novita = require("pulumi-novita");\nnew novita.GpuInstance("gpu", { productId: "4090.16c62g", imageUrl: "nginx" });\n',
    },
};

const output = (r: CliRun) => `${r.stdout}\n${r.stderr}`;
const running = (s: CliStack) => s.sim.instances().filter((i) => i.status === "running");

/** Rotates the simulator's key (the old one is refused from now on) and sets the new one in stack config. */
async function rotate(s: CliStack): Promise<{ keyA: string; keyB: string }> {
    const keyA = s.sim.apiKey;
    const keyB = s.sim.rotateApiKey();
    await s.setConfig("novita:apiKey", { value: keyB, secret: true });
    return { keyA, keyB };
}

function expectRefusedKey(r: CliRun): void {
    expect(r.code).not.toBe(0);
    expect(output(r)).toContain("403 INVALID_API_KEY");
    expect(output(r)).toContain("The API key from stack config novita:apiKey was refused");
    expect(output(r)).toContain("saved by the last `pulumi up`");
}

describeCli("the provider configuration recorded in state, under the real Pulumi CLI", () => {
    test("state holds the default provider with the config (key encrypted); after a key rotation destroy, refresh and up --refresh fail with 403 INVALID_API_KEY; up records the new key; destroy succeeds", async () => {
        const s = await CliStack.start(PROGRAM);
        try {
            await s.up();
            const provider = (await s.exportState()).deployment.resources!.find((r) => r.type === "pulumi:providers:pulumi-nodejs")!;
            expect(provider.urn).toBe("urn:pulumi:dev::provider-config::pulumi:providers:pulumi-nodejs::default");
            expect(Object.keys(provider.inputs!).sort()).toEqual(["novita:apiKey", "novita:baseUrl", "novita:timeScale"]);
            expect(JSON.stringify(provider.inputs!["novita:apiKey"])).toContain("ciphertext");
            const [instance] = running(s);

            const { keyA, keyB } = await rotate(s);
            expectRefusedKey(await s.run(["destroy", "--yes", "--skip-preview"]));
            expectRefusedKey(await s.run(["refresh", "--yes", "--skip-preview"]));
            expectRefusedKey(await s.run(["up", "--yes", "--skip-preview", "--refresh"]));
            expect(running(s).map((i) => i.id)).toEqual([instance.id]);

            await s.up(); // the default provider is updated with the new key; the instance is unchanged
            const saved = (await s.exportState(true)).deployment.resources!.find((r) => r.type === "pulumi:providers:pulumi-nodejs")!;
            expect(JSON.stringify(saved.inputs!["novita:apiKey"])).toContain(keyB);
            expect(running(s).map((i) => i.id)).toEqual([instance.id]);
            await s.ok(["destroy", "--yes", "--skip-preview"]);
            expect(running(s)).toEqual([]);
            for (const key of [keyA, keyB]) expect(s.printed()).not.toContain(key);
        } finally {
            await s.close();
        }
    });

    test("after a key rotation, `refresh --run-program` records the new key: a plain destroy then succeeds", async () => {
        const s = await CliStack.start(PROGRAM);
        try {
            await s.up();
            await rotate(s);
            await s.ok(["refresh", "--yes", "--skip-preview", "--run-program"]);
            await s.ok(["destroy", "--yes", "--skip-preview"]);
            expect(running(s)).toEqual([]);
        } finally {
            await s.close();
        }
    });

    test("after a key rotation, `destroy --run-program` configures the provider from the current config", async () => {
        const s = await CliStack.start(PROGRAM);
        try {
            await s.up();
            await rotate(s);
            await s.ok(["destroy", "--yes", "--skip-preview", "--run-program"]);
            expect(running(s)).toEqual([]);
        } finally {
            await s.close();
        }
    });
});
