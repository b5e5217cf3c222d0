/**
 * Identifier generation in the observed formats (docs/novita-api-notes.md#identifiers): instance ids are 16 lowercase
 * hex digits, registry-auth ids 32 lowercase alphanumerics, template ids numeric strings, network-storage ids UUIDs.
 * With a seed every id sequence is deterministic; without one, ids are random.
 */
import { createHash, randomBytes } from "node:crypto";

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

export class IdSource {
    private counter = 0;
    private templateCounter = 1000;

    constructor(private readonly seed?: string | number) {}

    private bytes(n: number): Buffer {
        if (this.seed === undefined) return randomBytes(n);
        const out: Buffer[] = [];
        let len = 0;
        while (len < n) {
            const chunk = createHash("sha256").update(`${this.seed}:${this.counter++}`).digest();
            out.push(chunk);
            len += chunk.length;
        }
        return Buffer.concat(out).subarray(0, n);
    }

    instanceId(): string {
        return this.bytes(8).toString("hex");
    }

    registryAuthId(): string {
        return [...this.bytes(32)].map((b) => ALNUM[b % ALNUM.length]).join("");
    }

    /** A version-4-shaped UUID, e.g. `d4e82677-3f80-4020-a731-d15b1c589aa8`. */
    storageId(): string {
        const b = this.bytes(16);
        b[6] = (b[6]! & 0x0f) | 0x40;
        b[8] = (b[8]! & 0x3f) | 0x80;
        const h = b.toString("hex");
        return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }

    templateId(): string {
        return String(this.templateCounter++);
    }
}

/** A stable pseudo-random number in [0, modulo) derived from text (e.g. a TCP port's public mapping). */
export function stableNumber(text: string, modulo: number): number {
    return createHash("sha256").update(text).digest().readUInt32BE(0) % modulo;
}

export function generateApiKey(): string {
    return `sk_sim_${randomBytes(16).toString("hex")}`;
}
