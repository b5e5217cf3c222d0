// @ts-check
/**
 * `npm run demo` without the Pulumi CLI: the same program through `pulumi-novita/testing` — Pulumi's own
 * dynamic-provider server, driven by an emulation of the engine — against the embedded simulator.
 * Mirrors the CLI path: preview + up (what `pulumi up` does), `preview --expect-no-changes`, destroy. The plan's GPU
 * cost is `pulumi-novita cost` reading the preview as `pulumi preview --json` prints it (`toPreviewDigest`).
 */
"use strict";
const { DeploymentError, formatPlan, hasNoChanges, changesOf, progressLines, startNovitaTestStack, toPreviewDigest } = require("pulumi-novita/testing");
const { showCost } = require("./common");

/**
 * @param {object} o
 * @param {import("pulumi-novita/simulator").Simulator} o.sim
 * @param {import("pulumi-novita/testing").Program} o.program
 * @param {string} o.project
 * @param {string} o.stack
 * @param {Record<string, import("pulumi-novita/testing").ConfigValue>} o.config  the program's own config keys
 * @param {string} o.cwd  the project directory (cwd of the provider process): this repository
 * @param {ReturnType<typeof import("./common").maskedOutput>} o.out
 */
async function runOffline({ sim, program, project, stack, config, cwd, out }) {
    // This repository is pulumi-novita: it is not installed in its own node_modules, where a user's project has it,
    // so the provider process gets it linked (as the CLI demo's temp project links it in node_modules).
    const engine = { providerCwd: cwd, linkPackages: { "pulumi-novita": cwd } };
    const t = await startNovitaTestStack({ simulator: sim, project, stack, config, engine });
    const section = (/** @type {string} */ title) => out.line(`\n━━ ${title} ${"━".repeat(Math.max(3, 76 - title.length))}`);
    /** @param {import("pulumi-novita/testing").OperationResult} r */
    const show = (r) => {
        const lines = progressLines(r);
        if (lines.length > 0) {
            out.line("Provider progress (elapsed times are simulated time):");
            for (const l of lines) out.line(`    ${l}`);
            out.line();
        }
        out.line(formatPlan(r));
    };
    try {
        section("1/4  preview (what `pulumi up` shows before asking), and its GPU cost");
        const plan = await t.engine.preview(program);
        show(plan);
        out.line("\nThe preview as `pulumi preview --json` prints it (toPreviewDigest), priced by `pulumi-novita cost`:");
        await showCost({ previewJson: JSON.stringify(toPreviewDigest(plan, t.engine), null, 4), sim, out });

        section("2/4  up");
        show(await t.engine.up(program));

        section("3/4  second run: preview --expect-no-changes");
        const again = await t.engine.preview(program);
        show(again);
        if (!hasNoChanges(again)) {
            const what = changesOf(again).map((c) => `${c.name}: ${c.op} ${c.changedKeys.join(", ")}`).join("; ");
            throw new Error(`the second run should change nothing, but plans: ${what}`);
        }
        out.line("\nNo changes: the stack has converged.");

        section("4/4  destroy");
        show(await t.engine.destroy());
    } catch (e) {
        if (e instanceof DeploymentError) show(e.result);
        const managed = t.engine.state.filter((r) => r.custom);
        if (managed.length > 0) {
            out.line(`\nCleaning up after the failure: destroying ${managed.length} resource(s)…`);
            await t.engine.destroy().then(show, (d) => out.line(`destroy failed too: ${d instanceof Error ? d.message : d}`));
        }
        throw e;
    } finally {
        await t.close();
    }
}

module.exports = { runOffline };
