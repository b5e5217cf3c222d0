/**
 * How the engine launches the dynamic-provider plugin: `pulumi-resource-pulumi-nodejs <addr>` (the address is
 * required but never dialled) in the project's directory, with the CLI's environment and what the engine adds to
 * it. ./provider-process.ts speaks gRPC to the process started here.
 */
import { spawn, type ChildProcess } from "child_process";

export interface PluginLaunch {
    project: string;
    /** The provider's configuration: stack config, namespaced keys, plaintext string values. */
    config: Record<string, string>;
    /** Working directory: the engine's `ctx.Pwd`, the project's directory or its `main:` directory. */
    cwd: string;
    /** Environment on top of this process's (what the CLI's own environment is to the real plugin). */
    env: Record<string, string | undefined>;
}

/**
 * What the plugin script `pulumi-resource-pulumi-nodejs` (shipped at the root of @pulumi/pulumi and beside the
 * CLI) does, in one node process: `node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))"`
 * in the working directory, so the SDK is the project's own (its `node_modules`, then `NODE_PATH`), then `node
 * <that file> <args>`. When the SDK does not resolve, the script prints node's error and exits 0 without a port.
 */
export const PLUGIN_SCRIPT =
    "let entry;" +
    "try { entry = require.resolve('@pulumi/pulumi/cmd/dynamic-provider'); }" +
    " catch (e) { console.error(String(e && e.stack || e)); process.exit(0); }" +
    "process.argv.splice(1, 0, entry);" +
    "require(entry);";

/**
 * The plugin's environment as `NewProvider` (sdk/go/common/resource/plugin/provider_plugin.go) and `ExecPlugin`
 * (plugin.go) build it: the CLI's own environment, then `PULUMI_NODEJS_PROJECT`, `PULUMI_PROJECT` and
 * `PULUMI_CONFIG`. `PULUMI_CONFIG` is the JSON of the config keys in the plugin's own namespace (`pulumi-nodejs:`),
 * without it (pkg/host/host.go `Provider`): `{}` for most stacks. Nothing names the stack.
 */
export function pluginEnvironment(opts: Pick<PluginLaunch, "project" | "config" | "env">): Record<string, string | undefined> {
    const own: Record<string, string> = {};
    for (const [key, value] of Object.entries(opts.config)) {
        if (key.startsWith("pulumi-nodejs:")) own[key.slice("pulumi-nodejs:".length)] = value;
    }
    return {
        ...process.env,
        ...opts.env,
        PULUMI_NODEJS_PROJECT: opts.project,
        PULUMI_PROJECT: opts.project,
        PULUMI_CONFIG: JSON.stringify(own),
    };
}

/** Plugin processes not yet closed: killed when this process exits, so none outlives the engine. */
const live = new Set<ChildProcess>();
process.once("exit", () => live.forEach((c) => c.kill("SIGKILL")));

/** Starts the plugin process (stdout and stderr piped: the port, then diagnostics). */
export function spawnPlugin(launch: PluginLaunch): ChildProcess {
    const child = spawn(process.execPath, ["-e", PLUGIN_SCRIPT, "127.0.0.1:1"], {
        cwd: launch.cwd,
        env: pluginEnvironment(launch),
        stdio: ["ignore", "pipe", "pipe"],
    });
    live.add(child);
    child.once("close", () => live.delete(child));
    return child;
}
