/**
 * The `__provider` text stored with every resource (inputs and outputs, so: in state).
 *
 * Pulumi's dynamic-provider server loads a resource's provider with
 * `requireFromString(props.__provider).handler()` (cmd/dynamic-provider/index.ts, getProvider) and then
 * calls `configure/check/diff/create/read/update/delete` on the result. `pulumi.dynamic.Resource` produces
 * that module text by closure-serializing a provider object; we write it by hand instead:
 *
 *     exports.handler = () => require("pulumi-novita/provider").gpuInstance;
 *
 * so it holds no code and no credentials (~80 bytes, identical for every resource and every release),
 * cannot hit closure-serialization traps (captured clients, local modules in an installed package with an
 * `exports` map, istanbul counters), and every method, including read and delete of resources created by
 * an older release, runs the implementation of the package version installed now.
 *
 * `require` resolves from the provider process's working directory: the Pulumi project, where
 * `pulumi-novita` is installed.
 */
export const PROVIDER_MODULE = "pulumi-novita/provider";

export type ProviderKind = "gpuInstance" | "registryAuth" | "networkStorage";

export function providerText(kind: ProviderKind): string {
    return `exports.handler = () => require(${JSON.stringify(PROVIDER_MODULE)}).${kind};\n`;
}

/** Dynamic-resource type tokens, exactly as `pulumi.dynamic.Resource` builds them (`pulumi-nodejs:dynamic/<module>:<type>`). */
export function dynamicType(type: string): string {
    return `pulumi-nodejs:dynamic/novita:${type}`;
}
