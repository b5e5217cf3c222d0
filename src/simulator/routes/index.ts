/** Every endpoint the simulator serves, keyed `METHOD path` (paths relative to the base URL, metrics absolute). */
import { actionRoutes } from "./actions";
import { catalogueRoutes } from "./catalogue";
import { instanceRoutes } from "./instances";
import { metricsRoutes } from "./metrics";
import { registryRoutes } from "./registry";
import { templateRoutes } from "./templates";
import type { RouteTable } from "./types";

export const ROUTES: RouteTable = {
    ...catalogueRoutes,
    ...instanceRoutes,
    ...actionRoutes,
    ...registryRoutes,
    ...templateRoutes,
    ...metricsRoutes,
};

export type { Ctx, Handler, Reply, RouteTable } from "./types";
