import { main, parseArgs, USAGE } from "../../src/simulator/cli";
import type { Simulator } from "../../src/simulator";

describe("novita-simulator CLI", () => {
    it("starts the simulator, prints the base URL and the key, and serves the catalogue with that key only", async () => {
        const lines: string[] = [];
        const sim = (await main(["--port", "0", "--time-scale", "0.001", "--boot-seconds=30"], { out: (l) => lines.push(l), handleSignals: false })) as Simulator;
        try {
            const text = lines.join("\n");
            const baseUrl = /base URL: (\S+)/.exec(text)![1]!;
            const apiKey = /API key:\s+(\S+)/.exec(text)![1]!;
            expect(baseUrl).toBe(sim.baseUrl);
            expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/gpu-instance\/openapi$/);
            expect(apiKey).toMatch(/^sk_sim_/);
            expect(text).toContain(`pulumi config set novita:baseUrl ${baseUrl}`);
            const ok = await fetch(`${baseUrl}/v1/products`, { headers: { Authorization: `Bearer ${apiKey}` } });
            expect(ok.status).toBe(200);
            const body = (await ok.json()) as { data: { id: string }[] };
            expect(body.data.map((p) => p.id)).toContain("4090.16c62g");
            const denied = await fetch(`${baseUrl}/v1/products`);
            expect(denied.status).toBe(403);
            expect(sim.timeScale).toBe(0.001);
        } finally {
            await sim.close();
        }
    });

    it("uses a given API key and port", async () => {
        const probe = (await main(["--port", "0"], { out: () => {}, handleSignals: false }))!;
        const port = probe.port;
        await probe.close();
        const lines: string[] = [];
        const sim = (await main(["--port", String(port), "--api-key", "sk_cli_key", "--seed", "x"], { out: (l) => lines.push(l), handleSignals: false }))!;
        try {
            expect(sim.port).toBe(port);
            expect(lines.join("\n")).toContain("sk_cli_key");
            const r = await fetch(`${sim.baseUrl}/v1/clusters`, { headers: { Authorization: "Bearer sk_cli_key" } });
            expect(r.status).toBe(200);
        } finally {
            await sim.close();
        }
    });

    it("parses every option and refuses unknown or incomplete ones", () => {
        expect(parseArgs(["--port", "1234", "--host", "0.0.0.0", "--time-scale", "0.01", "--not-found-status", "404", "--page-base", "1", "--latency-ms", "5", "--rate-limit", "10", "--auth-failure-status", "401"])).toEqual({
            port: 1234, host: "0.0.0.0", timeScale: 0.01, notFoundStatus: 404, pageBase: 1, latencyMs: 5, rateLimit: 10, authFailureStatus: 401,
        });
        expect(parseArgs(["--quirks", "--port", "1"])).toEqual({ quirks: true, port: 1 });
        expect(parseArgs(["--quirks=false"])).toEqual({ quirks: false });
        expect(() => parseArgs(["--quirks=maybe"])).toThrow(/--quirks takes no value/);
        expect(() => parseArgs(["--verbose"])).toThrow(/unknown option --verbose/);
        expect(() => parseArgs(["--port"])).toThrow(/needs a value/);
        expect(() => parseArgs(["--port", "abc"])).toThrow(/needs a number/);
        expect(parseArgs(["--help"])).toBe("help");
    });

    it("prints the usage for --help and starts nothing", async () => {
        const lines: string[] = [];
        expect(await main(["--help"], { out: (l) => lines.push(l), handleSignals: false })).toBeUndefined();
        expect(lines).toEqual([USAGE]);
    });
});
