/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }] },
  moduleFileExtensions: ["ts", "js", "json"],
  // Examples and users import the package by name; inside this repo that is the source tree.
  moduleNameMapper: { "^pulumi-novita$": "<rootDir>/src/index.ts", "^pulumi-novita/(provider|simulator|testing)$": "<rootDir>/src/$1/index.ts" },
  // Provider processes resolve `pulumi-novita/provider` from their cwd; here that is this repository, which is not
  // installed in its own node_modules: a NODE_PATH link stands in (see test/setup/link-own-package.js).
  globalSetup: "<rootDir>/test/setup/link-own-package.js",
  globalTeardown: "<rootDir>/test/setup/unlink-own-package.js",
  testTimeout: 60000,
  // Provider code is serialized by Pulumi's closure serializer: istanbul counters would be captured, so no coverage.
  collectCoverage: false,
};
