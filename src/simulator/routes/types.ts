/** The contract between the HTTP server and the endpoint handlers. */
import type { Store } from "../store";

export interface Ctx {
    store: Store;
    query: Record<string, string>;
    /** Parsed JSON body (`{}` for GET or an empty POST body). */
    body: unknown;
}

/** `body: undefined` on a 2xx sends `{}` (the server gives every success a JSON body). */
export interface Reply {
    status?: number;
    body?: unknown;
}

export type Handler = (ctx: Ctx) => Reply;
export type RouteTable = Record<string, Handler>;
