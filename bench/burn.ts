/**
 * `--burn-cpu`: keeps every core busy while a benchmark runs, to show that its result does not depend on a quiet
 * machine. One worker thread per core spins until stopped; the OS shares the cores between them, the engine,
 * the provider process and the simulator.
 */
import * as os from "node:os";
import { Worker } from "node:worker_threads";

/** Starts one spinning worker per core (or `threads`); the returned function stops them. */
export function burnCpu(threads = os.availableParallelism()): () => Promise<void> {
    const workers = Array.from({ length: threads }, () => new Worker("for (;;) {}", { eval: true }));
    return async () => {
        await Promise.all(workers.map((w) => w.terminate()));
    };
}
