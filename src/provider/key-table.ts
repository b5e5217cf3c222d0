/**
 * A resource's state keys are declared once, as a table from key to what it is (./gpu-instance/keys.ts,
 * ./network-storage/keys.ts, ./registry-auth-keys.ts); the lists and key types are read off it with these.
 * Dependency-free: the `pulumi-novita` root import reads the tables.
 */

/** The keys of table `T` whose tag is one of `V`. */
export type KeysWhere<T, V> = { [K in keyof T & string]: T[K] extends V ? K : never }[keyof T & string];

/** The keys of `table` whose tag is one of `tags`, in declaration order. */
export function keysWhere<T extends Record<string, string>, V extends T[keyof T]>(table: T, tags: readonly V[]): KeysWhere<T, V>[] {
    return Object.keys(table).filter((k): k is KeysWhere<T, V> => (tags as readonly string[]).includes(table[k]!));
}
