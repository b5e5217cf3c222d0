/**
 * Errors a user can act on, through the offline engine and the real dynamic-provider server (issue #10):
 * unknown inputs and bad ports fail the preview with zero requests; a network failure names the host and the
 * setting that chose it; a refused key names novita:apiKey and NOVITA_API_KEY; an update of an instance deleted
 * outside Pulumi says to run `pulumi refresh`.
 */
import * as novita from "../../src";
import { DeploymentError, OfflineEngine } from "../../src/testing";
import { startNovitaStack, TIME_SCALE, type NovitaStack } from "./harness";
import { closedPort } from "../simulator/helpers";

let s: NovitaStack;
beforeEach(async () => (s = await startNovitaStack()));
afterEach(() => s.dispose());

const args: novita.GpuInstanceArgs = { productId: "4090.16c62g", imageUrl: "nginx" };
const gpu = (extra: Record<string, unknown> = {}) => () => void new novita.GpuInstance("gpu", { ...args, ...extra } as novita.GpuInstanceArgs);
const failureOf = async (p: Promise<unknown>): Promise<DeploymentError> => {
    const e = await p.then(() => undefined, (x) => x);
    expect(e).toBeInstanceOf(DeploymentError);
    return e as DeploymentError;
};


describe("check refuses at preview, before any request", () => {
    test.each([
        ["a misspelt input", gpu({ imageURL: "nginx" }), 'imageURL: unknown property "imageURL"; did you mean "imageUrl"?'],
        ["a misspelt placement key", () => void new novita.GpuInstance("gpu", { imageUrl: "nginx", placement: { productName: "RTX 4090", region: ["AS-SGP-02"] } as never }), 'placement.region: unknown property "region"; did you mean "regions"?'],
        ["a misspelt RegistryAuth input", () => void new novita.RegistryAuth("auth", { username: "bot", password: "pw-1234", server: "ghcr.io" } as never), 'server: unknown property "server"; valid properties: name, password, timeouts, username'],
        ["a port that is not one", gpu({ ports: ["abc"] }), 'ports[0]: "abc": not a port: use "<port>/http", "<port>/tcp" or {port, type}, with a port 1–65535 except 2222–2224'],
        ["a udp port", gpu({ ports: ["8000/udp"] }), 'ports[0]: "8000/udp": type "udp" is not supported: use "<port>/http", "<port>/tcp" or {port, type}'],
    ])("%s", async (_label, program, text) => {
        const err = await failureOf(s.engine.preview(program));
        expect(err.message).toContain(text);
        expect(s.sim.requestLog()).toHaveLength(0);
    });
});

describe("network errors name the host and the setting that chose it", () => {
    test("novita:baseUrl", async () => {
        const port = await closedPort();
        const engine = new OfflineEngine({
            project: "p", stack: "s",
            config: { "novita:apiKey": { value: "sk_any_key_0000", secret: true }, "novita:baseUrl": `http://127.0.0.1:${port}/gpu-instance/openapi`, "novita:timeScale": String(TIME_SCALE) },
        });
        try {
            const err = await failureOf(engine.up(gpu()));
            expect(err.message).toMatch(new RegExp(`network error \\(ECONNREFUSED\\) reaching 127\\.0\\.0\\.1:${port} after 6 attempts over \\d+\\.\\d s`));
            expect(err.message).toContain(`(base URL http://127.0.0.1:${port}/gpu-instance/openapi, set by stack config novita:baseUrl)`);
            expect(err.message).not.toContain("sk_any_key_0000");
        } finally {
            await engine.close();
        }
    });

    test("NOVITA_BASE_URL", async () => {
        const port = await closedPort();
        const engine = new OfflineEngine({
            project: "p", stack: "s",
            config: { "novita:apiKey": { value: "sk_any_key_0000", secret: true }, "novita:timeScale": String(TIME_SCALE) },
            env: { NOVITA_BASE_URL: `http://127.0.0.1:${port}/gpu-instance/openapi` },
        });
        try {
            const err = await failureOf(engine.up(gpu()));
            expect(err.message).toContain(`reaching 127.0.0.1:${port}`);
            expect(err.message).toContain("set by NOVITA_BASE_URL)");
        } finally {
            await engine.close();
        }
    });
});

describe("a refused key names novita:apiKey and NOVITA_API_KEY", () => {
    test.each([
        ["from stack config", { "novita:apiKey": { value: "sk_wrong_key_4c5d6e7f", secret: true } }, {}, "The API key from stack config novita:apiKey was refused"],
        ["from the environment", {}, { NOVITA_API_KEY: "sk_wrong_key_4c5d6e7f" }, "The API key from NOVITA_API_KEY was refused"],
    ])("%s", async (_label, config, env, source) => {
        const engine = new OfflineEngine({
            project: "p", stack: "s",
            config: { "novita:baseUrl": s.sim.baseUrl, "novita:timeScale": String(TIME_SCALE), ...config },
            env: { NOVITA_API_KEY: "", ...env },
        });
        try {
            const err = await failureOf(engine.up(gpu()));
            expect(err.message).toContain("403 INVALID_API_KEY");
            expect(err.message).toContain(source);
            expect(err.message).toContain("`pulumi config set --secret novita:apiKey <key>` or export NOVITA_API_KEY");
            expect(err.message).toContain("a simulator makes a new key each time it starts");
            expect(JSON.stringify(err.result)).not.toContain("sk_wrong_key_4c5d6e7f");
        } finally {
            await engine.close();
        }
    });
});

describe("an instance deleted outside Pulumi", () => {
    test("an update says to run `pulumi refresh`; refresh then drops it silently and up recreates it", async () => {
        await s.engine.up(gpu());
        const id = s.byName("gpu").id;
        s.sim.outOfBand.delete(id);
        const err = await failureOf(s.engine.up(gpu({ ports: ["8080/http"] })));
        expect(err.message).toMatch(new RegExp(`\\(${id}\\) no longer exists on Novita \\(.*\\); it was probably deleted outside Pulumi\\. Run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to create it again`));
        const refreshed = await s.engine.refresh();
        expect(refreshed.steps.find((x) => x.name === "gpu")).toMatchObject({ op: "delete" });
        expect(s.resources()).toHaveLength(0);
        await s.engine.up(gpu({ ports: ["8080/http"] }));
        s.assertInstancesMatchState();
    });
});

describe("getOptimalProduct(Output) errors are one clear message, no JavaScript stack trace", () => {
    const noStack = (message: string) => expect(message).not.toMatch(/\n\s+at .+:\d+:\d+/);

    test("output form, a name that matches nothing: did you mean", async () => {
        const program = () => {
            const pick = novita.getOptimalProductOutput({ productName: "RTX 409" });
            return { product: pick.productId };
        };
        const err = await failureOf(s.engine.preview(program));
        expect(err.message).toContain('getOptimalProduct: No offer satisfies the selector for productName "RTX 409"');
        expect(err.message).toContain('did you mean "RTX 4090"');
        expect(err.message).not.toMatch(/unhandled exception/);
        noStack(err.message);
    });

    test("direct form, a refused key: names novita:apiKey and NOVITA_API_KEY", async () => {
        const engine = new OfflineEngine({
            project: "p", stack: "s",
            config: { "novita:apiKey": { value: "sk_wrong_key_9a8b7c6d", secret: true }, "novita:baseUrl": s.sim.baseUrl, "novita:timeScale": String(TIME_SCALE) },
        });
        try {
            const err = await failureOf(engine.preview(async () => ({ id: (await novita.getOptimalProduct({ productName: "RTX 4090" })).productId })));
            expect(err.message).toContain("getOptimalProduct: Novita API GET /v1/clusters failed: 403 INVALID_API_KEY");
            expect(err.message).toContain("The API key from stack config novita:apiKey was refused");
            noStack(err.message);
            expect(JSON.stringify(err.result)).not.toContain("sk_wrong_key_9a8b7c6d");
        } finally {
            await engine.close();
        }
    });
});
