/**
 * Programs given as a module path. The Pulumi CLI starts a new language-host process per run, so a program whose
 * resources are declared at module top level (every `pulumi new typescript` template) is evaluated afresh each
 * time. A program function that `require`s such a module registers nothing on its second run (Node caches the
 * module), so the engine takes the module path instead and evaluates the program's own modules afresh on every
 * run (see fresh-modules.ts), treating its exports as `@pulumi/pulumi`'s `cmd/run/run.js` does: an exported
 * function (`export = async () => {…}`) is called and its result is the stack outputs; otherwise the module's
 * exports (`export const url = …`) are.
 */
import * as fs from "fs";
import * as path from "path";
import { FreshModules, isOwnModule } from "./fresh-modules";
import type { Program } from "./program";

/** A program given by its module, evaluated afresh on every run. */
export interface ProgramModule {
    /**
     * The program's entry: a `.ts`/`.js` file, or a directory (its `package.json` `main`, else `index`), as
     * Pulumi.yaml's `main`. Relative paths are resolved against `process.cwd()`; prefer
     * `require.resolve("../index")` or `path.join(__dirname, "..")`.
     */
    main: string;
    /**
     * Modules under this directory (outside `node_modules`) are the program's own: read and evaluated afresh on
     * every run. Everything else (`@pulumi/pulumi`, `pulumi-novita`, …) is shared with the test. Default: the
     * program's package, i.e. the nearest directory holding a `package.json` at or above the entry (where the
     * Pulumi CLI looks for it too), else the entry's directory.
     */
    root?: string;
}

/** What `preview` and `up` accept: a program function, a program module path, or a `ProgramModule`. */
export type ProgramSource = Program | string | ProgramModule;

export interface ResolvedProgram {
    run: Program;
    /** True when the program is evaluated afresh on every run (a module), false for a function. */
    fresh: boolean;
}

export function resolveProgram(source: ProgramSource | undefined): ResolvedProgram | undefined {
    if (source === undefined) return undefined;
    if (typeof source === "function") return { run: source, fresh: false };
    const spec = typeof source === "string" ? { main: source } : source;
    if (!spec || typeof spec.main !== "string" || spec.main === "") {
        throw new Error("OfflineEngine: a program is a function, a module path, or { main: <module path>, root? }");
    }
    const main = path.resolve(spec.main);
    if (!fs.existsSync(main)) throw new Error(`OfflineEngine: program module ${main} does not exist`);
    const dir = fs.statSync(main).isDirectory() ? main : path.dirname(main);
    const root = fs.realpathSync(spec.root !== undefined ? path.resolve(spec.root) : (packageRoot(dir) ?? dir));
    return { run: () => runModule(main, root), fresh: true };
}

/** The nearest directory at or above `dir` that holds a package.json. */
function packageRoot(dir: string): string | undefined {
    for (let d = dir; ; d = path.dirname(d)) {
        if (fs.existsSync(path.join(d, "package.json"))) return d;
        if (path.dirname(d) === d) return undefined;
    }
}

/** One run: a new registry for the program's own modules, then the export semantics of Pulumi's `run.js`. */
function runModule(main: string, root: string): unknown {
    const modules = new FreshModules(root);
    const entry = modules.resolve(path.join(root, "[program]"), main);
    if (!isOwnModule(root, entry)) throw new Error(`program entry ${entry} is not under the program root ${root}`);
    const exported = modules.load(entry);
    return typeof exported === "function" ? (exported as () => unknown)() : exported;
}
