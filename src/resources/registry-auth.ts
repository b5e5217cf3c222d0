/**
 * `RegistryAuth`: credentials Novita uses to pull a private image (`GpuInstance.imageAuthId`).
 * Any change replaces it, create-before-delete: leave `name` unset (auto-named) so the new auth never
 * collides with the old one and a credential rotation converges in one `pulumi up`.
 */
import * as pulumi from "@pulumi/pulumi";
import { OUTPUT_KEYS, SECRET_OUTPUTS } from "../provider/registry-auth-keys";
import { withSecretOutputs } from "./gpu-instance";
import { dynamicType, providerText } from "./shims";

export interface RegistryAuthArgs {
    /** Default: `<resource name>-<random suffix>`. An existing auth with the same name is an error. */
    name?: pulumi.Input<string>;
    username: pulumi.Input<string>;
    /** Stored as a secret. */
    password: pulumi.Input<string>;
    /** How long delete retries while an instance still uses the auth (IMAGE_AUTH_IN_USE). Default "5m". */
    timeouts?: pulumi.Input<{ delete?: string }>;
}

export class RegistryAuth extends pulumi.CustomResource {
    declare readonly name: pulumi.Output<string>;
    declare readonly username: pulumi.Output<string>;
    /** Secret. */
    declare readonly password: pulumi.Output<string>;
    declare readonly timeouts: pulumi.Output<{ delete: string }>;

    constructor(name: string, args: RegistryAuthArgs, opts?: pulumi.CustomResourceOptions) {
        const seeds = Object.fromEntries(OUTPUT_KEYS.map((k) => [k, undefined]));
        const props = { ...seeds, ...args, autoNamePrefix: args?.name === undefined ? name : undefined, __provider: providerText("registryAuth") };
        super(dynamicType("RegistryAuth"), name, props, withSecretOutputs(opts, [...SECRET_OUTPUTS]));
    }

    static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): RegistryAuth {
        return new RegistryAuth(name, {} as RegistryAuthArgs, { ...opts, id });
    }
}
