/**
 * `linkPackages`: packages made resolvable by name in the provider process, which the real CLI never does.
 *
 * Serialized providers `require(...)` from the dynamic-provider process's working directory (require-from-string),
 * the project's directory under the CLI: `pulumi-novita/provider` resolves there only if the project has
 * `pulumi-novita` in its `node_modules` (or an ancestor's, or `NODE_PATH`). The engine links nothing by default,
 * so a layout that fails under `pulumi up` fails here too; a caller that runs a package that is not installed
 * where the provider starts (e.g. this repository's own tests and demo) asks for a temp directory of symlinks
 * `<name> -> <package root>`, appended to the provider's `NODE_PATH`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Root of this package: `src/testing` and `dist/testing` are both two levels below it. */
export const PACKAGE_ROOT: string = path.resolve(__dirname, "../..");

export class ModuleLinks {
    private constructor(readonly dir: string | undefined) {}

    /** Creates the symlink directory (none if there is nothing to link). */
    static create(packages: Record<string, string>): ModuleLinks {
        const names = Object.keys(packages);
        if (names.length === 0) return new ModuleLinks(undefined);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "offline-engine-modules-"));
        for (const name of names) {
            const target = path.resolve(packages[name]);
            if (!fs.existsSync(target)) throw new Error(`linkPackages: ${name} -> ${target} does not exist`);
            const link = path.join(dir, name);
            fs.mkdirSync(path.dirname(link), { recursive: true }); // scoped names ("@scope/pkg")
            fs.symlinkSync(target, link, "dir");
        }
        return new ModuleLinks(dir);
    }

    /** `NODE_PATH` for the provider process: the existing one, then our link directory. */
    nodePath(existing: string | undefined): string | undefined {
        const parts = (existing ?? "").split(path.delimiter).filter(Boolean);
        if (this.dir) parts.push(this.dir);
        return parts.length ? parts.join(path.delimiter) : undefined;
    }

    dispose(): void {
        if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    }
}
