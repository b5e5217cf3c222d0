// @ts-check
/** jest globalTeardown: removes the directory test/setup/link-own-package.js put on NODE_PATH. */
"use strict";
const fs = require("fs");

module.exports = async function unlinkOwnPackage() {
    const dir = process.env.PULUMI_NOVITA_OWN_PACKAGE_LINK;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
