/** Durations as Pulumi's `customTimeouts` write them: "90s", "15m", "1h30m", "500ms". */
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function isDuration(text: string): boolean {
    return WHOLE.test(text.trim());
}

/** Milliseconds; throws on a malformed duration (check() rejects those before this is used). */
export function parseDuration(text: string): number {
    const t = text.trim();
    if (!WHOLE.test(t)) throw new Error(`"${text}" is not a duration like "90s", "15m" or "1h30m"`);
    let total = 0;
    for (const m of t.matchAll(PART)) total += Number(m[1]) * UNIT_MS[m[2]!]!;
    return total;
}

export function formatDuration(ms: number): string {
    if (ms < 1000) return `${Math.round(ms)}ms`;
    const s = Math.round(ms / 1000);
    if (s < 60) return `${s}s`;
    const m = Math.floor(s / 60);
    return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
}
