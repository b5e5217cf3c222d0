/**
 * `pulumi-novita/simulator`: a local, faithful Novita GPU Instance API (v1) over real HTTP.
 *
 *   const sim = await startSimulator({ timeScale: 0.001 });
 *   // novita:baseUrl = sim.baseUrl, novita:apiKey = sim.apiKey
 *   ...
 *   await sim.close();
 *
 * Same paths, payloads, quirks and error bodies as the real API (docs/novita-api-notes.md), a deterministic
 * catalogue, an instance lifecycle on a time-scaled clock, capacity, fault injection, out-of-band
 * actions and a request log. It never prints anything (the CLI prints the key on purpose).
 */
import { AppEndpoints } from "./apps";
import { defaultCatalogue } from "./catalogue";
import { createControls } from "./controls";
import { FaultQueue, RateLimiter } from "./faults";
import { generateApiKey, IdSource } from "./ids";
import { Clock } from "./lifecycle";
import { BASE_PATH, SimServer } from "./server";
import { defaultOutsideInstances } from "./outside";
import { UDP_TEMPLATE } from "./outside-items";
import { Store, type TemplateRecord } from "./store";
import type { Simulator, SimulatorOptions } from "./types";

export type * from "./types";
export { defaultCatalogue, INVENTORY_THRESHOLDS, MONTHLY_TERMS, NETWORK_STORAGE_MAX_GB, NETWORK_STORAGE_USD_PER_GB_DAY } from "./catalogue";
export { CREATE_FRACTIONS, TO_PHASE_MS, ING_PHASE_MS, MIGRATING_MS } from "./lifecycle";
export { BASE_PATH } from "./faults";
export { CONSOLE_INSTANCE, CPU_INSTANCE, UDP_TEMPLATE } from "./outside-items";

function checkOptions(o: SimulatorOptions): void {
    const bad = (field: string, rule: string) => {
        throw new Error(`startSimulator: ${field} ${rule}`);
    };
    if (o.port !== undefined && !(Number.isInteger(o.port) && o.port >= 0 && o.port <= 65535)) bad("port", "must be 0–65535");
    if (o.timeScale !== undefined && !(Number.isFinite(o.timeScale) && o.timeScale > 0)) bad("timeScale", "must be a positive number");
    if (o.bootSeconds !== undefined && !(Number.isFinite(o.bootSeconds) && o.bootSeconds >= 0)) bad("bootSeconds", "must be ≥ 0");
    if (o.notFoundStatus !== undefined && o.notFoundStatus !== 400 && o.notFoundStatus !== 404) bad("notFoundStatus", "must be 400 or 404");
    if (o.authFailureStatus !== undefined && o.authFailureStatus !== 401 && o.authFailureStatus !== 403) bad("authFailureStatus", "must be 401 or 403");
    if (o.pageBase !== undefined && o.pageBase !== 0 && o.pageBase !== 1) bad("pageBase", "must be 0 or 1");
    if (o.removedRetentionSeconds !== undefined && !(o.removedRetentionSeconds >= 0)) bad("removedRetentionSeconds", "must be ≥ 0");
    if (o.latencyMs !== undefined && !(o.latencyMs >= 0)) bad("latencyMs", "must be ≥ 0");
    if (o.apiKey !== undefined && o.apiKey.trim() === "") bad("apiKey", "must not be empty");
    if (o.networkStorageCreateAnswer !== undefined && o.networkStorageCreateAnswer !== "string" && o.networkStorageCreateAnswer !== "object") {
        bad("networkStorageCreateAnswer", 'must be "string" or "object"');
    }
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
    checkOptions(options);
    const timeScale = options.timeScale ?? 1;
    const apiKey = options.apiKey ?? generateApiKey();
    const store = new Store(structuredClone(options.catalogue ?? defaultCatalogue()), new Clock(timeScale), new IdSource(options.seed), {
        bootSeconds: options.bootSeconds ?? 60,
        notFoundStatus: options.notFoundStatus ?? 400,
        pageBase: options.pageBase ?? 0,
        removedRetentionSeconds: options.removedRetentionSeconds ?? 30,
        quirks: options.quirks ?? false,
        networkStorageCreateAnswer: options.networkStorageCreateAnswer ?? "string",
    });
    if (options.quirks) {
        store.outside.push(...defaultOutsideInstances());
        store.templates.push(structuredClone(UDP_TEMPLATE) as TemplateRecord);
    }
    const faults = new FaultQueue();
    const deps = {
        store, apiKey, timeScale, faults,
        latencyMs: options.latencyMs ?? 0,
        authFailureStatus: options.authFailureStatus ?? 403,
        rateLimiter: options.rateLimit === undefined ? undefined : new RateLimiter(options.rateLimit),
    };
    const server = new SimServer(deps);
    const host = options.host ?? "127.0.0.1";
    const apps = new AppEndpoints(store, host, timeScale);
    store.apps = apps;
    let port: number;
    try {
        port = await server.listen(options.port ?? 0, host);
    } catch (e) {
        await apps.close();
        throw e;
    }
    const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

    return {
        url,
        baseUrl: url + BASE_PATH,
        get apiKey() {
            return deps.apiKey;
        },
        rotateApiKey(newKey?: string) {
            if (newKey !== undefined && newKey.trim() === "") throw new Error("rotateApiKey: newKey must not be empty");
            deps.apiKey = newKey ?? generateApiKey();
            return deps.apiKey;
        },
        port,
        timeScale,
        close: async () => {
            await server.close();
            await apps.close();
        },
        get requests() {
            return server.log.map((e) => structuredClone(e));
        },
        requestLog: () => server.log.map((e) => structuredClone(e)),
        clearRequestLog: () => server.clearLog(),
        get inFlight() {
            return server.inFlight;
        },
        get peakInFlight() {
            return server.peakInFlight;
        },
        inject: (fault) => faults.add(fault),
        clearFaults: () => faults.clear(),
        pause: () => server.pause(),
        resume: () => server.resume(),
        ...createControls(store),
    };
}
