/**
 * `pulumi-novita orphans` as a user runs it: the built bin in a child process, against the simulator over HTTP, with
 * state files in the format of the real CLI's `pulumi stack export` (test/command/fixtures/states, ids replaced by
 * those of this simulator's instances). Needs dist/ (npm test builds first).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NovitaClient } from "../../src/api/client";
import { reach } from "../../src/provider/gpu-instance/lifecycle";
import { waitForInstance } from "../../src/provider/wait";
import { startSimulator, type Simulator } from "../../src/simulator";
import { runBin, stateWithIds } from "./helpers";

let sim: Simulator;
let client: NovitaClient;
let env: NodeJS.ProcessEnv;
let dir: string;
beforeEach(async () => {
    sim = await startSimulator({ timeScale: 0.001, seed: "orphans" });
    client = new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, timeScale: sim.timeScale });
    env = { NOVITA_API_KEY: sim.apiKey, NOVITA_BASE_URL: sim.baseUrl, NOVITA_TIME_SCALE: String(sim.timeScale) };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "orphans-"));
});
afterEach(async () => {
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
});

/** Creates a running instance on the account and returns its id. */
async function instance(name: string, more: Record<string, unknown> = {}): Promise<string> {
    const { id } = await client.createInstance({ name, productId: "4090.16c62g", clusterId: "as-sgp-2", gpuNum: 1, imageUrl: "nginx:1.27", kind: "gpu", rootfsSize: 60, billingMode: "onDemand", ...more });
    // The provider's own wait: polls the API until the simulator's clock has booted it.
    await waitForInstance(client, id, reach("running"), { timeoutMs: 600_000, timeScale: sim.timeScale, label: name, goal: "running" });
    return id;
}

function write(name: string, value: unknown): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value, null, 4));
    return file;
}

const status = (id: string) => sim.instance(id)?.status;
/** Deleted: Novita reports it removed, or no longer lists it (the simulator drops removed instances after a while). */
const gone = (id: string) => status(id) === undefined || status(id) === "removed";

/** A stack (the real CLI's `replace` export) managing one instance, `trainer`, plus an orphan on the account. */
async function oneManagedOneOrphan() {
    const managed = await instance("trainer-7c7c90b");
    const orphan = await instance("trainer-lost-create", { gpuNum: 2 });
    const state = write("stack.json", stateWithIds("replace", { trainer: managed }));
    return { managed, orphan, state };
}

test("lists the instance no state manages, with status, age and $/hour; never the managed one", async () => {
    const { managed, orphan, state } = await oneManagedOneOrphan();
    const r = await runBin(["orphans", "--state", state], env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^1 GPU instance\(s\) costing \$0\.70\/h \(≈ \$504\.00 per 30 days\), 0 registry auth\(s\) and 0 network storage\(s\) are not managed by the 1 state file\(s\) given\./);
    expect(r.stdout).toMatch(new RegExp(`trainer-lost-create\\s+${orphan}\\s+running\\s+\\S+\\s+RTX 4090 24GB \\(4090\\.16c62g\\)\\s+2\\s+AS-SGP-02\\s+on-demand\\s+\\$0\\.70`));
    expect(r.stdout).not.toContain(managed);
    const json = JSON.parse((await runBin(["orphans", "--json", "--state", state], env)).stdout);
    expect(json.instances.map((i: any) => [i.id, i.status, i.hourly])).toEqual([[orphan, "running", 0.7]]);
    expect(typeof json.instances[0].ageMs).toBe("number");
    // --format markdown, for a job summary or an issue: the marker, the headline, a table row per orphan.
    const md = await runBin(["orphans", "--format", "markdown", "--state", state], env);
    expect(md.code).toBe(0);
    const lines = md.stdout.split("\n");
    expect(lines[0]).toBe("<!-- pulumi-novita orphans -->");
    expect(lines[1]).toMatch(/^### Novita orphans: 1 GPU instance\(s\) costing \$0\.70\/h/);
    expect(lines.filter((l) => l.startsWith("| ") && l.includes(orphan))).toEqual([expect.stringMatching(/\| RTX 4090 24GB \(4090\.16c62g\) \| 2 \| AS-SGP-02 \| on-demand \| \$0\.70 \|/)]);
    expect(md.stdout).not.toContain(managed);
});

test("instances made outside Pulumi that the API answers oddly are listed with what is known, \"?\" for the rest", async () => {
    await sim.close();
    sim = await startSimulator({ timeScale: 0.001, seed: "orphans", quirks: true });
    client = new NovitaClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl, timeScale: sim.timeScale });
    env = { NOVITA_API_KEY: sim.apiKey, NOVITA_BASE_URL: sim.baseUrl, NOVITA_TIME_SCALE: String(sim.timeScale) };
    const { managed, state } = await oneManagedOneOrphan();
    const r = await runBin(["orphans", "--json", "--state", state], env);
    expect(r.code).toBe(0);
    const byName = Object.fromEntries(JSON.parse(r.stdout).instances.map((i: any) => [i.name, i]));
    // The console instance: no cluster, gpuNum "", no product: listed, unpriced, with the reason.
    expect(byName["console-notebook"]).toMatchObject({ id: "07ed667185a895bb", status: "hibernating" });
    expect(byName["console-notebook"].gpuNum).toBeUndefined();
    expect(byName["console-notebook"].why).toBe("the API did not say which product it runs");
    expect(byName["cpu-worker"]).toMatchObject({ id: "3560b7fec915bbf9", status: "running" });
    expect(byName["trainer-lost-create"]).toMatchObject({ gpuNum: 2, hourly: 0.7 });
    expect(r.stdout).not.toContain(managed);
    const text = await runBin(["orphans", "--state", state], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/console-notebook\s+07ed667185a895bb\s+hibernating\s+\S+\s+.*\?\s+\?/);
});

test("--delete --yes deletes the orphan and waits until it is removed; the managed instance is untouched", async () => {
    const { managed, orphan, state } = await oneManagedOneOrphan();
    const r = await runBin(["orphans", "--state", state, "--delete", "--yes"], env);
    expect(r.code).toBe(0);
    expect(gone(orphan)).toBe(true); // the command returned only once Novita reported it removed (or gone)
    expect(status(managed)).toBe("running");
    expect(r.stdout).toContain(`DELETED GPU instance trainer-lost-create (${orphan})`);
    expect(sim.requestLog().filter((e) => e.path === "/v1/gpu/instance/delete").map((e) => e.body)).toEqual([{ instanceId: orphan }]);
    // Run again: nothing left to find.
    expect((await runBin(["orphans", "--state", state, "--fail-on-orphans"], env)).code).toBe(0);
});

test("--delete without --yes is refused (exit 1) before anything is read or deleted", async () => {
    const { orphan, state } = await oneManagedOneOrphan();
    sim.clearRequestLog();
    const r = await runBin(["orphans", "--state", state, "--delete"], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("pulumi-novita orphans: --delete deletes GPU instances: add --yes to confirm (nothing was deleted)\n");
    expect(sim.requestLog()).toEqual([]);
    expect(status(orphan)).toBe("running");
});

test("a state file that fails to parse refuses --delete, naming the file and the position; nothing is deleted", async () => {
    const { orphan, state } = await oneManagedOneOrphan();
    const other = write("other.json", '{\n    "version": 3,\n    "deployment": {\n        "resources": [\n    }\n}\n');
    sim.clearRequestLog();
    const r = await runBin(["orphans", "--state", state, "--state", other, "--delete", "--yes"], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${other}:5:5: not valid JSON: expected a value, found "}"`);
    expect(r.stderr).toContain("--delete refused: every state must be read");
    expect(sim.requestLog()).toEqual([]);
    expect(status(orphan)).toBe("running");
    // A file of the wrong kind or version is refused the same way.
    const v4 = write("v4.json", { version: 4, deployment: { resources: [] } });
    expect((await runBin(["orphans", "--state", v4, "--delete", "--yes"], env)).stderr).toContain(`${v4}: not a \`pulumi stack export\` file (deployment version 3): its version is 4, not 3`);
    // --delete-volumes is refused the same way.
    const vol = await client.createNetworkStorage({ clusterId: "as-sgp-2", storageName: "lost-data", storageSize: 10 });
    sim.clearRequestLog();
    const volumes = await runBin(["orphans", "--state", state, "--state", other, "--delete-volumes", "--yes"], env);
    expect(volumes.code).toBe(1);
    expect(volumes.stderr).toContain("--delete-volumes refused: every state must be read");
    expect(sim.requestLog()).toEqual([]);
    expect(sim.networkStorages().map((v) => v.id)).toEqual([vol.id]);
});

test("every state counts: an instance managed by any of several stacks is never listed; pending deletes and read resources count", async () => {
    const a = await instance("keep-a");
    const b = await instance("drop-b");
    const c = await instance("read-c");
    const s1 = stateWithIds("replace", { trainer: a });
    const s2 = stateWithIds("mixed", { drop: b, halt: c });
    const drop = s2.deployment.resources.find((r: any) => r.urn.endsWith("::drop"));
    drop.delete = true; // pending deletion after a replacement
    s2.deployment.resources.find((r: any) => r.urn.endsWith("::halt")).external = true; // read with GpuInstance.get
    const r = await runBin(["orphans", "--json", "--state", write("1.json", s1), "--state", write("2.json", s2), "--delete", "--yes"], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).instances).toEqual([]);
    expect([status(a), status(b), status(c)]).toEqual(["running", "running", "running"]);
});

test("--name-prefix narrows to the names given; --fail-on-orphans exits 3 while orphans are left", async () => {
    const { state } = await oneManagedOneOrphan();
    const other = await instance("someone-else");
    const r = await runBin(["orphans", "--state", state, "--name-prefix", "trainer-", "--json", "--fail-on-orphans"], env);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).instances.map((i: any) => i.name)).toEqual(["trainer-lost-create"]);
    const deleted = await runBin(["orphans", "--state", state, "--name-prefix", "trainer-", "--delete", "--yes", "--fail-on-orphans"], env);
    expect(deleted.code).toBe(0);
    expect(status(other)).toBe("running");
});

test("an instance still being created is listed but not deleted (a `pulumi up` may be creating it now)", async () => {
    const { state } = await oneManagedOneOrphan();
    sim.stickNextCreate();
    const { id } = await client.createInstance({ name: "booting", productId: "4090.16c62g", clusterId: "as-sgp-2", gpuNum: 1, imageUrl: "nginx", kind: "gpu", rootfsSize: 60, billingMode: "onDemand" });
    const r = await runBin(["orphans", "--state", state, "--delete", "--yes", "--fail-on-orphans"], env);
    expect(r.stdout).toMatch(new RegExp(`SKIPPED GPU instance booting \\(${id}\\): still being created`));
    expect(status(id)).not.toMatch(/remov/);
    expect(r.code).toBe(3);
});

describe("registry auths", () => {
    test("listed with who uses them; --delete-auths deletes the unused one, never one a managed instance uses, nor a managed one", async () => {
        const managedAuth = await client.saveRegistryAuth({ name: "registry-managed", username: "ci", password: "pw-managed-123" });
        const usedAuth = await client.saveRegistryAuth({ name: "manual-in-use", username: "ci", password: "pw-used-123" });
        const unused = await client.saveRegistryAuth({ name: "forgotten", username: "ci", password: "pw-unused-123" });
        const managed = await instance("keep", { imageAuthId: usedAuth.id });
        const s = stateWithIds("mixed", { keep: managed, registry: managedAuth.id });
        const state = write("stack.json", s);
        const listed = JSON.parse((await runBin(["orphans", "--json", "--state", state], env)).stdout);
        expect(listed.registryAuths).toHaveLength(2);
        expect(listed.registryAuths).toEqual(
            expect.arrayContaining([
                { id: usedAuth.id, name: "manual-in-use", usedBy: [`keep (${managed})`] },
                { id: unused.id, name: "forgotten", usedBy: [] },
            ]),
        );
        const r = await runBin(["orphans", "--state", state, "--delete", "--yes", "--delete-auths"], env);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain(`DELETED registry auth forgotten (${unused.id})`);
        expect(r.stdout).toContain(`SKIPPED registry auth manual-in-use (${usedAuth.id}): in use by keep (${managed})`);
        expect(sim.registryAuths().map((a) => a.name).sort()).toEqual(["manual-in-use", "registry-managed"]);
        for (const pw of ["pw-managed-123", "pw-used-123", "pw-unused-123"]) expect(r.stdout + r.stderr).not.toContain(pw);
    });

    test("--delete alone leaves registry auths (they cost nothing)", async () => {
        const { state } = await oneManagedOneOrphan();
        await client.saveRegistryAuth({ name: "forgotten", username: "ci", password: "pw-unused-123" });
        expect((await runBin(["orphans", "--state", state, "--delete", "--yes"], env)).code).toBe(0);
        expect(sim.registryAuths().map((a) => a.name)).toEqual(["forgotten"]);
    });
});

describe("network storages", () => {
    const volume = (storageName: string, storageSize = 10) => client.createNetworkStorage({ clusterId: "as-sgp-2", storageName, storageSize });
    const volumeDeletes = () => sim.requestLog().filter((e) => e.path === "/v1/networkstorage/delete").map((e) => e.body);

    test("listed with size, region and the live instances mounting them; a volume a state manages never is", async () => {
        const weights = await volume("weights-3e91c0a", 50);
        const datasets = await volume("datasets", 20);
        const scratch = await volume("scratch");
        const keep = await instance("keep", { networkStorages: [{ Id: weights.id, mountPoint: "/models" }, { Id: datasets.id, mountPoint: "/data" }] });
        // states/volumes.json: the real CLI's export of the mixed stack, plus a NetworkStorage resource `weights` added by hand.
        const state = write("stack.json", stateWithIds("volumes", { keep, weights: weights.id }));
        const json = await runBin(["orphans", "--json", "--state", state], env);
        expect(json.code).toBe(0);
        const listed = JSON.parse(json.stdout).networkStorages;
        expect(listed).toHaveLength(2);
        expect(listed).toEqual(
            expect.arrayContaining([
                { id: datasets.id, name: "datasets", size: 20, clusterId: "as-sgp-2", region: "AS-SGP-02", usedBy: [`keep (${keep})`] },
                { id: scratch.id, name: "scratch", size: 10, clusterId: "as-sgp-2", region: "AS-SGP-02", usedBy: [] },
            ]),
        );
        expect(json.stdout).not.toContain(weights.id);
        const text = await runBin(["orphans", "--state", state], env);
        expect(text.code).toBe(0);
        expect(text.stdout).toMatch(/^0 GPU instance\(s\) costing \$0\.00\/h \(≈ \$0\.00 per 30 days\), 0 registry auth\(s\) and 2 network storage\(s\) are not managed by the 1 state file\(s\) given\./);
        expect(text.stdout).toMatch(new RegExp(`\\n\\s+datasets\\s+${datasets.id}\\s+20\\s+AS-SGP-02 \\(as-sgp-2\\)\\s+keep \\(${keep}\\)\\n`));
        expect(text.stdout).toMatch(new RegExp(`\\n\\s+scratch\\s+${scratch.id}\\s+10\\s+AS-SGP-02 \\(as-sgp-2\\)\\s+—\\n`));
        expect(text.stdout).not.toContain(weights.id);
        // No price: the list's `price` has an undocumented unit.
        expect(text.stdout.split("Network storages:")[1]).not.toContain("$");
        const md = await runBin(["orphans", "--format", "markdown", "--state", state], env);
        expect(md.stdout).toContain("**Network storages**");
        expect(md.stdout.split("\n").filter((l) => l.startsWith("| ") && l.includes(datasets.id))).toEqual([`| datasets | ${datasets.id} | 20 | AS-SGP-02 (as-sgp-2) | keep (${keep}) |`]);
        expect((await runBin(["orphans", "--state", state, "--fail-on-orphans"], env)).code).toBe(3);
    });

    test("--delete-volumes --yes deletes the unmounted orphan volume; never a mounted one, nor a managed one", async () => {
        const weights = await volume("weights-3e91c0a", 50);
        const datasets = await volume("datasets", 20);
        const scratch = await volume("scratch");
        const keep = await instance("keep", { networkStorages: [{ Id: weights.id, mountPoint: "/models" }, { Id: datasets.id, mountPoint: "/data" }] });
        const state = write("stack.json", stateWithIds("volumes", { keep, weights: weights.id }));
        sim.clearRequestLog();
        const unconfirmed = await runBin(["orphans", "--state", state, "--delete-volumes"], env);
        expect(unconfirmed.code).toBe(1);
        expect(unconfirmed.stderr).toBe("pulumi-novita orphans: --delete-volumes deletes network storages and the data on them: add --yes to confirm (nothing was deleted)\n");
        expect(sim.requestLog()).toEqual([]);
        const r = await runBin(["orphans", "--state", state, "--delete-volumes", "--yes"], env);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain(`DELETED network storage scratch (${scratch.id})`);
        expect(r.stdout).toContain(`SKIPPED network storage datasets (${datasets.id}): mounted by keep (${keep})`);
        expect(volumeDeletes()).toEqual([{ storageId: scratch.id }]);
        expect(sim.networkStorages().map((v) => v.name).sort()).toEqual(["datasets", "weights-3e91c0a"]);
        expect(status(keep)).toBe("running");
    });

    test("--delete alone leaves volumes; --name-prefix narrows them; with --delete-volumes, one mounted only by a deleted orphan goes too", async () => {
        const managed = await instance("trainer-7c7c90b");
        const cache = await volume("trainer-cache");
        const orphan = await instance("trainer-lost-create", { networkStorages: [{ Id: cache.id, mountPoint: "/cache" }] });
        const theirs = await volume("other-team-data");
        const state = write("stack.json", stateWithIds("replace", { trainer: managed }));
        const listed = JSON.parse((await runBin(["orphans", "--json", "--state", state, "--name-prefix", "trainer-"], env)).stdout);
        expect(listed.networkStorages.map((v: any) => [v.name, v.usedBy])).toEqual([["trainer-cache", [`trainer-lost-create (${orphan})`]]]);

        const del = await runBin(["orphans", "--state", state, "--name-prefix", "trainer-", "--delete", "--yes"], env);
        expect(del.code).toBe(0);
        expect(gone(orphan)).toBe(true);
        expect(volumeDeletes()).toEqual([]);
        expect(sim.networkStorages().map((v) => v.id).sort()).toEqual([cache.id, theirs.id].sort());

        // Another orphan mounts it: --delete --delete-volumes deletes the instance first, then the volume only it mounted.
        const orphan2 = await instance("trainer-lost-again", { networkStorages: [{ Id: cache.id, mountPoint: "/cache" }] });
        const both = await runBin(["orphans", "--state", state, "--name-prefix", "trainer-", "--delete", "--delete-volumes", "--yes"], env);
        expect(both.code).toBe(0);
        expect(both.stdout).toContain(`DELETED GPU instance trainer-lost-again (${orphan2})`);
        expect(both.stdout).toContain(`DELETED network storage trainer-cache (${cache.id})`);
        expect(volumeDeletes()).toEqual([{ storageId: cache.id }]);
        expect(sim.networkStorages().map((v) => v.id)).toEqual([theirs.id]);
        expect(status(managed)).toBe("running");
    });
});

test("a state with a pending create refuses --delete (its instance may be on the account without an id in state)", async () => {
    const { orphan } = await oneManagedOneOrphan();
    const s = stateWithIds("replace", { trainer: "gone-already" });
    const trainer = s.deployment.resources.find((r: any) => r.urn.endsWith("::trainer"));
    s.deployment.pending_operations = [{ resource: { urn: trainer.urn, type: trainer.type, custom: true }, type: "creating" }];
    const r = await runBin(["orphans", "--state", write("pending.json", s), "--delete", "--yes"], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`a create is pending for ${trainer.urn}`);
    expect(status(orphan)).toBe("running");
});

test("usage: --state is required; --help lists every option and the exit codes", async () => {
    expect((await runBin(["orphans"], env)).stderr).toContain("give at least one --state <file>");
    const help = await runBin(["orphans", "--help"], {});
    expect(help.code).toBe(0);
    for (const f of ["--state", "--name-prefix", "--delete", "--delete-auths", "--delete-volumes", "--yes", "--fail-on-orphans", "--format", "--json", "--base-url", "--api-key-env"]) expect(help.stdout).toContain(f);
    expect(help.stdout).toContain("Exit codes:");
});
