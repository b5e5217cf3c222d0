/**
 * Runs an example from examples/<name>/ the way its README says — its own Pulumi.yaml, its index.ts program —
 * through the offline engine against the simulator, with the public helpers of `pulumi-novita/testing`.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { startNovitaTestStack, type NovitaTestStack, type NovitaTestStackOptions, type OperationResult } from "pulumi-novita/testing";

export const EXAMPLES = path.resolve(__dirname, "../../examples");

export interface Example {
    dir: string;
    project: string;
    program: () => Promise<Record<string, unknown>>;
}

/** Loads the example's Pulumi.yaml (nodejs runtime, project name) and its program (`export = async () => …`). */
export function loadExample(name: string): Example {
    const dir = path.join(EXAMPLES, name);
    const project = parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { name: string; runtime: string };
    expect(project.runtime).toBe("nodejs");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require(path.join(dir, "index.ts"));
    expect(typeof program).toBe("function");
    return { dir, project: project.name, program };
}

/** A simulator + engine for the example's project (provider process cwd: the example directory). */
export function startExample(ex: Example, options: NovitaTestStackOptions = {}): Promise<NovitaTestStack> {
    return startNovitaTestStack({ project: ex.project, stack: "dev", ...options, engine: { providerCwd: ex.dir, ...options.engine } });
}

/** Every string a run printed or returned, for "this secret never appears" checks. */
export function printed(...results: OperationResult[]): string {
    return JSON.stringify(results.map((r) => ({ steps: r.steps, diagnostics: r.diagnostics, outputs: r.outputs, error: r.error })));
}
