/** The contract between the HTTP server and the endpoint handlers. */
import type { Store } from "../store";

export interface Ctx {
    store: Store;
    query: Record<string, string>;
    /** Parsed JSON body (`{}` for GET or an empty POST body). */
    body: unknown;
}

/** `body: undefined` sends 200 with an empty body (restart and delete do that). */
export interface Reply {
    status?: number;
    body?: unknown;
}

export type Handler = (ctx: Ctx) => Reply;
export type RouteTable = Record<string, Handler>;
