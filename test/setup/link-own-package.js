// @ts-check
/**
 * jest globalSetup: every provider process our tests start can `require("pulumi-novita/provider")`.
 *
 * Each resource's `__provider` requires `pulumi-novita/provider` from the provider process's working directory.
 * A user's project has `pulumi-novita` in its node_modules; this repository IS pulumi-novita, so it is not in its
 * own node_modules, and the provider processes of our tests (cwd: this repository, or an example's directory)
 * would not find it. As `moduleNameMapper` does for the test process, this setup stands in for "installed":
 * a temp directory holding the symlink `pulumi-novita -> <this repository>` goes on NODE_PATH, which every
 * process the tests spawn inherits, as the real CLI's plugins inherit the CLI's environment. The offline engine
 * itself adds nothing (see src/testing/module-links.ts); the layout tests (test/package/layouts.test.ts) and the
 * real-CLI runs (scripts/pulumi-cli-env.js) remove NODE_PATH, so the layouts users have are tested without it.
 */
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.resolve(__dirname, "../..");

module.exports = async function linkOwnPackage() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-novita-own-package-"));
    fs.symlinkSync(ROOT, path.join(dir, "pulumi-novita"), "dir");
    process.env.PULUMI_NOVITA_OWN_PACKAGE_LINK = dir;
    process.env.NODE_PATH = [...(process.env.NODE_PATH ?? "").split(path.delimiter).filter(Boolean), dir].join(path.delimiter);
};
