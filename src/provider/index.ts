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
import { withOperationDeadlines } from "./deadline";
import { gpuInstanceProvider } from "./gpu-instance";
import { DEFAULT_TIMEOUTS } from "./gpu-instance/inputs";
import { networkStorageProvider } from "./network-storage";
import { DEFAULT_STORAGE_TIMEOUTS } from "./network-storage/check";
import { placementSupport } from "./placement";
import { DEFAULT_AUTH_DELETE_TIMEOUT, registryAuth as registryAuthProvider } from "./registry-auth";

/** A dynamic provider whose `configure` reads the `novita:*` stack config (always present here). */
export type NovitaResourceProvider = pulumi.dynamic.ResourceProvider & Required<Pick<pulumi.dynamic.ResourceProvider, "configure">>;

/** Reads `novita:apiKey`, `novita:baseUrl`, … from the stack config the engine hands the provider process. */
export const configure: (req: pulumi.dynamic.ConfigureRequest) => Promise<void> = configureSettings;
// create, update and delete run under the deadline of the resource's `timeouts` (./deadline.ts).
export const registryAuth: NovitaResourceProvider = withOperationDeadlines(registryAuthProvider, { delete: DEFAULT_AUTH_DELETE_TIMEOUT });
export const gpuInstance: NovitaResourceProvider = withOperationDeadlines(gpuInstanceProvider(placementSupport), DEFAULT_TIMEOUTS);
export const networkStorage: NovitaResourceProvider = withOperationDeadlines(networkStorageProvider, DEFAULT_STORAGE_TIMEOUTS);
