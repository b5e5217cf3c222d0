/**
 * The `__provider` text stored with every resource (inputs and outputs, so: in state).
 *
 * Pulumi's dynamic-provider server loads a resource's provider with
 * `requireFromString(props.__provider).handler()` (cmd/dynamic-provider/index.ts, getProvider) and then
 * calls `configure/check/diff/create/read/update/delete` on the result. `pulumi.dynamic.Resource` produces
 * that module text by closure-serializing a provider object; we write it by hand instead (see `providerText`):
 * `handler` returns `require("pulumi-novita/provider").gpuInstance`,
 * so it holds no code and no credentials (< 1 KB, identical for every resource and every release), cannot hit
 * closure-serialization traps (captured clients, local modules in an installed package with an `exports` map,
 * istanbul counters), and every method, including read and delete of resources created by an older release,
 * runs the implementation of the package version installed now.
 *
 * `require` resolves from the provider process's working directory: the Pulumi project's directory (or its
 * `main:` directory), where `pulumi-novita` must be installed as a direct dependency. When it is not (e.g. only
 * a dependency of another package, under pnpm or nested by npm), the shim turns node's bare "Cannot find module
 * 'pulumi-novita/provider'" into that instruction. Any other failure passes through unchanged.
 *
 * The text is a contract: it is in every stack's state. Stacks keep working across a change of it, because the
 * providers' `diff` ignores `__provider` (an `up` is a same step, which keeps the old text in the outputs, and
 * read and delete run whichever text is stored); test/resources/shim.test.ts proves it for the previous text.
 */
export const PROVIDER_MODULE = "pulumi-novita/provider";

/** The advice a failed `require(PROVIDER_MODULE)` gives; the provider's working directory is added at run time. */
export const NOT_INSTALLED_ADVICE =
    'add "pulumi-novita" as a direct dependency of the Pulumi project (in the package.json of the Pulumi.yaml ' +
    "directory, or of its main: directory) and install it; a dependency of another package is not enough";

export type ProviderKind = "gpuInstance" | "registryAuth" | "networkStorage";

export function providerText(kind: ProviderKind): string {
    const mod = JSON.stringify(PROVIDER_MODULE);
    const missing = `Cannot find module '${PROVIDER_MODULE}'`;
    const before = JSON.stringify("pulumi-novita cannot be found from ");
    const after = JSON.stringify(`, where Pulumi runs this resource's dynamic provider: ${NOT_INSTALLED_ADVICE} (${missing})`);
    return [
        "exports.handler = () => {",
        `    try { return require(${mod}).${kind}; } catch (e) {`,
        `        if (e && e.code === "MODULE_NOT_FOUND" && String(e.message).startsWith(${JSON.stringify(missing)})) {`,
        `            throw new Error(${before} + process.cwd() + ${after});`,
        "        }",
        "        throw e;",
        "    }",
        "};",
        "",
    ].join("\n");
}

/** Dynamic-resource type tokens, exactly as `pulumi.dynamic.Resource` builds them (`pulumi-nodejs:dynamic/<module>:<type>`). */
export function dynamicType(type: string): string {
    return `pulumi-nodejs:dynamic/novita:${type}`;
}
