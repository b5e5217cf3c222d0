/**
 * Errors of the product selection. They join the package's one error hierarchy (`NovitaError`), so a
 * caller can catch everything the package throws with one `instanceof`; they carry no request context
 * because selection does no I/O.
 *
 *   NovitaError
 *   └── SelectionError            a selector or selection problem; `field` names the input to look at
 *       ├── UnknownRegionError    a requested region is not a cluster id or name
 *       └── NoEligibleProductError no offer satisfied the selector; carries `considered` and `suggestions`
 */
import { NovitaError } from "../api/errors";
import type { Considered, FieldIssue, ResolvedRegion, Suggestion } from "./types";

export type { FieldIssue, Suggestion };


export class SelectionError extends NovitaError {
    override readonly name: string = "SelectionError";
    /** The selector field the problem is about, e.g. `gpuNum`, `regions`, `maxPricePerHour`. */
    readonly field: string;
    /** Every problem found (validation may find several); the first one is `field`. */
    readonly issues: readonly FieldIssue[];
    constructor(message: string, field: string, issues?: readonly FieldIssue[]) {
        super(message);
        this.field = field;
        this.issues = issues ?? [{ field, message }];
    }
}

export class UnknownRegionError extends SelectionError {
    override readonly name = "UnknownRegionError";
    /** The requested entries that matched no cluster, as written by the user. */
    readonly unknown: readonly string[];
    /** Every cluster the API knows, as `name (id)`. */
    readonly available: readonly { id: string; name: string }[];
    constructor(field: string, unknown: readonly string[], available: readonly { id: string; name: string }[]) {
        const list = unknown.map((u) => JSON.stringify(u)).join(", ");
        const avail = available.length
            ? available.map((c) => (c.name && c.name !== c.id ? `${c.name} (${c.id})` : c.id)).join(", ")
            : "none (the cluster list is empty)";
        super(`${field}: unknown region${unknown.length > 1 ? "s" : ""} ${list}; available regions: ${avail}`, field);
        this.unknown = unknown;
        this.available = available;
    }
}


export class NoEligibleProductError extends SelectionError {
    override readonly name = "NoEligibleProductError";
    /** Every offer whose product name matched, with its status and reasons. */
    readonly considered: readonly Considered[];
    /** The regions that were searched, in priority order. */
    readonly regions: readonly ResolvedRegion[];
    /** What to relax, most useful first; `field` is the first suggestion's field. */
    readonly suggestions: readonly Suggestion[];
    constructor(
        message: string,
        args: { considered: readonly Considered[]; regions: readonly ResolvedRegion[]; suggestions: readonly Suggestion[] },
    ) {
        super(message, args.suggestions[0]?.field ?? "productName");
        this.considered = args.considered;
        this.regions = args.regions;
        this.suggestions = args.suggestions;
    }
}
