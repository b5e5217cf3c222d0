/**
 * What every `pulumi-novita` subcommand starts with, written once: its arguments parsed against its option table
 * (`--help` answered from the same table), the output format chosen, and the API settings read from `--base-url`,
 * `--api-key-env` and the environment (./settings.ts).
 */
import { formatOf, helpText, parseArgs, type CommandSpec, type Parsed } from "./args";
import { EXIT } from "./errors";
import type { Io } from "./io";
import { resolveSettings, type Settings } from "./settings";

export type Format = ReturnType<typeof formatOf>;

/** One renderer per output format, picked by `--format` / `--json`. */
export type Renderers<A extends unknown[]> = Readonly<Record<Format, (...args: A) => string>>;

export interface Invocation extends Parsed {
    format: Format;
    /** The API settings; `configBaseUrl` is the input's stack config `novita:baseUrl`, when it carries one. */
    settings(configBaseUrl?: string): Settings;
}

export type CommandRun = (argv: readonly string[], io: Io) => Promise<number>;

/** A subcommand: `body` runs on the parsed arguments unless `--help` was asked for (printed, exit 0). */
export function command(spec: CommandSpec, body: (call: Invocation, io: Io) => Promise<number>): CommandRun {
    return async (argv, io) => {
        const parsed = parseArgs(spec, argv);
        if (parsed === "help") {
            io.stdout(helpText(spec));
            return EXIT.ok;
        }
        const format = formatOf(parsed);
        const api = { baseUrl: parsed.options["--base-url"] as string | undefined, apiKeyEnv: parsed.options["--api-key-env"] as string | undefined };
        return body({ ...parsed, format, settings: (configBaseUrl) => resolveSettings(api, io.env, configBaseUrl) }, io);
    };
}
