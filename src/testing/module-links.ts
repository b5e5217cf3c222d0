/**
 * Serialized providers `require("pulumi-novita/provider")`; the dynamic-provider process resolves that from its cwd
 * (require-from-string). So it works from this repository and from an installed copy alike, the engine appends
 * to the provider's `NODE_PATH` a temp directory of symlinks `<name> -> <package root>`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Root of this package: `src/testing` and `dist/testing` are both two levels below it. */
export const PACKAGE_ROOT: string = path.resolve(__dirname, "../..");

export function defaultLinkedPackages(): Record<string, string> {
    return { "pulumi-novita": PACKAGE_ROOT };
}

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
