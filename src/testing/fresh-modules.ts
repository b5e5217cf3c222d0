/**
 * A private CommonJS module registry for one run of a program: the program's own modules (files under its root,
 * outside `node_modules`) are read, compiled and evaluated afresh, every other module comes from the host's
 * `require` (the same instances as the test's, e.g. `@pulumi/pulumi`, whose runtime state the engine uses).
 *
 * Why our own registry and not the host's: in plain Node, evicting entries from `require.cache` works but, under
 * jest, `require.cache` is a read-only view (jest-runtime ignores deletes) and jest's only fresh-registry API,
 * `jest.isolateModules`, makes every module fresh, `@pulumi/pulumi` included; jest also caches file contents for
 * the whole test file, so a program file changed between runs would not be seen. Loading the own modules
 * ourselves behaves the same in Node and jest. Non-own modules go through `createRequire(<own file>)`: under jest
 * that is jest's require (moduleNameMapper, mocks), in Node it is Node's.
 */
import * as fs from "fs";
import * as path from "path";
import { createRequire } from "module";
import { compileTypeScript } from "./typescript-compile";

interface FreshModule {
    id: string;
    filename: string;
    path: string;
    exports: unknown;
    loaded: boolean;
    children: FreshModule[];
    paths: string[];
    require: NodeJS.Require;
}

const TS = new Set([".ts", ".cts"]);
const JS = new Set([".js", ".cjs"]);

/** Whether `file` is inside `root` and not inside a `node_modules` directory. */
export function isOwnModule(root: string, file: string): boolean {
    if (!path.isAbsolute(file)) return false; // core modules
    const rel = path.relative(root, file);
    if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return false;
    return !rel.split(path.sep).includes("node_modules");
}

export class FreshModules {
    private readonly registry = new Map<string, FreshModule>();

    /** `root` must be a real path (symlinks resolved), as module paths are. */
    constructor(private readonly root: string) {}

    /** Loads an own module (absolute path) and returns its exports. */
    load(file: string): unknown {
        const cached = this.registry.get(file);
        if (cached) return cached.exports;
        const ext = path.extname(file);
        if (!TS.has(ext) && !JS.has(ext) && ext !== ".json") {
            throw new Error(
                `${file}: the testing kit loads CommonJS programs (.js, .cjs, .ts, .cts, .json); ` +
                    "an ES module program (.mjs, .mts) must be compiled to CommonJS first",
            );
        }
        const module: FreshModule = {
            id: file,
            filename: file,
            path: path.dirname(file),
            exports: {},
            loaded: false,
            children: [],
            paths: [],
            require: undefined as unknown as NodeJS.Require,
        };
        module.require = this.requireFor(module);
        this.registry.set(file, module);
        try {
            const source = stripBom(fs.readFileSync(file, "utf8"));
            if (ext === ".json") module.exports = JSON.parse(source);
            else evaluate(TS.has(ext) ? compileTypeScript(file, source, this.root) : source, module);
        } catch (e) {
            this.registry.delete(file);
            throw e;
        }
        module.loaded = true;
        return module.exports;
    }

    /** Resolves `request` as the host would from `from`, plus TypeScript files for relative requests. */
    resolve(from: string, request: string): string {
        const host = createRequire(from);
        try {
            return host.resolve(request);
        } catch (e) {
            if (!/^\.{0,2}\//.test(request) && !path.isAbsolute(request)) throw e;
            const base = path.resolve(path.dirname(from), request);
            const candidates = [base, `${base}.ts`, `${base}.cts`, path.join(base, "index.ts")];
            if (/\.c?js$/.test(base)) candidates.push(base.replace(/\.(c?)js$/, ".$1ts")); // "./x.js" for x.ts (node16)
            const found = candidates.find(isFile);
            if (found) return fs.realpathSync(found);
            throw e;
        }
    }

    private requireFor(module: FreshModule): NodeJS.Require {
        const host = createRequire(module.filename);
        const require = ((request: string) => {
            const file = this.resolve(module.filename, request);
            if (!isOwnModule(this.root, file)) return host(request);
            const wasLoaded = this.registry.has(file);
            const exports = this.load(file);
            if (!wasLoaded) module.children.push(this.registry.get(file)!);
            return exports;
        }) as NodeJS.Require;
        const resolve = ((request: string) => this.resolve(module.filename, request)) as NodeJS.RequireResolve;
        resolve.paths = (request: string) => host.resolve.paths(request);
        require.resolve = resolve;
        require.cache = host.cache;
        require.main = host.main;
        require.extensions = host.extensions;
        return require;
    }
}

/**
 * Evaluates CommonJS code in the realm this module runs in (indirect eval: under jest that is the test's
 * sandbox, so `Promise`, `Error` … are the ones `@pulumi/pulumi` sees). The wrapper keeps line numbers and
 * `sourceURL` names the file in stack traces.
 */
function evaluate(code: string, module: FreshModule): void {
    const body = code.replace(/^#!.*/, "");
    const wrapper = `(function (exports, require, module, __filename, __dirname) {${body}\n})\n//# sourceURL=${module.filename}`;
    const fn = (0, eval)(wrapper) as (...args: unknown[]) => void;
    fn.call(module.exports, module.exports, module.require, module, module.filename, module.path);
}

function stripBom(s: string): string {
    return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

function isFile(p: string): boolean {
    try {
        return fs.statSync(p).isFile();
    } catch {
        return false;
    }
}
