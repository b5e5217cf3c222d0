/**
 * Reading the JSON a subcommand is given (a file, or stdin), with errors that name the file and the line:column of
 * the first syntax error. Node's JSON.parse does not always give a position (nor the same wording across versions),
 * so on failure a small scanner finds it. Error messages never quote the input beyond the one offending character:
 * the files can hold secrets (a `stack export --show-secrets`).
 */
import * as fs from "fs";
import { UsageError } from "./errors";

export interface JsonInput {
    /** What to call the input in messages: the path as given, or "stdin". */
    label: string;
    value: unknown;
}

/** Reads `file` ("-" or undefined: stdin) and parses it. */
export async function readJson(file: string | undefined, stdin: NodeJS.ReadableStream & { isTTY?: boolean }, what: string): Promise<JsonInput> {
    if (file === undefined || file === "-") {
        if (stdin.isTTY) throw new UsageError(`no input: give the ${what} as a file argument, or pipe it in (… | pulumi-novita …)`);
        return { label: "stdin", value: parseJson(await readAll(stdin), "stdin", what) };
    }
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new UsageError(`${file}: cannot read it (${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "a directory" : (code ?? (e as Error).message)})`);
    }
    return { label: file, value: parseJson(text, file, what) };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks).toString("utf8");
}

/** JSON.parse with a `<label>:<line>:<column>: …` error. `what` names the expected content for an empty input. */
export function parseJson(text: string, label: string, what: string): unknown {
    const body = text.replace(/^\uFEFF/, "");
    if (body.trim() === "") throw new UsageError(`${label}: is empty; expected ${what}`);
    try {
        return JSON.parse(body);
    } catch {
        const { offset, expected } = locateSyntaxError(body);
        const { line, column } = lineColumn(body, offset);
        const found = offset >= body.length ? "the end of the input" : JSON.stringify(body[offset]);
        throw new UsageError(`${label}:${line}:${column}: not valid JSON: expected ${expected}, found ${found} (expected ${what})`);
    }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    return { line, column: offset - (before.lastIndexOf("\n") + 1) + 1 };
}

class Stop {
    constructor(
        readonly offset: number,
        readonly expected: string,
    ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** The offset of the first syntax error in `text` (RFC 8259 grammar) and what was expected there. */
export function locateSyntaxError(text: string): { offset: number; expected: string } {
    let i = 0;
    const stop = (expected: string): never => {
        throw new Stop(i, expected);
    };
    const ws = () => {
        while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
    };
    const string = () => {
        i++; // the opening quote
        while (i < text.length) {
            const c = text[i]!;
            if (c === '"') return void i++;
            if (c === "\\") {
                const e = text[i + 1];
                if (e === "u") {
                    if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) (i += 2), stop("four hex digits after \\u");
                    i += 6;
                } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
                else (i += 1), stop("an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
                continue;
            }
            if (c < " ") stop("no control character inside a string");
            i++;
        }
        stop("a closing '\"'");
    };
    const value = (depth: number): void => {
        if (depth > 512) stop("less nesting");
        ws();
        const c = text[i];
        if (c === "{") {
            i++;
            ws();
            if (text[i] === "}") return void i++;
            for (;;) {
                ws();
                if (text[i] !== '"') stop("a property name in double quotes");
                string();
                ws();
                if (text[i] !== ":") stop("':'");
                i++;
                value(depth + 1);
                ws();
                if (text[i] === ",") {
                    i++;
                    continue;
                }
                if (text[i] === "}") return void i++;
                stop("',' or '}'");
            }
        }
        if (c === "[") {
            i++;
            ws();
            if (text[i] === "]") return void i++;
            for (;;) {
                value(depth + 1);
                ws();
                if (text[i] === ",") {
                    i++;
                    continue;
                }
                if (text[i] === "]") return void i++;
                stop("',' or ']'");
            }
        }
        if (c === '"') return string();
        NUMBER.lastIndex = i;
        if (c !== undefined && /[-0-9]/.test(c) && NUMBER.exec(text)) return void (i = NUMBER.lastIndex);
        for (const literal of ["true", "false", "null"]) if (text.startsWith(literal, i)) return void (i += literal.length);
        stop("a value");
    };
    try {
        value(0);
        ws();
        if (i < text.length) stop("the end of the input");
    } catch (e) {
        if (e instanceof Stop) return { offset: e.offset, expected: e.expected };
        throw e;
    }
    // JSON.parse refused what this grammar accepts (it should not happen): point at the start.
    return { offset: 0, expected: "valid JSON" };
}
