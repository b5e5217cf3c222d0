// `npm run bench` entry: runs the compiled benchmarks (.bench-out/, ignored by git through its own .gitignore),
// after giving the compiled src/ the package.json it reads its version from (src/version.ts: "../package.json").
"use strict";
const fs = require("fs");
const path = require("path");
const out = path.join(__dirname, "..", ".bench-out");
fs.writeFileSync(path.join(out, ".gitignore"), "*\n");
const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8"));
fs.writeFileSync(path.join(out, "package.json"), JSON.stringify({ name: "pulumi-novita-bench-build", private: true, version }) + "\n");
require(path.join(out, "bench", "run.js"))
    .main()
    .catch((/** @type {unknown} */ e) => {
        console.error(e);
        process.exit(1);
    });
