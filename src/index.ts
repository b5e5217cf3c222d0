/**
 * pulumi-novita: Novita AI GPU instances as Pulumi resources.
 *
 *   import * as novita from "pulumi-novita";
 *   const auth = new novita.RegistryAuth("ghcr", { username, password });
 *   const gpu = new novita.GpuInstance("trainer", { placement: { productName: "RTX 4090" }, imageUrl, imageAuthId: auth.id });
 */
export * from "./resources";
export * from "./functions";
export type { Considered, SelectorInput, SelectionBillingMode, Strategy } from "./selection/types";
export {
    NovitaError,
    NovitaApiError,
    NovitaNetworkError,
    NovitaTimeoutError,
    NovitaResponseError,
    NovitaValidationError,
    isNotFound,
    isCapacityError,
    isRateLimited,
} from "./api/errors";
export { SelectionError, UnknownRegionError, NoEligibleProductError } from "./selection/errors";
export { VERSION } from "./version";
