#!/usr/bin/env node
/**
 * `novita-simulator`: runs the Novita API simulator until SIGINT/SIGTERM and prints the base URL and
 * the API key (the one place the key is shown, on purpose, so a human can configure Pulumi).
 */
import { startSimulator } from "./index";
import type { Simulator, SimulatorOptions } from "./types";

export const USAGE = `Usage: novita-simulator [options]
  --port <n>               TCP port (default: a free one)
  --host <addr>            listen address (default 127.0.0.1)
  --time-scale <x>         real seconds per simulated second (default 1)
  --boot-seconds <n>       simulated create → running time (default 60)
  --api-key <key>          accepted key (default: generated)
  --seed <s>               deterministic ids
  --not-found-status <n>   400 (default) or 404
  --auth-failure-status <n> 403 (default, INVALID_API_KEY) or 401 (UNAUTHORIZED)
  --page-base <n>          0 (default) or 1
  --latency-ms <n>         added to every request
  --rate-limit <n>         requests per second
  --quirks                 answer with the variety the real API is known or suspected to send, and hold
                           instances made outside Pulumi (a console and a CPU instance)
  --help                   this text`;

const NUMERIC: Record<string, keyof SimulatorOptions> = {
    "--port": "port",
    "--time-scale": "timeScale",
    "--boot-seconds": "bootSeconds",
    "--not-found-status": "notFoundStatus",
    "--auth-failure-status": "authFailureStatus",
    "--page-base": "pageBase",
    "--latency-ms": "latencyMs",
    "--rate-limit": "rateLimit",
};
const TEXT: Record<string, keyof SimulatorOptions> = { "--host": "host", "--api-key": "apiKey", "--seed": "seed" };
/** Switches: present = on; `--quirks=false` turns one off. */
const FLAGS: Record<string, keyof SimulatorOptions> = { "--quirks": "quirks" };

/** Parses the arguments; `"help"` when help was asked for. Throws on anything it does not know. */
export function parseArgs(argv: readonly string[]): SimulatorOptions | "help" {
    const options: Record<string, unknown> = {};
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i]!;
        if (arg === "--help" || arg === "-h") return "help";
        const eq = arg.indexOf("=");
        const flag = eq > 0 ? arg.slice(0, eq) : arg;
        if (FLAGS[flag]) {
            const v = eq > 0 ? arg.slice(eq + 1).toLowerCase() : "true";
            if (v !== "true" && v !== "false") throw new Error(`${flag} takes no value, or =true / =false`);
            options[FLAGS[flag]] = v === "true";
            continue;
        }
        const key = NUMERIC[flag] ?? TEXT[flag];
        if (!key) throw new Error(`unknown option ${flag}`);
        const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined || value === "") throw new Error(`${flag} needs a value`);
        if (NUMERIC[flag]) {
            const n = Number(value);
            if (!Number.isFinite(n)) throw new Error(`${flag} needs a number`);
            options[key] = n;
        } else options[key] = value;
    }
    return options as SimulatorOptions;
}

export interface MainIo {
    /** Receives each output line. Default: stdout. */
    out?: (line: string) => void;
    /** Close on SIGINT/SIGTERM and exit. Default true; tests pass false and close the simulator themselves. */
    handleSignals?: boolean;
}

/** Starts the simulator described by `argv`; resolves once it listens (undefined after `--help`). */
export async function main(argv: readonly string[], io: MainIo = {}): Promise<Simulator | undefined> {
    const out = io.out ?? ((line: string) => process.stdout.write(line + "\n"));
    const parsed = parseArgs(argv);
    if (parsed === "help") {
        out(USAGE);
        return undefined;
    }
    const sim = await startSimulator(parsed);
    out(`Novita API simulator listening on ${sim.url}`);
    out(`  base URL: ${sim.baseUrl}`);
    out(`  API key:  ${sim.apiKey}`);
    out(`Configure a stack with:`);
    out(`  pulumi config set novita:baseUrl ${sim.baseUrl}`);
    out(`  pulumi config set --secret novita:apiKey ${sim.apiKey}`);
    out(`Press Ctrl+C to stop.`);
    if (io.handleSignals ?? true) {
        const stop = () => {
            void sim.close().then(() => process.exit(0));
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
    }
    return sim;
}

if (require.main === module) {
    main(process.argv.slice(2)).catch((e: unknown) => {
        process.stderr.write(`novita-simulator: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
        process.exit(2);
    });
}
