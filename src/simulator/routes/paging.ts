/**
 * `pageSize`/`pageNum` paging (docs/novita-api-notes.md#paging). The base of `pageNum` is unknown in reality, so it
 * is configurable: base 0 (default) makes pageNum 0 the first page; base 1 makes 1 the first page and
 * treats 0 as 1. `pageSize` 0 yields an empty page (what 0 means is unknown; do not rely on it).
 */
export function page<T>(items: readonly T[], pageSize: number, pageNum: number, base: 0 | 1): T[] {
    if (pageSize <= 0) return [];
    const index = base === 1 ? Math.max(pageNum, 1) - 1 : pageNum;
    return items.slice(index * pageSize, (index + 1) * pageSize);
}
