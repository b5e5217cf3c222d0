// @ts-check
/**
 * Four jest projects, one per tier of test/tiers.js: `npx jest` (and `npm test`) runs them all,
 * `npx jest --selectProjects unit` one of them (`npm run test:unit` etc.).
 */
const fs = require("fs");
const path = require("path");
const { tierOf, TIERS } = require("./test/tiers");

/** Every `*.test.ts` under test/, relative to the root, `/`-separated. */
function testFiles(/** @type {string} */ dir = "test") {
    return fs.readdirSync(path.join(__dirname, dir), { withFileTypes: true }).flatMap((e) => {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory()) return e.name === "node_modules" || e.name === "fixtures" ? [] : testFiles(rel);
        return e.name.endsWith(".test.ts") ? [rel] : [];
    });
}

const files = testFiles();
const untiered = files.filter((f) => !tierOf(f));
if (untiered.length) throw new Error(`test/tiers.js gives no tier to ${untiered.join(", ")}: add a rule`);

/** @type {import('jest').Config} */
const common = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }] },
  moduleFileExtensions: ["ts", "js", "json"],
  // Examples and users import the package by name; inside this repo that is the source tree.
  moduleNameMapper: { "^pulumi-novita$": "<rootDir>/src/index.ts", "^pulumi-novita/(provider|simulator|testing)$": "<rootDir>/src/$1/index.ts" },
};

/** @type {import('jest').Config} */
module.exports = {
  // Provider processes resolve `pulumi-novita/provider` from their cwd; here that is this repository, which is not
  // installed in its own node_modules: a NODE_PATH link stands in (see test/setup/link-own-package.js).
  globalSetup: "<rootDir>/test/setup/link-own-package.js",
  globalTeardown: "<rootDir>/test/setup/unlink-own-package.js",
  testTimeout: 60000,
  // Provider code is serialized by Pulumi's closure serializer: istanbul counters would be captured, so no coverage.
  collectCoverage: false,
  projects: TIERS.map((tier) => ({
    ...common,
    displayName: tier,
    testMatch: files.filter((f) => tierOf(f) === tier).map((f) => `<rootDir>/${f}`),
    ...(tier === "unit" ? { setupFilesAfterEnv: ["<rootDir>/test/suite/no-io.js"] } : {}),
  })),
};
