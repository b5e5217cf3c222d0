/**
 * Running `pulumi-novita` in tests: in-process through `main()` (as the bin does, with the output captured), or as
 * the built bin in a child process (dist/command/main.js; npm test builds first). Fixture access, and state files
 * made from the real CLI's `stack export` fixtures with the ids of a live simulator's instances.
 */
import * as fs from "fs";
import * as path from "path";
import { Readable } from "stream";
import { main } from "../../src/command/main";
import { run as runProcess, type Ran } from "../support/run";
import { PREVIEWS_DIR, STATES_DIR } from "./fixtures/scenarios";

export const ROOT = path.resolve(__dirname, "../..");
export const BIN = path.join(ROOT, "dist", "command", "main.js");

export type { Ran };

export function previewPath(name: string): string {
    return path.join(PREVIEWS_DIR, `${name}.json`);
}

export function preview(name: string): Record<string, any> {
    return JSON.parse(fs.readFileSync(previewPath(name), "utf8"));
}

export function state(name: string): Record<string, any> {
    return JSON.parse(fs.readFileSync(path.join(STATES_DIR, `${name}.json`), "utf8"));
}

/** Runs `main(argv)` with this environment only (no NOVITA_* of the caller) and `stdin` as piped input. */
export async function run(argv: string[], env: NodeJS.ProcessEnv = {}, stdin = ""): Promise<Ran> {
    let stdout = "";
    let stderr = "";
    const input = Object.assign(Readable.from([Buffer.from(stdin)]), { isTTY: false });
    const code = await main(argv, { stdin: input, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env });
    return { code, stdout, stderr };
}

/** Runs the built bin in a child process with exactly this environment (plus PATH). */
export function runBin(argv: string[], env: NodeJS.ProcessEnv = {}, stdin?: string, cwd = ROOT): Promise<Ran> {
    return runProcess(process.execPath, [BIN, ...argv], { cwd, env: { PATH: process.env.PATH, ...env }, input: stdin ?? "" });
}

/**
 * A `pulumi stack export` fixture whose resources (by resource name) carry these ids instead of the ones of the run
 * that produced it: the real CLI's format, pointing at instances of this test's simulator.
 */
export function stateWithIds(name: string, ids: Record<string, string>): Record<string, any> {
    const s = state(name);
    const left = new Set(Object.keys(ids));
    for (const r of s.deployment.resources) {
        const resourceName = String(r.urn).split("::").pop()!;
        if (!(resourceName in ids)) continue;
        left.delete(resourceName);
        r.id = ids[resourceName];
        if (r.outputs?.instanceId) r.outputs.instanceId = ids[resourceName];
    }
    if (left.size) throw new Error(`states/${name}.json has no resource ${[...left].join(", ")}`);
    return s;
}
