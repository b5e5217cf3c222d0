/** An offline engine configured for a simulator, loading the built provider (dist/) like a user's project. */
import { OfflineEngine } from "../src/testing";
import type { Simulator } from "../src/simulator";
import { ROOT } from "./common";

export function engineFor(sim: Simulator, timeScale: number, parallel?: number): OfflineEngine {
    return new OfflineEngine({
        project: "novita-bench",
        stack: "bench",
        config: { "novita:apiKey": { value: sim.apiKey, secret: true }, "novita:baseUrl": sim.baseUrl, "novita:timeScale": String(timeScale) },
        providerCwd: ROOT,
        linkPackages: { "pulumi-novita": ROOT },
        ...(parallel ? { parallel } : {}),
    });
}
