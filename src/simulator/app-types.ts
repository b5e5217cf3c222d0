/** Public types of the simulated apps behind each instance's endpoints (./apps.ts). */

/**
 * How the application in an instance's container answers on its mapped ports (each `portMappings[].endpoint` is a
 * real loopback listener), counted in API seconds from the moment the container last started running (create,
 * start, restart, upgrade). The default answers 200 as soon as the instance runs.
 */
export interface AppBehaviour {
    /** Seconds during which connections are refused (nothing listens). Default 0; `Infinity`: never listens. */
    refuseSeconds?: number;
    /** Seconds after that during which every HTTP request gets 503. Default 0; `Infinity`: never ready. */
    unavailableSeconds?: number;
    /** Status once ready. Default 200. */
    readyStatus?: number;
    /** Body once ready. Default `"ok"`. */
    body?: string;
}

/** One HTTP request an instance's app answered (connections refused are not requests: nothing listened). */
export interface AppRequest {
    instanceId: string;
    /** The container port (`portMappings[].port`). */
    port: number;
    path: string;
    status: number;
    /** Simulated time of the answer. */
    at: Date;
}
