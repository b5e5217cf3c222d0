// @ts-check
/**
 * Where the real Pulumi CLI built by scripts/build-pulumi-cli.js lives, which versions are pinned, and the
 * environment that runs it fully offline: a file backend (no Pulumi Cloud), a passphrase secrets provider, no
 * update check, no plugin downloads, its own PULUMI_HOME, and PATH holding the built binaries (with the
 * `pulumi-resource-pulumi-nodejs` plugin script beside them, as in Pulumi's release tarball). Used by the demo and
 * test/cli.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
/** Where `npm run cli:build` puts the binaries; PULUMI_NOVITA_CLI_BIN points elsewhere (tests use it to hide them). */
const BIN_DIR = process.env.PULUMI_NOVITA_CLI_BIN || path.join(ROOT, ".tools", "bin");
const PULUMI = path.join(BIN_DIR, "pulumi");

/** The versions the wrapper modules pin: `{ pulumi: "v3.x.y", languageHost: "v3.x.y" }`. */
function pins() {
    /** @param {string} file @param {string} mod */
    const required = (file, mod) => {
        const text = fs.readFileSync(path.join(ROOT, "tools", "pulumi-cli", file), "utf8");
        const m = new RegExp(`^\\s*${mod.replace(/[./]/g, "\\$&")}\\s+(v\\S+)`, "m").exec(text);
        if (!m) throw new Error(`tools/pulumi-cli/${file} does not require ${mod}`);
        return m[1];
    };
    return { pulumi: required("go.mod", "github.com/pulumi/pulumi/pkg/v3"), languageHost: required("langhost-nodejs/go.mod", "github.com/pulumi/pulumi/sdk/v3") };
}

/** True when the pinned binaries are built (the stamp is written only after a build that checked `pulumi version`). */
function installed(want = pins()) {
    try {
        const stamp = JSON.parse(fs.readFileSync(path.join(BIN_DIR, "versions.json"), "utf8"));
        return stamp.pulumi === want.pulumi && stamp.languageHost === want.languageHost &&
            ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"].every((f) => fs.existsSync(path.join(BIN_DIR, f)));
    } catch {
        return false;
    }
}

/**
 * Environment for an offline CLI run. `dir` gets `backend/` (state) and `home/` (PULUMI_HOME). NOVITA_* and Pulumi
 * Cloud credentials of the caller's shell are dropped, so a run can never reach a real account.
 * @param {string} dir
 * @param {NodeJS.ProcessEnv} [extra]
 */
function cliEnv(dir, extra = {}) {
    const backend = path.join(dir, "backend");
    const home = path.join(dir, "home");
    fs.mkdirSync(backend, { recursive: true });
    fs.mkdirSync(home, { recursive: true });
    /** @type {NodeJS.ProcessEnv} */
    const env = {
        ...process.env,
        PATH: [BIN_DIR, process.env.PATH].filter(Boolean).join(path.delimiter),
        PULUMI_HOME: home,
        PULUMI_BACKEND_URL: `file://${backend}`,
        PULUMI_CONFIG_PASSPHRASE: "pulumi-novita-offline", // throw-away stacks on a throw-away backend
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
        ...extra,
    };
    for (const k of ["NOVITA_API_KEY", "NOVITA_BASE_URL", "NOVITA_TIME_SCALE", "PULUMI_CONFIG_PASSPHRASE_FILE", "PULUMI_ACCESS_TOKEN", "NODE_PATH"]) {
        if (!(k in extra)) delete env[k];
    }
    return env;
}

module.exports = { ROOT, BIN_DIR, PULUMI, pins, installed, cliEnv };
