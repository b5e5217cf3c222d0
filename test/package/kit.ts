/**
 * Packing this package and installing the tarball into projects, for test/package: `npm pack`, then `npm install
 * --prefer-offline` (from the npm cache when it has what is needed, from the registry otherwise: a new machine's
 * cache is empty, and `npm ci` never stores the registry metadata an install needs). Needs dist/ (npm test builds
 * first); packs with --ignore-scripts so the shared dist/ is not rebuilt mid-run.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "../..");
/** npm's own CLI script: the one running `npm test`, else the one installed next to node. */
export const NPM_CLI = [process.env.npm_execpath, path.join(path.dirname(process.execPath), "..", "lib", "node_modules", "npm", "bin", "npm-cli.js")]
    .find((p): p is string => !!p && /npm-cli\.js$/.test(p) && fs.existsSync(p));

export const version = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version as string;

/** The version of a package installed in this repository (`@pulumi/pulumi`, `@types/node`, …). */
export const installedVersion = (name: string) => version(path.join(ROOT, "node_modules", ...name.split("/")));

export function npm(args: string[], cwd: string): string {
    if (!NPM_CLI) throw new Error("npm's npm-cli.js was not found (run the tests through `npm test`)");
    const r = spawnSync(process.execPath, [NPM_CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
    if (r.status !== 0) throw new Error(`npm ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
    return r.stdout;
}

/** `npm install` of `specs` (tarballs, `name@version`; none: the package.json's dependencies) in `cwd`. */
export function npmInstall(cwd: string, specs: string[] = [], flags: string[] = []): void {
    npm(["install", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund", ...flags, ...specs], cwd);
}

export interface Packed {
    /** Absolute path of the tarball. */
    tarball: string;
    /** Files in it, sorted. */
    files: string[];
}

/** `npm pack` of this repository into `dir`. */
export function pack(dir: string): Packed {
    const [packed] = JSON.parse(npm(["pack", "--ignore-scripts", "--json", "--pack-destination", dir], ROOT));
    return { tarball: path.join(dir, packed.filename), files: packed.files.map((f: { path: string }) => f.path).sort() };
}
