/**
 * The option tables of `pulumi-novita` subcommands, the parser, and `--help` generated from the same tables (so
 * help, parsing and the tests that check the GitHub Actions example against them cannot disagree).
 */
import { EXIT_CODES_HELP, UsageError } from "./errors";

export interface OptionSpec {
    flag: `--${string}`;
    /** Name of the value (`--flag <value>`); absent for a switch. */
    value?: string;
    /** Allowed values. */
    choices?: readonly string[];
    /** May be given more than once. */
    repeatable?: boolean;
    help: string;
}

export interface CommandSpec {
    name: string;
    summary: string;
    usage: string;
    options: readonly OptionSpec[];
    /** Positional arguments accepted (0 or 1). */
    positionals: number;
    details: string;
}

export const FORMAT_OPTIONS: readonly OptionSpec[] = [
    { flag: "--format", value: "text|json|markdown", choices: ["text", "json", "markdown"], help: "output format (default text; markdown suits a pull-request comment)" },
    { flag: "--json", help: "same as --format json" },
];

export const API_OPTIONS: readonly OptionSpec[] = [
    { flag: "--base-url", value: "url", help: "Novita API base URL including /gpu-instance/openapi (default: NOVITA_BASE_URL, else Novita's)" },
    { flag: "--api-key-env", value: "NAME", help: "environment variable holding the API key (default NOVITA_API_KEY); keys are never taken as arguments" },
];

const HELP: OptionSpec = { flag: "--help", help: "this text" };

export interface Parsed {
    options: Record<string, string | string[] | true>;
    positionals: string[];
}

/** Parses `argv` against a command's options; unknown flags, missing values and bad choices are usage errors. */
export function parseArgs(spec: CommandSpec, argv: readonly string[]): Parsed | "help" {
    const options: Parsed["options"] = {};
    const positionals: string[] = [];
    const table = new Map(spec.options.map((o) => [o.flag, o]));
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i]!;
        if (arg === "--help" || arg === "-h") return "help";
        if (!arg.startsWith("--") || arg === "-") {
            positionals.push(arg);
            continue;
        }
        const eq = arg.indexOf("=");
        const flag = (eq > 0 ? arg.slice(0, eq) : arg) as OptionSpec["flag"];
        const o = table.get(flag);
        if (!o) throw new UsageError(`unknown option ${flag} (see pulumi-novita ${spec.name} --help)`);
        if (!o.value) {
            if (eq > 0) throw new UsageError(`${flag} takes no value`);
            options[flag] = true;
            continue;
        }
        const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) throw new UsageError(`${flag} needs a value (${o.value})`);
        if (o.choices && !o.choices.includes(value)) throw new UsageError(`${flag} must be one of ${o.choices.join(", ")}, not "${value}"`);
        if (o.repeatable) options[flag] = [...((options[flag] as string[] | undefined) ?? []), value];
        else if (flag in options) throw new UsageError(`${flag} is given twice`);
        else options[flag] = value;
    }
    if (positionals.length > spec.positionals) throw new UsageError(`unexpected argument "${positionals[spec.positionals]}"`);
    return { options, positionals };
}

/** The output format from --format / --json. */
export function formatOf(p: Parsed): "text" | "json" | "markdown" {
    const f = p.options["--format"] as string | undefined;
    if (p.options["--json"] && f && f !== "json") throw new UsageError(`--json and --format ${f} disagree`);
    return p.options["--json"] ? "json" : ((f as "text" | "json" | "markdown" | undefined) ?? "text");
}

export function helpText(spec: CommandSpec): string {
    const all = [...spec.options, HELP];
    const left = all.map((o) => `${o.flag}${o.value ? ` <${o.value}>` : ""}`);
    const width = Math.max(...left.map((l) => l.length));
    const lines = all.map((o, i) => `  ${left[i]!.padEnd(width)}  ${o.help}${o.repeatable ? " (repeatable)" : ""}`);
    return `${spec.summary}\n\nUsage: ${spec.usage}\n\nOptions:\n${lines.join("\n")}\n\n${spec.details}\n\n${EXIT_CODES_HELP}\n`;
}
