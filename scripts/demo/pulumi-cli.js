// @ts-check
/**
 * `npm run demo` with a Pulumi CLI: real `pulumi preview --json` (priced by `pulumi-novita cost`), `up`,
 * `preview --expect-no-changes` and `destroy` of the root stack
 * against the embedded simulator, on a local file backend in a temp dir (no Pulumi Cloud login) with a demo
 * passphrase. test/cli runs it with the real CLI built by `npm run cli:build`; test/demo drives it with a stand-in.
 *
 * The provider process starts in the project directory and must `require("pulumi-novita/provider")`, so the CLI
 * runs against a temp project whose node_modules links this package (and @pulumi/pulumi, so the program, the
 * package and the dynamic-provider server share one SDK copy; everything else resolves through those links).
 */
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawn } = require("child_process");
const { ROOT, showCost } = require("./common");
const { cliEnv } = require("../pulumi-cli-env");

/**
 * Creates `<tmp>/project` (Pulumi.yaml, index.js, package.json, node_modules links) and `<tmp>/backend`.
 * @param {string} tmp
 */
function prepareProject(tmp, programFile = path.join(ROOT, "demo", "index.js"), pulumiYaml = path.join(ROOT, "Pulumi.yaml")) {
    const dir = path.join(tmp, "project");
    fs.mkdirSync(path.join(dir, "node_modules", "@pulumi"), { recursive: true });
    fs.mkdirSync(path.join(tmp, "backend"), { recursive: true });
    fs.copyFileSync(programFile, path.join(dir, "index.js"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), fs.readFileSync(pulumiYaml, "utf8").replace(/^main:.*$/m, "main: index.js"));
    const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [ROOT] }));
    fs.symlinkSync(ROOT, path.join(dir, "node_modules", "pulumi-novita"), "dir");
    fs.symlinkSync(sdk, path.join(dir, "node_modules", "@pulumi", "pulumi"), "dir");
    const version = (/** @type {string} */ p) => JSON.parse(fs.readFileSync(path.join(p, "package.json"), "utf8")).version;
    const pkg = {
        name: "pulumi-novita-demo",
        private: true,
        main: "index.js",
        dependencies: { "pulumi-novita": version(ROOT), "@pulumi/pulumi": version(sdk) },
    };
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
    return { dir, backend: path.join(tmp, "backend") };
}

/**
 * @param {object} o
 * @param {string} o.pulumi  the CLI binary
 * @param {import("pulumi-novita/simulator").Simulator} o.sim
 * @param {string} o.stack
 * @param {Record<string, {value: string, secret?: boolean}>} o.config  every stack config key to set
 * @param {ReturnType<typeof import("./common").maskedOutput>} o.out
 */
async function runWithPulumiCli({ pulumi, sim, stack, config, out }) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-novita-demo-"));
    const { dir, backend } = prepareProject(tmp);
    // A file backend and PULUMI_HOME in the temp dir, a demo passphrase, no update check or plugin downloads; the
    // user's NOVITA_* and Pulumi Cloud token are dropped, so the demo never reaches a real account.
    const env = cliEnv(tmp);
    /**
     * Runs `pulumi <args>`, its output shown; with `capture`, stdout is returned instead (stderr still shown).
     * @param {string[]} args  @param {string[]} [shownArgs]  @param {{ capture?: string }} [o]  capture: the shown redirection
     * @returns {Promise<string>}
     */
    const run = (args, shownArgs = args, o = {}) =>
        new Promise((resolve, reject) => {
            out.line(`\n$ pulumi ${shownArgs.join(" ")}${o.capture ? ` > ${o.capture}` : ""}`);
            const child = spawn(pulumi, args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
            let stdout = "";
            child.stdout.on("data", (b) => (o.capture ? (stdout += b) : out.raw(b.toString())));
            child.stderr.on("data", (b) => out.raw(b.toString()));
            child.on("error", reject);
            child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`pulumi ${shownArgs.join(" ")} exited with ${code}`))));
        });
    const s = ["--stack", stack, "--non-interactive"];
    let deployed = false;
    try {
        out.line(`Project: ${dir} (node_modules links pulumi-novita → ${ROOT})`);
        out.line(`Backend: file://${backend}, passphrase-encrypted secrets`);
        await run(["stack", "init", stack, "--non-interactive"]);
        for (const [key, { value, secret }] of Object.entries(config)) {
            const flag = secret ? ["--secret"] : [];
            await run(["config", "set", ...flag, key, value, ...s], ["config", "set", ...flag, key, secret ? "[secret]" : value, ...s]);
        }
        // The plan's GPU cost, as a pull request would show it: the JSON preview, priced by pulumi-novita cost.
        const previewJson = await run(["preview", "--json", ...s], undefined, { capture: "preview.json" });
        await showCost({ previewJson, sim, out });
        deployed = true;
        await run(["up", "--yes", ...s]);
        out.line("\nSecond run: nothing should change.");
        await run(["preview", "--expect-no-changes", ...s]);
        await run(["stack", "output", ...s]);
        await run(["destroy", "--yes", ...s]);
        deployed = false;
        await run(["stack", "rm", stack, "--yes", "--non-interactive"]);
    } catch (e) {
        if (deployed) {
            out.line("\nCleaning up after the failure:");
            await run(["destroy", "--yes", ...s]).catch((d) => out.line(`destroy failed too: ${d.message}`));
        }
        throw e;
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

module.exports = { prepareProject, runWithPulumiCli };
