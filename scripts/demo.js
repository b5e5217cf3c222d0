#!/usr/bin/env node
// @ts-check
/**
 * `npm run demo`: the root stack (Pulumi.yaml → demo/index.js) end to end on the embedded Novita simulator, with
 * no Novita account: the plan and its GPU cost (`pulumi-novita cost`), create, a second run that changes nothing,
 * destroy. Uses the real Pulumi CLI when there is
 * one — `pulumi` on PATH, else the one `npm run cli:build` built into .tools/bin — and otherwise the offline engine
 * of `pulumi-novita/testing`. Exits non-zero on any failure, including anything left in the simulator at the end
 * or a secret value reaching the output.
 *
 *   node scripts/demo.js [--offline | --cli]
 */
"use strict";
const path = require("path");
const { randomBytes } = require("crypto");
const { ROOT, ensureBuilt, projectName, maskedOutput, leftovers, findOnPath } = require("./demo/common");

/** Real seconds per simulated second: a 60 s boot takes 0.6 s. */
const TIME_SCALE = 0.01;
const STACK = "demo";
const USAGE =
    "Usage: npm run demo [-- --offline | --cli]\n  --offline  use the offline engine even if a Pulumi CLI is there\n  --cli      require a Pulumi CLI (on PATH, or built by `npm run cli:build`)";

/** @param {string[]} argv */
async function main(argv) {
    if (argv.includes("--help") || argv.includes("-h")) return void console.log(USAGE);
    const unknown = argv.filter((/** @type {string} */ a) => !["--offline", "--cli"].includes(a));
    if (unknown.length > 0 || (argv.includes("--offline") && argv.includes("--cli"))) throw new Error(`bad arguments: ${argv.join(" ")}\n${USAGE}`);
    const out = maskedOutput();
    const started = Date.now();
    ensureBuilt(out.line);

    // Only now: pulumi-novita resolves (through its own exports map) to the freshly built dist/.
    const { startSimulator } = require("pulumi-novita/simulator");
    const cli = require("./pulumi-cli-env");
    const pulumi = argv.includes("--offline") ? undefined : (findOnPath("pulumi") ?? (cli.installed() ? cli.PULUMI : undefined));
    if (argv.includes("--cli") && !pulumi) throw new Error("--cli: no `pulumi` on PATH, and `npm run cli:build` has not built one");

    const sim = await startSimulator({ timeScale: TIME_SCALE, seed: "demo" });
    // The inference server loads its model after the container starts: `readiness` (demo/index.js) waits for it.
    sim.setApp({ refuseSeconds: 20, unavailableSeconds: 40 });
    const registryPassword = `demo-${randomBytes(12).toString("hex")}`;
    out.addSecret(sim.apiKey);
    out.addSecret(registryPassword);
    const project = projectName(path.join(ROOT, "Pulumi.yaml"));
    let failure;
    try {
        out.line(`pulumi-novita demo — stack ${project}/${STACK} (Pulumi.yaml → demo/index.js)`);
        out.line(`Novita API simulator: ${sim.baseUrl} (time scale ${TIME_SCALE}: one simulated minute takes ${60 * TIME_SCALE} s)`);
        if (pulumi) {
            out.line(`Mode: Pulumi CLI (${pulumi})`);
            const { runWithPulumiCli } = require("./demo/pulumi-cli");
            await runWithPulumiCli({
                pulumi, sim, stack: STACK, out,
                config: {
                    "novita:baseUrl": { value: sim.baseUrl },
                    "novita:apiKey": { value: sim.apiKey, secret: true },
                    "novita:timeScale": { value: String(TIME_SCALE) },
                    registryPassword: { value: registryPassword, secret: true },
                },
            });
        } else {
            out.line("Mode: OFFLINE EMULATION — no Pulumi CLI (none on PATH, none built). The same program runs through");
            out.line("pulumi-novita/testing: Pulumi's real dynamic-provider server, driven by an emulation of the engine.");
            out.line("Hint: `npm run cli:build` builds the real Pulumi CLI from Go modules (Go ≥ 1.26), or install the Pulumi CLI");
            out.line("(https://www.pulumi.com/docs/install/); then `npm run demo` runs real `pulumi up`.");
            out.line("Stack config: novita:baseUrl, novita:apiKey = [secret], novita:timeScale, registryPassword = [secret]");
            const { runOffline } = require("./demo/offline");
            await runOffline({
                sim, out, project, stack: STACK, cwd: ROOT,
                program: require(path.join(ROOT, "demo", "index.js")),
                config: { registryPassword: { value: registryPassword, secret: true } },
            });
        }
    } catch (e) {
        failure = e;
    }
    const left = leftovers(sim);
    await sim.close();
    if (failure) throw failure;
    if (left.length > 0) throw new Error(`the simulator is not empty after destroy:\n  ${left.join("\n  ")}`);
    if (out.leaked) throw new Error("a secret value reached the output (it was masked above)");
    out.line(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s: created, converged, destroyed; the simulator is empty.`);
}

main(process.argv.slice(2)).then(
    () => process.exit(0),
    (e) => {
        process.stderr.write(`\ndemo failed: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
    },
);
