#!/usr/bin/env node
// @ts-check
/**
 * The `@pulumi/pulumi` range pulumi-novita declares is the range it is tested on. By default three versions are
 * considered, among the releases in the peer range of package.json: the oldest (the floor); the newest whose
 * `engines.node` accepts the Node running this script (releases after 3.248.0 declare Node >= 22); and the newest,
 * which npm installs on an older Node with only an EBADENGINE warning. A version equal to the devDependency is
 * skipped (`npm test` runs every suite on it). For each other version, in a temp copy of this repository whose
 * node_modules is this one's with only `@pulumi/pulumi` swapped: install that SDK from the registry (works with an
 * empty npm cache), build `src/` against it, check that the SDK under test is the one loaded, and run the engine
 * suites (SUITES) with it, the real-CLI one included when the CLI is built. Prints a line per version and ends with
 * the verdict `N passed, N failed`; exits non-zero when anything failed. `.ci/run` runs it after `npm test`.
 *
 *   npm run sdk-range                          # the versions above, SUITES
 *   npm run sdk-range -- 3.230.0               # given versions (the devDependency too, if given)
 *   npm run sdk-range -- --all                 # every engine suite (test/engine, test/testing, test/resources, test/cli)
 *   npm run sdk-range -- 3.276.0 test/engine/registry-auth.test.ts   # given jest paths instead of SUITES
 */
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");

/**
 * What runs against each version, and why these: the SDK is used in three places, and each suite covers one.
 * - The offline engine (src/testing) uses the SDK's runtime internals (local storage, mocks, closure serialization
 *   of dynamic providers, proto stubs): test/testing's lifecycle, secrets, refresh, get, program-module (module
 *   programs evaluated afresh in the SDK's runtime) and module-links (the SDK's cmd/dynamic-provider started from
 *   the project).
 * - The SDK's dynamic-provider server running our provider against the simulator: test/engine/lifecycle (create,
 *   update, replace, delete, partial failures) and registry-auth.
 * - The resources registering with the SDK: test/resources/shim.
 * - The real CLI running the SDK's language runtime (cmd/run, TypeScript through the SDK's ts-node) and
 *   dynamic-provider plugin: test/cli/provider-process.
 * `--all` adds the rest of test/engine, test/testing, test/resources and test/cli (the examples under the CLI).
 */
const SUITES = [
    "test/testing/lifecycle.test.ts",
    "test/testing/secrets.test.ts",
    "test/testing/refresh.test.ts",
    "test/testing/get.test.ts",
    "test/testing/program-module.test.ts",
    "test/testing/module-links.test.ts",
    "test/engine/lifecycle.test.ts",
    "test/engine/registry-auth.test.ts",
    "test/resources/shim.test.ts",
    "test/cli/provider-process.test.ts",
];
const ALL = ["test/engine", "test/testing", "test/resources", "test/cli"];

/** npm's own CLI script (the one running us, else the one installed next to node), else `npm` on PATH. */
const NPM_CLI = [process.env.npm_execpath, path.join(path.dirname(process.execPath), "..", "lib", "node_modules", "npm", "bin", "npm-cli.js")]
    .find((p) => !!p && /npm-cli\.js$/.test(p) && fs.existsSync(p));

/** @param {string[]} args @param {string} cwd */
function npm(args, cwd) {
    const r = NPM_CLI
        ? spawnSync(process.execPath, [NPM_CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } })
        : spawnSync("npm", args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
    if (r.status !== 0) throw new Error(`npm ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
    return { stdout: r.stdout, stderr: r.stderr };
}

/** package.json's peer range for @pulumi/pulumi. */
const peerRange = () => /** @type {string} */ (require(path.join(ROOT, "package.json")).peerDependencies["@pulumi/pulumi"]);

/** `engines.node` of the forms the SDK uses (`>=N`, `>=N.M.P`) against a Node version; anything else throws. */
function acceptsNode(/** @type {string} */ range, /** @type {string} */ nodeVersion) {
    const m = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
    if (!m) throw new Error(`@pulumi/pulumi engines.node ${JSON.stringify(range)}: sdk-range.js knows only ">=N[.M.P]"`);
    const want = [m[1], m[2] ?? "0", m[3] ?? "0"].map(Number);
    const have = nodeVersion.replace(/^v/, "").split(".").map(Number);
    for (let i = 0; i < 3; i++) if (have[i] !== want[i]) return have[i] > want[i];
    return true;
}

/** Numeric compare of `X.Y.Z` release versions (no prereleases: a range query returns none). */
const byVersion = (/** @type {string} */ a, /** @type {string} */ b) => {
    const [x, y] = [a, b].map((v) => v.split(".").map(Number));
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};

/**
 * From the registry's metadata of the releases in the peer range: the oldest (the floor), the newest whose
 * `engines.node` accepts the Node running this script, and the newest.
 */
function candidates() {
    /** @type {{ version: string, "engines.node"?: string }[] | { version: string, "engines.node"?: string }} */
    const listed = JSON.parse(npm(["view", `@pulumi/pulumi@${peerRange()}`, "version", "engines.node", "--json"], ROOT).stdout);
    const releases = (Array.isArray(listed) ? listed : [listed]).filter((v) => /^\d+\.\d+\.\d+$/.test(v.version));
    releases.sort((x, y) => byVersion(x.version, y.version));
    if (releases.length === 0) throw new Error(`no @pulumi/pulumi release satisfies the peer range ${peerRange()}`);
    const forThisNode = releases.filter((v) => !v["engines.node"] || acceptsNode(v["engines.node"], process.version));
    return {
        floor: releases[0].version,
        forThisNode: forThisNode[forThisNode.length - 1]?.version,
        newest: releases[releases.length - 1].version,
    };
}

/**
 * A copy of this repository's files (tracked and not ignored, so uncommitted work too) in `dir`, whose node_modules
 * links every entry of ours except @pulumi/pulumi, which links `sdk`.
 * @param {string} dir @param {string} sdk
 */
function copyRepository(dir, sdk) {
    const files = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
    if (files.status !== 0) throw new Error(`git ls-files failed: ${files.stderr}`);
    for (const f of files.stdout.split("\0").filter(Boolean)) {
        if (!fs.existsSync(path.join(ROOT, f))) continue; // deleted in the work tree
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
    }
    const modules = path.join(dir, "node_modules");
    fs.mkdirSync(path.join(modules, "@pulumi"), { recursive: true });
    for (const entry of fs.readdirSync(path.join(ROOT, "node_modules"))) {
        if (entry === "@pulumi" || entry.startsWith(".")) continue;
        fs.symlinkSync(path.join(ROOT, "node_modules", entry), path.join(modules, entry), "dir");
    }
    for (const entry of fs.readdirSync(path.join(ROOT, "node_modules", "@pulumi"))) {
        if (entry !== "pulumi") fs.symlinkSync(path.join(ROOT, "node_modules", "@pulumi", entry), path.join(modules, "@pulumi", entry), "dir");
    }
    fs.symlinkSync(sdk, path.join(modules, "@pulumi", "pulumi"), "dir");
}

/** @param {string} label @param {string[]} args @param {string} cwd @param {NodeJS.ProcessEnv} [env] */
function run(label, args, cwd, env = process.env) {
    const r = spawnSync(process.execPath, args, { cwd, env, stdio: "inherit" });
    if (r.status !== 0) console.error(`${label} failed (exit ${r.status ?? r.signal})`);
    return r.status === 0;
}

/**
 * @typedef {{ version: string, passed: number, failed: number, skipped?: number, seconds: number, engines?: string, ebadengine?: boolean }} Outcome
 */

/** A test written into each copy, run first: the SDK the suites load is the one under test, not this repository's. */
const UNDER_TEST = path.join("test", "sdk-under-test.test.js");
/** @param {string} version @param {string} sdkRoot */
const underTest = (version, sdkRoot) => `"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const root = path.resolve(__dirname, "..");
test("the tests load @pulumi/pulumi ${version} from its temp install", () => {
    const manifest = fs.realpathSync(require.resolve("@pulumi/pulumi/package.json"));
    expect(JSON.parse(fs.readFileSync(manifest, "utf8")).version).toBe(${JSON.stringify(version)});
    expect(manifest.startsWith(${JSON.stringify(sdkRoot + path.sep)})).toBe(true);
});
test("a provider process started in the copy resolves @pulumi/pulumi ${version}'s dynamic-provider", () => {
    const script = "process.stdout.write(require('fs').realpathSync(require.resolve('@pulumi/pulumi/cmd/dynamic-provider')))";
    const resolved = execFileSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8", env: { ...process.env, NODE_PATH: "" } });
    expect(resolved.startsWith(${JSON.stringify(sdkRoot + path.sep)})).toBe(true);
});
`;

/**
 * Installs @pulumi/pulumi@version (with this repository's typescript beside it, where the SDK looks for it, as in
 * our node_modules), copies the repository, builds it and runs the suites. Returns jest's counts.
 * @param {string} version @param {string} tmp @param {string[]} suites
 * @returns {Outcome}
 */
function testVersion(version, tmp, suites) {
    const started = Date.now();
    const sdkRoot = path.join(tmp, `sdk-${version}`);
    fs.mkdirSync(sdkRoot);
    fs.writeFileSync(path.join(sdkRoot, "package.json"), JSON.stringify({ name: "sdk-under-test", private: true }));
    const typescript = require(path.join(ROOT, "node_modules", "typescript", "package.json")).version;
    const installed = npm(["install", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund", `@pulumi/pulumi@${version}`, `typescript@${typescript}`], sdkRoot);
    const engines = require(path.join(sdkRoot, "node_modules", "@pulumi", "pulumi", "package.json")).engines?.node ?? "(none)";
    const ebadengine = /EBADENGINE/.test(installed.stderr);
    console.log(`@pulumi/pulumi ${version}: engines.node ${engines}, running on Node ${process.version}${ebadengine ? " (npm warned EBADENGINE)" : ""}`);

    const dir = path.join(tmp, `repo-${version}`);
    copyRepository(dir, path.join(sdkRoot, "node_modules", "@pulumi", "pulumi"));
    const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
    if (!run(`build against @pulumi/pulumi ${version}`, [tsc, "-p", "tsconfig.build.json"], dir)) {
        return { version, passed: 0, failed: 1, seconds: (Date.now() - started) / 1000 };
    }
    const results = path.join(tmp, `jest-${version}.json`);
    fs.writeFileSync(path.join(dir, UNDER_TEST), underTest(version, fs.realpathSync(sdkRoot)));
    // The CLI built in this repository (its .tools is not copied).
    const cli = require("./pulumi-cli-env");
    const env = { ...process.env, PULUMI_NOVITA_CLI_BIN: cli.BIN_DIR };
    const jest = path.join(ROOT, "node_modules", "jest", "bin", "jest.js");
    run(`jest against @pulumi/pulumi ${version}`, [jest, UNDER_TEST, ...suites, "--json", `--outputFile=${results}`], dir, env);
    /** @type {{ numPassedTests?: number, numFailedTests?: number, numRuntimeErrorTestSuites?: number, numPendingTests?: number }} */
    let r = {};
    try {
        r = JSON.parse(fs.readFileSync(results, "utf8"));
    } catch {
        // jest died before writing results: counted as one failure
    }
    const passed = r.numPassedTests ?? 0;
    const failed = (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0) + (r.numPassedTests === undefined ? 1 : 0);
    return { version, passed, failed, skipped: r.numPendingTests ?? 0, seconds: (Date.now() - started) / 1000, engines, ebadengine };
}

/** @param {string[]} argv */
function main(argv) {
    const paths = argv.filter((a) => a.startsWith("test/"));
    const suites = paths.length > 0 ? paths : argv.includes("--all") ? ALL : SUITES;
    const given = argv.filter((a) => /^\d+\.\d+\.\d+/.test(a));
    const unknown = argv.filter((a) => !paths.includes(a) && !given.includes(a) && a !== "--all");
    if (unknown.length > 0) throw new Error(`sdk-range.js: unknown arguments ${unknown.join(" ")} (versions X.Y.Z, test/… paths, --all)`);
    const pinned = require(path.join(ROOT, "node_modules", "@pulumi", "pulumi", "package.json")).version;
    let versions = given;
    if (given.length === 0) {
        const c = candidates();
        versions = [...new Set([c.floor, c.forThisNode, c.newest])].filter(/** @returns {v is string} */ (v) => !!v && v !== pinned);
        console.log(`Peer range ${peerRange()}: floor ${c.floor}, newest accepting Node ${process.version} ${c.forThisNode ?? "(none)"}, ` +
            `newest ${c.newest}; ${pinned} is the devDependency, which npm test runs every suite on.`);
    }
    const cli = require("./pulumi-cli-env");
    if (!cli.installed()) console.log("The Pulumi CLI is not built (`npm run cli:build`): the real-CLI suites are skipped.");
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-novita-sdk-range-"));
    const started = Date.now();
    /** @type {Outcome[]} */
    const outcomes = [];
    try {
        for (const version of versions) {
            console.log(`\n━━ @pulumi/pulumi ${version} ━━`);
            try {
                outcomes.push(testVersion(version, tmp, suites));
            } catch (e) {
                console.error(e instanceof Error ? e.message : String(e));
                outcomes.push({ version, passed: 0, failed: 1, seconds: 0 });
            }
        }
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
    console.log(`\nSDK range (peer @pulumi/pulumi ${peerRange()}), Node ${process.version}:`);
    for (const o of outcomes) {
        const engines = o.engines ? ` (engines.node ${o.engines}${o.ebadengine ? ", npm warned EBADENGINE" : ""})` : "";
        console.log(`  ${o.version}${engines}: ${o.passed} passed, ${o.failed} failed${o.skipped ? `, ${o.skipped} skipped` : ""} in ${o.seconds.toFixed(0)} s`);
    }
    console.log(`  in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const passed = outcomes.reduce((n, o) => n + o.passed, 0);
    const failed = outcomes.reduce((n, o) => n + o.failed, 0);
    console.log(`${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
}

try {
    process.exitCode = main(process.argv.slice(2));
} catch (e) {
    // Bad arguments, or the registry could not be asked: no version was tested, which is a failure.
    console.error(e instanceof Error ? e.message : String(e));
    console.log("0 passed, 1 failed");
    process.exitCode = 1;
}
