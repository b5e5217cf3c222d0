// @ts-check
/** Shared pieces of `npm run demo`: build-if-needed, the project's name, masked output, the final clean-up check. */
"use strict";
const fs = require("fs");
const path = require("path");
const { spawn, spawnSync } = require("child_process");

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * Newest modification time (ms) of the files under `dir` whose names match `re`.
 * @param {string} dir  @param {RegExp} re  @returns {number}
 */
function newest(dir, re) {
    let max = 0;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) max = Math.max(max, newest(p, re));
        else if (re.test(e.name)) max = Math.max(max, fs.statSync(p).mtimeMs);
    }
    return max;
}

/** Runs `tsc -p tsconfig.build.json` when dist/ is missing or older than src/ (or the build config). */
/** @param {(line: string) => void} log */
function ensureBuilt(log) {
    const marker = path.join(ROOT, "dist", "index.js");
    const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
    const sources = Math.max(
        newest(path.join(ROOT, "src"), /\.ts$/),
        ...["tsconfig.json", "tsconfig.build.json", "package.json"].map((f) => fs.statSync(path.join(ROOT, f)).mtimeMs),
    );
    if (built >= sources) return false;
    log(built === 0 ? "Building pulumi-novita (dist/ is missing)…" : "Building pulumi-novita (src/ changed since the last build)…");
    const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
    const r = spawnSync(process.execPath, [tsc, "-p", path.join(ROOT, "tsconfig.build.json")], { cwd: ROOT, stdio: "inherit" });
    if (r.status !== 0) throw new Error("the build failed (see above)");
    return true;
}

/** `name:` from a Pulumi.yaml. @param {string} pulumiYaml */
function projectName(pulumiYaml) {
    const m = /^name:\s*["']?([A-Za-z0-9_.-]+)["']?\s*$/m.exec(fs.readFileSync(pulumiYaml, "utf8"));
    if (!m) throw new Error(`${pulumiYaml} has no project name`);
    return m[1];
}

/**
 * Writes lines to stdout with every known secret value replaced by `[secret]`, and remembers whether one ever
 * had to be masked (the demo then fails: secrets must never reach the output in the first place).
 */
function maskedOutput(write = (/** @type {string} */ s) => process.stdout.write(s)) {
    /** @type {string[]} */
    const secrets = [];
    let leaked = false;
    const mask = (/** @type {string} */ text) => {
        let out = text;
        for (const s of secrets) if (s && out.includes(s)) ((leaked = true), (out = out.split(s).join("[secret]")));
        return out;
    };
    return {
        addSecret: (/** @type {string} */ s) => void secrets.push(s),
        line: (/** @type {string} */ text = "") => write(mask(text) + "\n"),
        raw: (/** @type {string} */ text) => write(mask(text)),
        get leaked() {
            return leaked;
        },
    };
}

/** Problems left in the simulator after the destroy: every instance and registry auth must be gone. */
/** @param {import("pulumi-novita/simulator").Simulator} sim */
function leftovers(sim) {
    const problems = sim.instances().map((i) => `instance ${i.name} (${i.id}) is still ${i.status}`);
    for (const a of sim.registryAuths()) problems.push(`registry auth ${a.name} (${a.id}) still exists`);
    return problems;
}

/** The first executable `name` on PATH, or undefined. @param {string} name */
function findOnPath(name, envPath = process.env.PATH ?? "") {
    for (const dir of envPath.split(path.delimiter).filter(Boolean)) {
        const p = path.join(dir, name);
        try {
            fs.accessSync(p, fs.constants.X_OK);
            if (fs.statSync(p).isFile()) return p;
        } catch {
            // not here
        }
    }
    return undefined;
}

/**
 * Prints the GPU cost table of a plan: `pulumi-novita cost` (the built bin, as `npx pulumi-novita cost` runs it in a
 * user's project) reading `previewJson` — the output of `pulumi preview --json`, or of `toPreviewDigest` offline —
 * on stdin. New instances are priced from the simulator's catalogue (its URL is the preview's novita:baseUrl); the
 * command sees the simulator's API key and nothing else of the caller's environment.
 * @param {object} o
 * @param {string} o.previewJson
 * @param {import("pulumi-novita/simulator").Simulator} o.sim
 * @param {ReturnType<typeof maskedOutput>} o.out
 * @returns {Promise<void>}
 */
function showCost({ previewJson, sim, out }) {
    out.line("\n$ pulumi-novita cost < preview.json");
    return new Promise((resolve, reject) => {
        const env = { PATH: process.env.PATH ?? "", NOVITA_API_KEY: sim.apiKey };
        const child = spawn(process.execPath, [path.join(ROOT, "dist", "command", "main.js"), "cost"], { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
        child.stdout.on("data", (b) => out.raw(b.toString()));
        child.stderr.on("data", (b) => out.raw(b.toString()));
        child.on("error", reject);
        child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`pulumi-novita cost exited with ${code}`))));
        child.stdin.end(previewJson);
    });
}

module.exports = { ROOT, ensureBuilt, projectName, maskedOutput, leftovers, findOnPath, showCost };
