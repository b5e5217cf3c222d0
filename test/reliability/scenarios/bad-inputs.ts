/**
 * Bad inputs are rejected by `check` — in the provider process, through the engine — with the offending
 * property named, before any request reaches the API (zero requests at the simulator), and without echoing
 * secret values.
 */
import * as pulumi from "@pulumi/pulumi";
import * as novita from "../../../src";
import { startNovitaStack } from "../../engine/harness";
import { noSecretLeaks, stateMatchesSimulator } from "../kit/invariants";
import { BASE, envSecret, PLACEMENT } from "../kit/programs";
import { record } from "../kit/report";
import { RELIABILITY_SIM, Run } from "../kit/run";

type Case = [label: string, property: string, build: () => void];

const secret = envSecret("bad");
const gpu = (args: Record<string, unknown>, base: Record<string, unknown> = { ...BASE, envs: { DB: secret } }) => () =>
    void new novita.GpuInstance("gpu", { ...base, ...args } as novita.GpuInstanceArgs);
const noProduct = { imageUrl: "nginx:1.27", envs: { DB: secret } };
const auth = (args: Record<string, unknown>) => () => void new novita.RegistryAuth("ghcr", { username: "bot", password: pulumi.secret("regpass-bad-77a1"), ...args } as novita.RegistryAuthArgs);

const CASES: Case[] = [
    ["name with an underscore", "name", gpu({ name: "my_instance" })],
    ["name longer than 255 characters", "name", gpu({ name: "n".repeat(256) })],
    ["neither productId nor placement", "productId", gpu({}, noProduct)],
    ["both productId and placement", "placement", gpu({ placement: PLACEMENT })],
    ["clusterId together with placement", "clusterId", gpu({ placement: PLACEMENT, clusterId: "us-ca-6" }, noProduct)],
    ["billingMode together with placement", "billingMode", gpu({ placement: PLACEMENT, billingMode: "spot" }, noProduct)],
    ["neither imageUrl nor templateId", "imageUrl", gpu({ imageUrl: undefined })],
    ["gpuNum 0", "gpuNum", gpu({ gpuNum: 0 })],
    ["gpuNum 9", "gpuNum", gpu({ gpuNum: 9 })],
    ["gpuNum 1.5", "gpuNum", gpu({ gpuNum: 1.5 })],
    ["rootfsSize 5 GB", "rootfsSize", gpu({ rootfsSize: 5 })],
    ["port type udp", "ports[0]", gpu({ ports: ["8888/udp"] })],
    ["reserved port 2222", "ports[0].port", gpu({ ports: [{ port: 2222, type: "tcp" }] })],
    ["port 70000", "ports[0].port", gpu({ ports: [{ port: 70_000, type: "tcp" }] })],
    ["the same port twice", "ports[1]", gpu({ ports: ["8888/http", "8888/tcp"] })],
    ["16 ports (limit 15)", "ports", gpu({ ports: Array.from({ length: 16 }, (_, i) => `${9000 + i}/tcp`) })],
    ["env key containing =", "envs[0].key", gpu({ envs: [{ key: "A=B", value: "x" }] })],
    ["env key containing = (map form)", "envs[0].key", gpu({ envs: { "A=B": "x" } })],
    ["the same env key twice", "envs[1].key", gpu({ envs: [{ key: "DB", value: secret }, { key: "DB", value: "other" }] })],
    ["env value over 4095 characters", "envs[0].value", gpu({ envs: [{ key: "BIG", value: "v".repeat(4096) }] })],
    ["billingMode monthly", "billingMode", gpu({ billingMode: "monthly" })],
    ["kind cpu", "kind", gpu({ kind: "cpu" })],
    ["minCudaVersion not a version", "minCudaVersion", gpu({ minCudaVersion: "twelve" })],
    ["state paused", "state", gpu({ state: "paused" })],
    ["timeouts.create not a duration", "timeouts.create", gpu({ timeouts: { create: "10 minutes" } })],
    ["a network storage mounted twice", "networkStorages[1].id", gpu({ networkStorages: [{ id: "ns-1" }, { id: "ns-1", mountPoint: "/b" }] })],
    ["command over 2047 characters", "command", gpu({ command: "c".repeat(2048) })],
    ["placement with a negative price cap", "placement.maxPricePerHour", gpu({ placement: { ...PLACEMENT, maxPricePerHour: -1 } }, noProduct)],
    ["placement with gpuNum (belongs on the instance)", "placement.gpuNum", gpu({ placement: { ...PLACEMENT, gpuNum: 2 } }, noProduct)],
    ["placement with an empty region list", "placement.regions", gpu({ placement: { ...PLACEMENT, regions: [] } }, noProduct)],
    ["readiness on a port the instance does not expose", "readiness.http.port", gpu({ readiness: { http: { port: 9000 } } })],
    ["readiness tcp on an http port", "readiness.tcp.port", gpu({ readiness: { tcp: { port: 8888 } } })],
    ["readiness with neither http nor tcp", "readiness", gpu({ readiness: { timeout: "5m" } })],
    ["RegistryAuth without username", "username", auth({ username: undefined })],
    ["RegistryAuth with an empty password", "password", auth({ password: "" })],
    ["RegistryAuth timeouts.delete not a duration", "timeouts.delete", auth({ timeouts: { delete: "soon" } })],
];

export function badInputScenarios(): void {
    describe(`bad inputs are rejected by check, property named, zero requests (${CASES.length} cases)`, () => {
        let run: Run;
        const rejected: string[] = [];
        let attempted = 0;
        beforeAll(async () => {
            run = new Run(await startNovitaStack(RELIABILITY_SIM, { "novita:debug": "true" }), [secret, "regpass-bad-77a1"]);
        });
        afterAll(async () => {
            const evidence = { sim: run.sim, state: run.s.engine.state, results: run.results, errors: run.errors, secrets: run.secrets };
            const broken = [...stateMatchesSimulator(evidence), ...noSecretLeaks(evidence)];
            record({
                scenario: `${CASES.length} bad inputs (GpuInstance, placement, RegistryAuth)`,
                result: `${rejected.length}/${attempted} rejected by check, property named${attempted < CASES.length ? ` (${CASES.length - attempted} not run)` : ""}`,
                requests: run.sim.requestLog().length,
                invariants: broken.length === 0 ? "no orphan/dup ✓ no leak ✓" : broken.join("; "),
                passed: rejected.length === attempted && broken.length === 0 && run.sim.requestLog().length === 0,
            });
            await run.s.dispose();
            expect(broken).toEqual([]);
        });

        test.each(CASES)("%s → check names %s", async (_label, property, program) => {
            attempted++;
            const before = run.sim.requestLog().length;
            const err = await run.fails(run.up(program));
            const failures = /check failed: (.*)$/s.exec(err.message)?.[1] ?? "";
            expect(failures.split("; ").map((f) => f.slice(0, f.indexOf(": ")))).toContain(property);
            expect(err.result.rpcs.map((r) => r.method)).not.toContain("create");
            expect(run.sim.requestLog().length - before).toBe(0);
            rejected.push(property);
        });
    });
}
