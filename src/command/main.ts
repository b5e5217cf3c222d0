#!/usr/bin/env node
/**
 * `pulumi-novita`: commands for GitOps with pulumi-novita stacks.
 *   cost      the hourly GPU cost of a `pulumi preview --json`
 *   orphans   Novita instances and registry auths on the account that no given stack manages
 */
import { scrub } from "../api/redact";
import { VERSION } from "../version";
import { runCost } from "./cost-command";
import { EXIT, EXIT_CODES_HELP, exitCodeOf } from "./errors";
import { processIo, type Io } from "./io";
import { runOrphans } from "./orphans-command";

export const USAGE = `pulumi-novita ${VERSION}: GitOps commands for pulumi-novita stacks.

Usage: pulumi-novita <command> [options]

Commands:
  cost      the hourly GPU cost of a \`pulumi preview --json\`: per GpuInstance and in total
  orphans   GPU instances and registry auths on the Novita account that no given stack state manages

Run \`pulumi-novita <command> --help\` for a command's options.

${EXIT_CODES_HELP}
`;

const COMMANDS: Record<string, (argv: readonly string[], io: Io) => Promise<number>> = { cost: runCost, orphans: runOrphans };

/** Runs the command line; resolves with the exit code. Errors are printed (API keys scrubbed), never thrown. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
    const [command, ...rest] = argv;
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
        io.stdout(USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
    }
    if (command === "--version") {
        io.stdout(`${VERSION}\n`);
        return EXIT.ok;
    }
    const run = COMMANDS[command];
    if (!run) {
        io.stderr(`pulumi-novita: unknown command "${command}"\n\n${USAGE}`);
        return EXIT.usage;
    }
    try {
        return await run(rest, io);
    } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        const keys = Object.entries(io.env).filter(([k]) => /API_KEY|TOKEN|SECRET|PASSWORD/i.test(k)).map(([, v]) => v);
        io.stderr(`pulumi-novita ${command}: ${scrub(message, keys)}\n`);
        return exitCodeOf(e);
    }
}

if (require.main === module) {
    void main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    });
}
