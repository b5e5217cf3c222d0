/**
 * Exit codes of `pulumi-novita` and the errors that carry them. Documented in every `--help` and in the README.
 */
import { NovitaError, NovitaValidationError } from "../api/errors";

export const EXIT = {
    /** Done (for `orphans`: also when orphans were listed, unless --fail-on-orphans). */
    ok: 0,
    /** Bad arguments or input: an unknown flag, a missing, unreadable or malformed file, a file of the wrong kind, no API key. */
    usage: 1,
    /** The Novita API failed: refused key, network, timeout, an unexpected answer; or a deletion failed. */
    api: 2,
    /** `orphans --fail-on-orphans`: orphans are left on the account. */
    orphans: 3,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0  done
  1  usage or input error: unknown flag, missing/unreadable/malformed file (named with line:column), wrong kind of file, no API key
  2  Novita API error (refused key, network, timeout, unexpected answer), or a deletion that failed
  3  orphans --fail-on-orphans: orphans are left on the account`;

/** An error that ends the command with a given exit code; its message is printed as it is. */
export class CommandError extends Error {
    constructor(
        message: string,
        readonly exitCode: number,
    ) {
        super(message);
        this.name = "CommandError";
    }
}

/** Exit code 1: the arguments or the input are wrong. */
export class UsageError extends CommandError {
    constructor(message: string) {
        super(message, EXIT.usage);
        this.name = "UsageError";
    }
}

/** The exit code for any error: ours carry one; a client-side validation error is input (1); any other Novita error is the API (2). */
export function exitCodeOf(e: unknown): number {
    if (e instanceof CommandError) return e.exitCode;
    if (e instanceof NovitaValidationError) return EXIT.usage;
    if (e instanceof NovitaError) return EXIT.api;
    return EXIT.api;
}
