// @ts-check
/**
 * Which jest project (tier) each test file belongs to. jest.config.js builds its `projects` from this, and refuses
 * to load when a test file has no tier, so every test runs in exactly one tier:
 *
 * - unit: pure code; no server, no socket, no child process (test/suite/no-io.js enforces it). Seconds.
 * - sim: the API client and the simulator over real HTTP, in-process.
 * - engine: the offline engine and the provider's gRPC server, the reliability scenarios, the examples, the real CLI.
 * - package: `npm pack`, installing the tarball into a fresh project, the demo.
 *
 * A file's tier is the first rule that matches its path (relative to the repository root, `/`-separated).
 */
"use strict";

/** @typedef {"unit" | "sim" | "engine" | "package"} Tier */

/** @type {[RegExp, Tier][]} */
const RULES = [
    // package: the built, packed, installed artefact and the demo script.
    [/^test\/package\//, "package"],
    [/^test\/demo\//, "package"],
    [/^test\/cli\/demo\.test\.ts$/, "package"],
    // The pulumi-novita command through its built bin (dist/) in a child process, against a simulator.
    [/^test\/command\/(cost|orphans)\.test\.ts$/, "package"],
    [/^test\/command\//, "unit"],
    // engine: anything that runs the offline engine, the provider server or the real CLI.
    [/^test\/(engine|reliability|testing|cli)\//, "engine"],
    // The shim test loads the provider in child processes and runs stacks deployed with older shim texts.
    [/^test\/resources\/shim\.test\.ts$/, "engine"],
    // The examples' files and the README's claims are read, not run.
    [/^test\/examples\/(files|readme)\.test\.ts$/, "unit"],
    [/^test\/examples\//, "engine"],
    // The bench smoke test closure-serializes the built provider in dist/, which the engine tier builds.
    [/^test\/bench\//, "engine"],
    // sim: a simulator over HTTP.
    [/\.sim\.test\.ts$/, "sim"],
    [/^test\/simulator\/lifecycle-unit\.test\.ts$/, "unit"],
    [/^test\/simulator\//, "sim"],
    [/^test\/functions\//, "sim"],
    [/^test\/provider\/watcher\.test\.ts$/, "sim"],
    // unit: the rest of the pure layers.
    [/^test\/(selection|offers|api|provider|resources|suite)\//, "unit"],
];

/** @returns {Tier | undefined} */
function tierOf(/** @type {string} */ file) {
    return RULES.find(([pattern]) => pattern.test(file))?.[1];
}

const TIERS = /** @type {const} */ (["unit", "sim", "engine", "package"]);

module.exports = { tierOf, TIERS };
