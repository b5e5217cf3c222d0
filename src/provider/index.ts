/**
 * `pulumi-novita/provider`: the run-time implementation behind the `__provider` text stored with every
 * resource (its `handler` returns `require("pulumi-novita/provider").gpuInstance`, see src/resources/shims.ts).
 * `gpuInstance`, `registryAuth` and `networkStorage` are `pulumi.dynamic.ResourceProvider`s;
 * these names and their methods are a contract with every stack ever deployed.
 *
 * The exports are typed with Pulumi's own interfaces, so this entry point's declarations reach neither
 * the wire schemas nor zod (a stock `pulumi new typescript` tsconfig cannot compile zod's typings).
 */
import type * as pulumi from "@pulumi/pulumi";
import { configure as configureSettings } from "./config";
import { gpuInstanceProvider } from "./gpu-instance";
import { networkStorageProvider } from "./network-storage";
import { placementSupport } from "./placement";
import { registryAuth as registryAuthProvider } from "./registry-auth";

/** A dynamic provider whose `configure` reads the `novita:*` stack config (always present here). */
export type NovitaResourceProvider = pulumi.dynamic.ResourceProvider & Required<Pick<pulumi.dynamic.ResourceProvider, "configure">>;

/** Reads `novita:apiKey`, `novita:baseUrl`, … from the stack config the engine hands the provider process. */
export const configure: (req: pulumi.dynamic.ConfigureRequest) => Promise<void> = configureSettings;
export const registryAuth: NovitaResourceProvider = registryAuthProvider;
export const gpuInstance: NovitaResourceProvider = gpuInstanceProvider(placementSupport);
export const networkStorage: NovitaResourceProvider = networkStorageProvider;
