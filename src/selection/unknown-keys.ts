/**
 * Messages for keys an object does not have: `unknown property "readines"; did you mean "readiness"?` when a
 * known key is close, else the list of valid keys. Used by the selector (`placement`, getOptimalProduct) and by
 * the provider's `check` for every resource, so a typo or an input from a newer release is refused at preview
 * instead of being stored and ignored.
 */
import { editDistance } from "./names";

/**
 * Known keys close to `key`, closest first: the same key in another case ("imageURL" → "imageUrl"), one that
 * differs in under half its letters ("mountPath" → "mountPoint", "envVars" → "envs"), or a longer key it begins
 * ("maxPrice" → "maxPricePerHour").
 */
export function closestKeys(key: string, known: readonly string[], max = 2): string[] {
    const k = key.toLowerCase();
    return known
        .map((name) => {
            const n = name.toLowerCase();
            const ratio = editDistance(k, n) / Math.max(k.length, n.length, 1);
            const score = ratio <= 0.45 ? ratio : k.length >= 3 && n.startsWith(k) ? 0.5 : Infinity;
            return { name, score };
        })
        .filter((x) => x.score !== Infinity)
        .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
        .slice(0, max)
        .map((x) => x.name);
}

export function unknownPropertyMessage(key: string, known: readonly string[]): string {
    const close = closestKeys(key, known);
    const hint = close.length
        ? `did you mean ${close.map((c) => JSON.stringify(c)).join(" or ")}?`
        : `valid properties: ${[...known].sort().join(", ")}`;
    return `unknown property ${JSON.stringify(key)}; ${hint}`;
}
