/**
 * Reliability suite: scenarios through the offline engine against the simulator with faults injected.
 * Each scenario ends with the invariants of kit/invariants.ts (no orphan, no duplicate, no leak); the
 * summary table is printed after the last scenario.
 */
import { printTable } from "./kit/report";
import { actionScenarios } from "./scenarios/actions";
import { badInputScenarios } from "./scenarios/bad-inputs";
import { createFaultScenarios } from "./scenarios/create-faults";
import { credentialScenarios } from "./scenarios/credentials";
import { driftScenarios } from "./scenarios/drift";
import { lifecycleScenarios } from "./scenarios/lifecycle";
import { networkScenarios } from "./scenarios/network";
import { networkStorageScenarios } from "./scenarios/network-storage";
import { rateLimitScenarios } from "./scenarios/rate-limits";
import { readinessScenarios } from "./scenarios/readiness";

afterAll(() => printTable());

rateLimitScenarios();
createFaultScenarios();
networkScenarios();
lifecycleScenarios();
driftScenarios();
actionScenarios();
credentialScenarios();
badInputScenarios();
networkStorageScenarios();
readinessScenarios();
