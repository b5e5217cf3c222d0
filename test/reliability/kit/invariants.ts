/**
 * The invariants every reliability scenario ends with:
 *   - no orphan, no duplicate: the live simulator instances are exactly the engine's managed GpuInstances,
 *     one live instance per resource name; the same for network volumes and managed NetworkStorages;
 *   - no leak: the API key, registry passwords and env values appear in no engine diagnostic (which carries
 *     the provider's stderr and stdout), no error message, no `__provider`, and no non-secret output (the default
 *     provider's entry excepted: it is the stack config as set). The
 *     engine masks known secrets as `[secret]` before anything reaches a diagnostic (as the Pulumi CLI does),
 *     so a masked value is a leak too: the provider printed it;
 *   - items made outside Pulumi are left alone: the instances the account held besides the stack's are still
 *     there, unchanged, and no request acted on them.
 */
import { instanceOrphans, liveInstances, type OperationResult, type StateResource } from "../../../src/testing";
import type { Simulator } from "../../../src/simulator";
import { GPU } from "../../engine/harness";

/** What the engine writes where it masked a secret value. */
export const ENGINE_MASK = "[secret]";
/** The serialized provider is the one-line shim (src/resources/shims.ts). */
export const PROVIDER_MAX_BYTES = 1024;

export interface Evidence {
    sim: Simulator;
    state: StateResource[];
    results: readonly OperationResult[];
    /** Messages of failed operations (DeploymentError.message). */
    errors: readonly string[];
    secrets: readonly string[];
}

/**
 * Problems with "simulator instances == engine state instances" (`instanceOrphans`, what `orphans()` of a test stack
 * reports), and with "one live instance per resource name"; empty when both hold.
 */
export function stateMatchesSimulator(e: Evidence): string[] {
    const problems = instanceOrphans(e.sim, e.state);
    const live = liveInstances(e.sim);
    for (const r of e.state.filter((x) => x.type === GPU && !x.external && !x.pendingDelete)) {
        const name = String(r.outputs.name ?? "");
        const same = live.filter((i) => i.name === name);
        if (same.length > 1) problems.push(`duplicate: ${same.length} live instances named ${name}`);
    }
    return problems;
}

/** Problems with "what was made outside Pulumi is untouched"; `before` is `sim.outsideInstances()` at the start. */
export function outsideUntouched(sim: Simulator, before: readonly Record<string, unknown>[]): string[] {
    const problems: string[] = [];
    const after = sim.outsideInstances();
    const key = (o: Record<string, unknown>) => String(o.id ?? o.Id ?? JSON.stringify(o));
    const now = new Map(after.map((o) => [key(o), JSON.stringify(o)]));
    for (const o of before) {
        const k = key(o);
        if (!now.has(k)) problems.push(`outside instance ${k} was deleted`);
        else if (now.get(k) !== JSON.stringify(o)) problems.push(`outside instance ${k} changed`);
    }
    const ids = new Set(before.map(key));
    for (const r of sim.requestLog()) {
        const id = (r.body as { instanceId?: unknown } | undefined)?.instanceId;
        if (r.method === "POST" && typeof id === "string" && ids.has(id)) problems.push(`${r.path} was sent for outside instance ${id}`);
    }
    return problems;
}

export const VOLUME = "pulumi-nodejs:dynamic/novita:NetworkStorage";

/** Problems with "simulator volumes == engine state volumes"; empty when it holds. */
export function volumesMatchState(e: Evidence): string[] {
    const problems: string[] = [];
    const live = e.sim.networkStorages();
    const managed = e.state.filter((r) => r.custom && r.type === VOLUME && !r.external && !r.pendingDelete);
    const managedIds = new Set(managed.map((r) => r.id));
    const external = new Set(e.state.filter((r) => r.type === VOLUME && r.external).map((r) => r.id));
    for (const v of live) if (!managedIds.has(v.id) && !external.has(v.id)) problems.push(`orphan volume ${v.name} (${v.id})`);
    for (const r of managed) if (!live.some((v) => v.id === r.id)) problems.push(`state holds volume ${r.name} (${r.id}) but no live volume`);
    for (const r of managed) {
        const same = live.filter((v) => v.name === String(r.outputs.name ?? ""));
        if (same.length > 1) problems.push(`duplicate: ${same.length} volumes named ${String(r.outputs.name)}`);
    }
    return problems;
}

/** Problems with "no secret anywhere it could be read"; empty when it holds. */
export function noSecretLeaks(e: Evidence): string[] {
    const problems: string[] = [];
    const secrets = e.secrets.filter((s) => s.length > 0);
    const scan = (where: string, text: string, maskToo: boolean) => {
        for (const s of secrets) if (text.includes(s)) problems.push(`${where} contains a secret in plaintext`);
        if (maskToo && text.includes(ENGINE_MASK)) problems.push(`${where} printed a secret (masked by the engine): ${excerpt(text)}`);
    };
    for (const r of e.results) {
        for (const d of r.diagnostics) scan(`${r.kind} diagnostic (${d.source})`, d.message, true);
        for (const st of r.steps) if (st.error) scan(`${r.kind} step ${st.name} error`, st.error, true);
        if (r.error) scan(`${r.kind} error`, r.error, true);
        scan(`${r.kind} stack outputs`, JSON.stringify(r.outputs), false);
    }
    for (const m of e.errors) scan("DeploymentError message", m, true);
    for (const r of e.state) {
        // The default provider's entry holds the stack config as set: a value set without `--secret` is plaintext
        // there, as in Pulumi.<stack>.yaml and in the real CLI's state; its secret keys stay secret (secretKeys).
        const isProvider = r.type.startsWith("pulumi:providers:");
        for (const [k, v] of Object.entries(r.outputs)) {
            if (k === "__provider" || r.secretKeys.includes(k) || isProvider) continue;
            scan(`state ${r.name}.${k} (not secret)`, JSON.stringify(v ?? null), false);
        }
        for (const p of [r.inputs.__provider, r.outputs.__provider]) {
            if (p === undefined) continue;
            scan(`state ${r.name}.__provider`, String(p), false);
            if (Buffer.byteLength(String(p)) > PROVIDER_MAX_BYTES) problems.push(`${r.name}.__provider is over ${PROVIDER_MAX_BYTES} bytes`);
        }
    }
    return [...new Set(problems)];
}

function excerpt(text: string): string {
    const at = text.indexOf(ENGINE_MASK);
    return text.slice(Math.max(0, at - 60), at + 20);
}
