/** Every endpoint the simulator serves, keyed `METHOD path` (paths relative to the base URL, metrics absolute). */
import { actionRoutes } from "./actions";
import { catalogueRoutes } from "./catalogue";
import { instanceRoutes } from "./instances";
import { metricsRoutes } from "./metrics";
import { networkStorageRoutes } from "./network-storage";
import { registryRoutes } from "./registry";
import { templateRoutes } from "./templates";
import type { Handler, RouteTable } from "./types";

export const ROUTES: RouteTable = {
    ...catalogueRoutes,
    ...instanceRoutes,
    ...actionRoutes,
    ...registryRoutes,
    ...templateRoutes,
    ...metricsRoutes,
    ...networkStorageRoutes,
};

/**
 * The handler of a request, if the real API has that path: `/v1/…` paths only under the base path
 * (`/gpu-instance/openapi`), the metrics path (`/openapi/v1/…`) only outside it.
 */
export function routeFor(method: string, path: string, underBase: boolean): Handler | undefined {
    const key = `${method} ${path}`;
    return Object.hasOwn(ROUTES, key) && path.startsWith("/v1/") === underBase ? ROUTES[key] : undefined;
}

export type { Ctx, Handler, Reply, RouteTable } from "./types";
