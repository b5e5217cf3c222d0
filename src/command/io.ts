/** What a subcommand reads and writes: injected, so tests run it in-process exactly as the bin does. */
export interface Io {
    stdin: NodeJS.ReadableStream & { isTTY?: boolean };
    stdout(text: string): void;
    stderr(text: string): void;
    env: NodeJS.ProcessEnv;
}

export function processIo(): Io {
    return {
        stdin: process.stdin,
        stdout: (t) => void process.stdout.write(t),
        stderr: (t) => void process.stderr.write(t),
        env: process.env,
    };
}
