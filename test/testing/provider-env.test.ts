/**
 * The provider process's environment is the one the Pulumi CLI gives the `pulumi-nodejs` plugin
 * (sdk/go/common/resource/plugin/provider_plugin.go NewProvider, pkg/host/host.go Provider): the project, and in
 * PULUMI_CONFIG only that plugin's own `pulumi-nodejs:` keys, unqualified. The stack config (secrets included)
 * reaches the provider through Configure alone, never the environment.
 */
import * as pulumi from "@pulumi/pulumi";
import { startStack, type TestStack } from "./fixtures/setup";

const envProvider: pulumi.dynamic.ResourceProvider = {
    async configure(req: pulumi.dynamic.ConfigureRequest) {
        (this as any).configuredKey = req.config.get("test:apiKey") ?? null;
    },
    async create() {
        const env = process.env;
        return {
            id: "probe-1",
            outs: {
                pulumiConfig: env.PULUMI_CONFIG ?? null,
                nodejsProject: env.PULUMI_NODEJS_PROJECT ?? null,
                project: env.PULUMI_PROJECT ?? null,
                stack: env.PULUMI_STACK ?? null,
                nodejsStack: env.PULUMI_NODEJS_STACK ?? null,
                configuredKey: (this as any).configuredKey,
            },
        };
    },
};

class EnvProbe extends pulumi.dynamic.Resource {
    constructor(name: string) {
        const seed = { pulumiConfig: undefined, nodejsProject: undefined, project: undefined, stack: undefined, nodejsStack: undefined, configuredKey: undefined };
        super(envProvider, name, seed, { additionalSecretOutputs: ["configuredKey"] }, "test", "EnvProbe");
    }
}

let s: TestStack;
afterEach(() => s.dispose());

test("the provider sees the project and only `pulumi-nodejs:` config in its environment; the stack config comes through Configure", async () => {
    s = await startStack({
        config: { "test:apiUrl": "http://unused.invalid", "test:apiKey": { value: "sk_env_probe_secret", secret: true }, "pulumi-nodejs:flag": "on" },
    });
    await s.engine.up(() => void new EnvProbe("probe"));
    const probe = s.engine.state.find((r) => r.name === "probe")!;
    expect(probe.outputs).toEqual({
        pulumiConfig: JSON.stringify({ flag: "on" }),
        nodejsProject: "demo",
        project: "demo",
        stack: null,
        nodejsStack: null,
        configuredKey: "sk_env_probe_secret",
        __provider: expect.any(String),
    });
});
