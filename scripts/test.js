#!/usr/bin/env node
// @ts-check
/**
 * `npm test`: build, type-check, then every jest test; the last line printed is always the verdict
 * `N passed, N failed`, taken from jest's own JSON results (a failed build or type-check counts as one failure,
 * since no test could run). Exits non-zero when anything failed. The real-CLI suite (test/cli) runs when
 * `npm run cli:build` has built the Pulumi CLI, and is skipped otherwise, said just above the verdict (with
 * PULUMI_NOVITA_REQUIRE_CLI=1, as .ci/run sets, it fails instead). Extra arguments go to jest:
 *
 *   npm test                       # everything
 *   npm test -- test/selection     # only the tests under test/selection (build and type-check still run)
 *   npm test -- --selectProjects sim   # one tier of test/tiers.js (npm run test:unit etc. skip the type-check)
 */
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
/** The script of a package's command, from its package.json `bin` (works whatever its `exports` allow). */
function bin(/** @type {string} */ pkg, /** @type {string} */ name) {
    const manifest = require.resolve(`${pkg}/package.json`, { paths: [ROOT] });
    const field = require(manifest).bin;
    return path.join(path.dirname(manifest), typeof field === "string" ? field : field[name]);
}

/** Runs node on a script with the output passed through; returns the exit status. */
function run(/** @type {string} */ label, /** @type {string[]} */ args) {
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "inherit" });
    if (r.status !== 0) console.error(`\n${label} failed (exit ${r.status ?? r.signal})`);
    return r.status === 0;
}

/** @param {string[]} jestArgs */
function main(jestArgs) {
    const tsc = bin("typescript", "tsc");
    if (!run("build", [tsc, "-p", "tsconfig.build.json"]) || !run("type-check", [tsc, "-p", "tsconfig.json", "--noEmit"])) {
        console.log("0 passed, 1 failed");
        return 1;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-novita-jest-"));
    const results = path.join(dir, "results.json");
    try {
        const ok = run("jest", [bin("jest", "jest"), ...jestArgs, "--json", `--outputFile=${results}`]);
        /** @type {{ numPassedTests?: number, numFailedTests?: number, numRuntimeErrorTestSuites?: number }} */
        let r = {};
        try {
            r = JSON.parse(fs.readFileSync(results, "utf8"));
        } catch {
            // jest died before writing results: counted below as one failure
        }
        const passed = r.numPassedTests ?? 0;
        // A suite that fails to load or crashes counts too: it is tests that did not pass.
        const failed = (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0) + (!ok && !r.numFailedTests && !r.numRuntimeErrorTestSuites ? 1 : 0);
        const cli = require("./pulumi-cli-env");
        console.log(
            cli.installed()
                ? `Real-CLI suite (test/cli): ran with the Pulumi CLI ${cli.pins().pulumi} built in .tools/bin.`
                : "Real-CLI suite (test/cli): SKIPPED, the Pulumi CLI is not built. `npm run cli:build` builds it from Go modules (Go ≥ 1.26; about 10 minutes the first time).",
        );
        console.log(`${passed} passed, ${failed} failed`);
        return ok && failed === 0 ? 0 : 1;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

process.exitCode = main(process.argv.slice(2));
