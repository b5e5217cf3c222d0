/**
 * How `productName` selects products. Predictable on purpose: a query never matches inside a word, so
 * "RTX 409" does not silently select an RTX 4090.
 *
 * Normalising: lower case; words are split on spaces, hyphens and underscores ("RTX 4090 24GB" →
 * rtx · 4090 · 24gb; normal form "rtx409024gb").
 *
 *   exact     the query equals the product id (case-insensitive, e.g. "4090.16c62g"), or the whole name
 *             ignoring case, spaces, hyphens and underscores ("rtx-4090-24gb"). When any product of the
 *             catalogue matches exactly, only the exact matches count.
 *   leading   otherwise, the normalised query equals the first k whole words of the name for some k:
 *             "RTX 4090", "rtx4090", "rtx-4090" and "RTX" match "RTX 4090 24GB"; "RTX 409" and "4090" do not.
 *   pattern   a query containing `*` is a glob over the normalised name (`*` = any characters, nothing else
 *             is special): "*4090*", "RTX 40*", "*80GB".
 *
 * The name is matched here, locally, and never sent to the API's own (fuzzy) `productName` filter.
 * When nothing matches, {@link suggestProductNames} proposes the closest model names ("did you mean").
 */

export type NameMatchKind = "exact" | "leading" | "pattern";

export interface NamedProduct {
    id?: string;
    name: string;
}

/** Lower-cases and drops spaces, hyphens and underscores: "RTX 4090 24GB" → "rtx409024gb". */
export function normaliseProductName(name: string): string {
    return name.toLowerCase().replace(/[\s_-]+/g, "");
}

/** The name's words, lower-cased: "RTX 4090 24GB" → ["rtx", "4090", "24gb"]. */
export function productNameWords(name: string): string[] {
    return name.toLowerCase().split(/[\s_-]+/).filter((w) => w !== "");
}

export function isProductNamePattern(query: string): boolean {
    return query.includes("*");
}

function globMatches(query: string, name: string): boolean {
    const source = normaliseProductName(query)
        .split("*")
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*");
    return new RegExp(`^${source}$`).test(normaliseProductName(name));
}

/** How `query` matches one product, ignoring the rest of the catalogue; `undefined` when it does not. */
export function productNameMatch(query: string, product: NamedProduct): NameMatchKind | undefined {
    const q = normaliseProductName(query);
    if (isProductNamePattern(query)) return globMatches(query, product.name) ? "pattern" : undefined;
    if (q === "") return undefined;
    if (product.id !== undefined && product.id.trim().toLowerCase() === query.trim().toLowerCase()) return "exact";
    if (normaliseProductName(product.name) === q) return "exact";
    let leading = "";
    for (const word of productNameWords(product.name)) {
        leading += word;
        if (leading === q) return "leading";
        if (leading.length >= q.length) break;
    }
    return undefined;
}

/**
 * Whether `query` can select this product on its own (any of the three rules). Used where only one product
 * is known, e.g. judging an existing placement; {@link matchingProducts} applies "exact wins" over a catalogue.
 */
export function productNameMatches(query: string, product: NamedProduct): boolean {
    return productNameMatch(query, product) !== undefined;
}

/** The products `query` selects from a catalogue: the exact matches if there are any, else the leading-word or pattern matches. */
export function matchingProducts<T extends NamedProduct>(query: string, products: readonly T[]): T[] {
    const kinds = products.map((p) => productNameMatch(query, p));
    const anyExact = kinds.includes("exact");
    return products.filter((_, i) => kinds[i] !== undefined && (!anyExact || kinds[i] === "exact"));
}

/** "RTX 4090 24GB" → "RTX 4090": the name without a trailing memory word (24GB, 80G, 1TB). */
export function productModel(name: string): string {
    const trimmed = name.trim();
    const model = trimmed.replace(/[\s_-]+\d+(\.\d+)?\s*(gb|g|tb)$/i, "").trim();
    return model === "" ? trimmed : model;
}

/** Levenshtein distance (insertions, deletions and substitutions cost 1). */
export function editDistance(a: string, b: string): number {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++) {
            cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        prev = cur;
    }
    return prev[b.length]!;
}

/**
 * How far `query` is from `candidate` (smaller is closer): the edit distance to the candidate or to any of its
 * leading word groups, so "A10" is close to "A100 SXM4"; a query found inside the candidate scores half a point.
 */
export function nameDistance(query: string, candidate: string): number {
    const q = normaliseProductName(query).replace(/\*/g, "");
    const whole = normaliseProductName(candidate);
    if (q === "") return Infinity;
    if (whole.includes(q)) return q === whole ? 0 : 0.5;
    let best = editDistance(q, whole);
    let leading = "";
    for (const word of productNameWords(candidate)) {
        leading += word;
        best = Math.min(best, editDistance(q, leading));
    }
    return best;
}

/**
 * Up to `max` model names close to `query`, closest first ("RTX 409" → ["RTX 4090"]). A model is suggested only
 * when the query is inside it or at most max(2, a third of the query's length) edits away; `[]` when none is close.
 */
export function suggestProductNames(query: string, names: readonly string[], max = 3): string[] {
    const limit = Math.max(2, Math.floor(normaliseProductName(query).length / 3));
    const models = [...new Set(names.map(productModel))];
    return models
        .map((model) => ({ model, d: nameDistance(query, model) }))
        .filter((x) => x.d <= limit)
        .sort((a, b) => a.d - b.d || a.model.localeCompare(b.model))
        .slice(0, max)
        .map((x) => x.model);
}

/** The sentence that explains the rule, for messages. */
export const NAME_RULE =
    'names match exactly (ignoring case, spaces and hyphens), by leading whole words ("RTX 4090" matches "RTX 4090 24GB"), or by a pattern with * ("*4090*")';
