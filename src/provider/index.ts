/**
 * `pulumi-novita/provider`: the run-time implementation behind the `__provider` text stored with every
 * resource (`exports.handler = () => require("pulumi-novita/provider").gpuInstance`, see
 * src/resources/shims.ts). `gpuInstance` and `registryAuth` are `pulumi.dynamic.ResourceProvider`s;
 * these names and their methods are a contract with every stack ever deployed.
 */
import { gpuInstanceProvider } from "./gpu-instance";
import { placementSupport } from "./placement";
import { registryAuth } from "./registry-auth";

export { configure } from "./config";
export { registryAuth };
export const gpuInstance = gpuInstanceProvider(placementSupport);
