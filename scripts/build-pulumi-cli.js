#!/usr/bin/env node
// @ts-check
/**
 * `npm run cli:build`: builds the real Pulumi CLI and its Node.js language host from the Go module proxy into
 * `.tools/bin/` (ignored by git), through the pinned wrapper modules in `tools/pulumi-cli/` (`go install` of a
 * module with `replace` directives does not work, so we build from a module of our own). Skips the build when the
 * pinned binaries are already there. Prints what it built and how long it took.
 *
 * - CLI: `github.com/pulumi/pulumi/pkg/v3/cmd/pulumi` at the version pinned in tools/pulumi-cli/go.mod.
 * - Language host: the Go proxy does not serve `github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3`
 *   (403 for every version), so it is built from the last `sdk/v3` release that still carried it
 *   (`sdk/v3/nodejs/cmd/pulumi-language-nodejs`), pinned in tools/pulumi-cli/langhost-nodejs/go.mod. The engine
 *   (steps, refresh, diff, state) is all in the CLI; the host only starts `node @pulumi/pulumi/cmd/run`.
 * - `pulumi-resource-pulumi-nodejs`, the dynamic-provider plugin, is a shell script that Pulumi's own release
 *   tarball ships beside `pulumi`; we copy the one inside the `@pulumi/pulumi` npm package there (the CLI looks
 *   beside itself first, and warns on every run about a copy it finds only on PATH). It resolves
 *   `@pulumi/pulumi/cmd/dynamic-provider` from the project directory at run time, like the real one.
 *
 *   node scripts/build-pulumi-cli.js [--force] [--check]
 *     --force  rebuild even if the pinned binaries exist
 *     --check  build nothing; exit 0 if the pinned binaries exist, 1 otherwise
 */
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const { BIN_DIR, ROOT, pins, installed } = require("./pulumi-cli-env");

const TOOLS = path.join(ROOT, "tools", "pulumi-cli");

/** @param {string} label @param {string[]} args @param {string} cwd */
function go(label, args, cwd) {
    const started = Date.now();
    const env = { ...process.env, CGO_ENABLED: "0", GOFLAGS: [process.env.GOFLAGS, "-modcacherw"].filter(Boolean).join(" ") };
    const r = spawnSync("go", args, { cwd, env, stdio: "inherit" });
    if (r.error) throw new Error(`${label}: cannot run go (${r.error.message}); Go ≥ 1.26 is needed to build the Pulumi CLI`);
    if (r.status !== 0) throw new Error(`${label} failed (go ${args.join(" ")} exited ${r.status})`);
    return (Date.now() - started) / 1000;
}

function main(/** @type {string[]} */ argv) {
    const want = pins();
    if (argv.includes("--check")) {
        const ok = installed(want);
        console.log(ok ? `Pulumi CLI ${want.pulumi} is built in .tools/bin` : `Pulumi CLI ${want.pulumi} is not built: run \`npm run cli:build\``);
        return ok ? 0 : 1;
    }
    if (!argv.includes("--force") && installed(want)) {
        console.log(`Pulumi CLI ${want.pulumi} and Node language host ${want.languageHost} are already built in .tools/bin (--force rebuilds).`);
        return 0;
    }
    fs.mkdirSync(BIN_DIR, { recursive: true });
    fs.rmSync(path.join(BIN_DIR, "versions.json"), { force: true });
    const version = (/** @type {string} */ v) => `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${v}`;
    const started = Date.now();
    console.log(`Building the Pulumi CLI ${want.pulumi} from the Go module proxy (${spawnSync("go", ["version"], { encoding: "utf8" }).stdout?.trim() ?? "go"})…`);
    const t1 = go("downloading the CLI's modules", ["mod", "download"], TOOLS);
    const t2 = go("building the CLI", ["build", "-trimpath", "-ldflags", `-s -w ${version(want.pulumi)}`, "-o", path.join(BIN_DIR, "pulumi"), "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"], TOOLS);
    console.log(`Building the Node language host ${want.languageHost}…`);
    const lh = path.join(TOOLS, "langhost-nodejs");
    const t3 = go("downloading the language host's modules", ["mod", "download"], lh);
    const t4 = go("building the language host", ["build", "-trimpath", "-ldflags", `-s -w ${version(want.languageHost)}`, "-o", path.join(BIN_DIR, "pulumi-language-nodejs"), "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"], lh);
    const plugin = require.resolve("@pulumi/pulumi/package.json", { paths: [ROOT] }).replace(/package\.json$/, "pulumi-resource-pulumi-nodejs");
    fs.copyFileSync(plugin, path.join(BIN_DIR, "pulumi-resource-pulumi-nodejs"));
    fs.chmodSync(path.join(BIN_DIR, "pulumi-resource-pulumi-nodejs"), 0o755);
    const printed = spawnSync(path.join(BIN_DIR, "pulumi"), ["version"], { encoding: "utf8" }).stdout.trim();
    if (printed !== want.pulumi) throw new Error(`the built CLI reports version "${printed}", expected ${want.pulumi}`);
    fs.writeFileSync(path.join(BIN_DIR, "versions.json"), JSON.stringify(want, null, 2) + "\n");
    const s = (/** @type {number} */ n) => `${n.toFixed(1)} s`;
    console.log(
        `Built .tools/bin/pulumi ${printed} (modules ${s(t1)}, build ${s(t2)}) and .tools/bin/pulumi-language-nodejs ${want.languageHost} ` +
            `(modules ${s(t3)}, build ${s(t4)}) in ${s((Date.now() - started) / 1000)}.`,
    );
    return 0;
}

try {
    process.exitCode = main(process.argv.slice(2));
} catch (e) {
    console.error(`build-pulumi-cli: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
}
