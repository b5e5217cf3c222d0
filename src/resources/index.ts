export { GpuInstance, GPU_INSTANCE_SECRET_OUTPUTS, type GpuInstanceArgs, type PlacementArgs, type PortArg, type EnvArg, type TimeoutsArgs, type ReadinessArgs } from "./gpu-instance";
export { RegistryAuth, type RegistryAuthArgs } from "./registry-auth";
export { NetworkStorage, type NetworkStorageArgs } from "./network-storage";
