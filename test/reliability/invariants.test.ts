/** The reliability invariants must be able to fail: each kind of violation is detected on evidence built for it. */
import { NovitaClient } from "../../src/api/client";
import { startSimulator, type Simulator } from "../../src/simulator";
import type { OperationResult, StateResource } from "../../src/testing";
import { GPU } from "../engine/harness";
import { ENGINE_MASK, noSecretLeaks, outsideUntouched, stateMatchesSimulator, VOLUME, volumesMatchState, type Evidence } from "./kit/invariants";
import { formatTable } from "./kit/report";

let sim: Simulator;
beforeEach(async () => (sim = await startSimulator({ timeScale: 0.001, seed: 3 })));
afterEach(() => sim.close());

const SECRET = "env-secret-selftest-1";
const resource = (name: string, id: string, instanceName: string, extra: Partial<StateResource> = {}): StateResource => ({
    urn: `urn:pulumi:dev::p::${GPU}::${name}`, type: GPU, name, custom: true, id, inputs: {}, dependencies: [], propertyDependencies: {},
    outputs: { name: instanceName, __provider: 'exports.handler = () => require("pulumi-novita/provider").gpuInstance;\n' },
    secretKeys: [], secretInputKeys: [], ...extra,
});
const result = (messages: string[], stepError?: string): OperationResult => ({
    kind: "up", project: "p", stack: "dev", outputs: {}, rpcs: [],
    steps: stepError ? [{ urn: "u", type: GPU, name: "gpu", op: "create", error: stepError }] : [],
    summary: { create: 0, update: 0, replace: 0, delete: 0, same: 0, read: 0, refresh: 0, discard: 0, failed: 0 },
    diagnostics: messages.map((message) => ({ severity: "info" as const, source: "provider" as const, message })),
});
const evidence = (e: Partial<Evidence>): Evidence => ({ sim, state: [], results: [], errors: [], secrets: [SECRET], ...e });
const create = async (name: string) =>
    (await new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, timeScale: 0.001 }).createInstance({
        name, productId: "4090.16c62g", clusterId: "us-ca-6", gpuNum: 1, rootfsSize: 60, imageUrl: "nginx", kind: "gpu",
    })).id;

describe("items made outside Pulumi are left alone", () => {
    test("holds when nothing touched them, and each deletion, change or request for one is reported", async () => {
        const q = await startSimulator({ timeScale: 0.001, seed: 3, quirks: true });
        try {
            const before = q.outsideInstances();
            expect(before).toHaveLength(2);
            expect(outsideUntouched(q, before)).toEqual([]);
            const start = await fetch(`${q.baseUrl}/v1/gpu/instance/stop`, {
                method: "POST", headers: { Authorization: `Bearer ${q.apiKey}` }, body: JSON.stringify({ instanceId: "3560b7fec915bbf9" }),
            });
            expect(start.status).toBe(400);
            await fetch(`${q.baseUrl}/v1/gpu/instance/delete`, {
                method: "POST", headers: { Authorization: `Bearer ${q.apiKey}` }, body: JSON.stringify({ instanceId: "07ed667185a895bb" }),
            });
            expect(outsideUntouched(q, before)).toEqual([
                "outside instance 07ed667185a895bb was deleted",
                "/v1/gpu/instance/stop was sent for outside instance 3560b7fec915bbf9",
                "/v1/gpu/instance/delete was sent for outside instance 07ed667185a895bb",
            ]);
            expect(outsideUntouched(q, [{ ...before[1]!, name: "renamed" }])).toContain("outside instance 3560b7fec915bbf9 changed");
        } finally {
            await q.close();
        }
    });
});

describe("simulator instances == engine state instances", () => {
    test("holds when every live instance is managed exactly once", async () => {
        const id = await create("a-1");
        expect(stateMatchesSimulator(evidence({ state: [resource("a", id, "a-1")] }))).toEqual([]);
    });
    test("an instance the state does not know is an orphan", async () => {
        await create("lost-1");
        expect(stateMatchesSimulator(evidence({}))).toEqual([expect.stringMatching(/^instance lost-1 \(\w+, \w+\) exists but is not in the stack's state$/)]);
    });
    test("a state entry without a live instance is reported", () => {
        expect(stateMatchesSimulator(evidence({ state: [resource("a", "0000000000000000", "a-1")] }))).toEqual([expect.stringMatching(/is in the stack's state but not live in the simulator$/)]);
    });
    test("two live instances under one resource's name are a duplicate (and the second an orphan)", async () => {
        const id = await create("twice-1");
        await create("twice-1");
        const problems = stateMatchesSimulator(evidence({ state: [resource("t", id, "twice-1")] }));
        expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^instance twice-1 .* exists but is not in the stack's state$/), "duplicate: 2 live instances named twice-1"]));
    });
});

describe("no secret is readable", () => {
    test("clean evidence passes", () => {
        expect(noSecretLeaks(evidence({ results: [result(["[novita] gpu: running (1m)"])], errors: ["up failed: boom"] }))).toEqual([]);
    });
    test("a secret in a provider diagnostic, a step error or an error message is caught", () => {
        expect(noSecretLeaks(evidence({ results: [result([`token=${SECRET}`])] }))).toHaveLength(1);
        expect(noSecretLeaks(evidence({ results: [result([], `bad ${SECRET}`)] }))).toHaveLength(1);
        expect(noSecretLeaks(evidence({ errors: [`up failed: ${SECRET}`] }))).toHaveLength(1);
    });
    test("a secret the engine masked is still a leak by the provider", () => {
        expect(noSecretLeaks(evidence({ results: [result([`Authorization: Bearer ${ENGINE_MASK}`])] }))).toEqual([expect.stringMatching(/masked by the engine/)]);
    });
    test("a secret in a non-secret output or in __provider is caught; in a secret output it is fine", () => {
        const r = resource("a", "x", "a-1");
        expect(noSecretLeaks(evidence({ state: [{ ...r, outputs: { ...r.outputs, envs: [{ key: "DB", value: SECRET }] } }] }))).toHaveLength(1);
        expect(noSecretLeaks(evidence({ state: [{ ...r, outputs: { ...r.outputs, envs: [{ key: "DB", value: SECRET }] }, secretKeys: ["envs"] }] }))).toEqual([]);
        expect(noSecretLeaks(evidence({ state: [{ ...r, outputs: { __provider: `const k = "${SECRET}"` } }] }))).toHaveLength(1);
        expect(noSecretLeaks(evidence({ state: [{ ...r, outputs: { __provider: "x".repeat(2000) } }] }))).toEqual([expect.stringMatching(/over 1024 bytes/)]);
    });
});

test("the summary table shows every row, failures marked", () => {
    const text = formatTable([
        { scenario: "a", result: "fine", requests: 3, invariants: "ok", passed: true },
        { scenario: "b", result: "broke", requests: 4, invariants: "orphan x", passed: false },
    ]);
    expect(text.split("\n")[0]).toBe("Reliability suite: 2 scenarios, 1 passed, 1 failed, 7 simulator requests");
    expect(text).toMatch(/FAIL: broke/);
});

describe("simulator volumes == engine state volumes", () => {
    const client = () => new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, timeScale: 0.001 });
    const volume = (name: string, id: string, volumeName: string, extra: Partial<StateResource> = {}): StateResource =>
        resource(name, id, volumeName, { urn: `urn:pulumi:dev::p::${VOLUME}::${name}`, type: VOLUME, ...extra });
    const make = async (name: string) => (await client().createNetworkStorage({ clusterId: "us-ca-6", storageName: name, storageSize: 10 })).id;

    test("holds when every volume is managed once (or read with .get)", async () => {
        const a = await make("vol-a");
        const b = await make("vol-b");
        expect(volumesMatchState(evidence({ state: [volume("a", a, "vol-a"), volume("b", b, "vol-b", { external: true })] }))).toEqual([]);
    });
    test("a volume the state does not know is an orphan; a state entry without a volume is reported", async () => {
        await make("lost-vol");
        expect(volumesMatchState(evidence({ state: [volume("ghost", "d4e82677-3f80-4020-a731-d15b1c589aa8", "ghost-vol")] }))).toEqual([
            expect.stringMatching(/^orphan volume lost-vol /),
            "state holds volume ghost (d4e82677-3f80-4020-a731-d15b1c589aa8) but no live volume",
        ]);
    });
    test("two volumes with the managed one's name are a duplicate", async () => {
        const a = await make("twice");
        const b = await make("twice");
        expect(volumesMatchState(evidence({ state: [volume("t", a, "twice")] }))).toEqual([`orphan volume twice (${b})`, "duplicate: 2 volumes named twice"]);
    });
});
