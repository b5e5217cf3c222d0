/**
 * A child process in a test, its output collected: what the command tests (the built `pulumi-novita` bin), the
 * package test (`npx pulumi-novita`), the demo test (`scripts/demo.js`) and the real-CLI kit (`pulumi`) run.
 */
import { spawn, type ChildProcess } from "child_process";

export interface Ran {
    /** The exit code; null when a signal ended the process. */
    code: number | null;
    stdout: string;
    stderr: string;
}

export interface RunOptions {
    cwd: string;
    /** The whole environment of the process (nothing of this one's is added). */
    env: NodeJS.ProcessEnv;
    /** Written to stdin, which is then closed; without it stdin is not connected (reads see end of file). */
    input?: string;
}

/** A process started by `start`. */
export interface Running {
    child: ChildProcess;
    /** Resolves when the process has exited and its output is read; rejects when it could not be started. */
    done: Promise<Ran>;
    /** Resolves once stdout matches `re`, or once the process has exited (check its output then). */
    printed(re: RegExp): Promise<void>;
}

/** Starts `command args` and collects what it prints. */
export function start(command: string, args: readonly string[], options: RunOptions): Running {
    const piped = options.input !== undefined;
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: [piped ? "pipe" : "ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let exited = false;
    const waiting: { re: RegExp; resolve: () => void }[] = [];
    child.stdout!.on("data", (b) => {
        stdout += b;
        for (const w of [...waiting]) {
            if (!w.re.test(stdout)) continue;
            waiting.splice(waiting.indexOf(w), 1);
            w.resolve();
        }
    });
    child.stderr!.on("data", (b) => (stderr += b));
    const done = new Promise<Ran>((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code) => {
            exited = true;
            for (const w of waiting.splice(0)) w.resolve();
            resolve({ code, stdout, stderr });
        });
    });
    if (piped) child.stdin!.end(options.input);
    return {
        child,
        done,
        printed: (re) => new Promise<void>((resolve) => (exited || re.test(stdout) ? resolve() : waiting.push({ re, resolve }))),
    };
}

/** Runs `command args` to its end; resolves with its exit code and output. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<Ran> {
    return start(command, args, options).done;
}
