/** A resource registration (RegisterResource / ReadResource from the program), as the engine sees it. */
import { aliasesOf, type AliasSpec } from "./aliases";
import { fromStruct, resproto } from "./sdk";
import { clone, newUrn } from "./state";
import { unsupportedOptions } from "./unsupported";
import type { PropertyMap } from "./secrets";

export interface Registration {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent?: string;
    /** The raw request properties: secret signature objects and unknown sentinels as sent by the SDK. */
    raw: PropertyMap;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    protect?: boolean;
    retainOnDelete?: boolean;
    /** `deleteBeforeReplace` resource option, if the program set it. */
    deleteBeforeReplace?: boolean;
    ignoreChanges: string[];
    replaceOnChanges: string[];
    additionalSecretOutputs: string[];
    importId?: string;
    /** Provider reference (non-dynamic resources). */
    provider?: string;
    /** Id to read (ReadResource, i.e. `Resource.get`). */
    readId?: string;
    /** The `aliases` option (aliases.ts). */
    aliases: AliasSpec[];
    /** Resource options the offline engine does not implement that this registration sets (unsupported.ts). */
    unsupported: string[];
}

/** What the engine answers the program: plaintext outputs (maybe with unknown sentinels) plus secret keys. */
export interface Registered {
    id: string;
    outputs: PropertyMap;
    secretKeys: string[];
}

export function fromRegisterRequest(req: resproto.RegisterResourceRequest, stack: string, project: string): Registration {
    const parent = req.getParent() || undefined;
    const propertyDependencies: Record<string, string[]> = {};
    for (const [key, deps] of req.getPropertydependenciesMap().entries()) propertyDependencies[key] = deps.getUrnsList();
    return {
        urn: newUrn(stack, project, req.getType(), req.getName(), parent),
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        parent,
        raw: fromStruct(req.getObject()),
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        protect: req.hasProtect() ? req.getProtect() : undefined,
        retainOnDelete: req.hasRetainondelete() ? req.getRetainondelete() : undefined,
        deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
        ignoreChanges: req.getIgnorechangesList(),
        replaceOnChanges: req.getReplaceonchangesList(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        importId: req.getImportid() || undefined,
        provider: req.getProvider() || undefined,
        aliases: aliasesOf(req),
        unsupported: unsupportedOptions(req),
    };
}

export function fromReadRequest(req: resproto.ReadResourceRequest, stack: string, project: string): Registration {
    const parent = req.getParent() || undefined;
    return {
        urn: newUrn(stack, project, req.getType(), req.getName(), parent),
        type: req.getType(),
        name: req.getName(),
        custom: true,
        parent,
        raw: fromStruct(req.getProperties()),
        dependencies: req.getDependenciesList(),
        propertyDependencies: {},
        ignoreChanges: [],
        replaceOnChanges: [],
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        provider: req.getProvider() || undefined,
        readId: req.getId(),
        aliases: [],
        unsupported: [],
    };
}

/**
 * Applies `ignoreChanges` before Check, as the engine does: for each path, the new inputs take the old input value
 * (or lose the key if the old inputs had none). Paths are top-level keys or dotted paths into objects.
 */
export function applyIgnoreChanges(oldInputs: PropertyMap, news: PropertyMap, paths: string[]): PropertyMap {
    const out = clone(news);
    for (const p of paths) {
        const segments = p.split(".");
        const oldValue = get(oldInputs, segments);
        set(out, segments, oldValue);
    }
    return out;
}

function get(obj: unknown, path: string[]): unknown {
    let cur = obj;
    for (const s of path) {
        if (!cur || typeof cur !== "object") return undefined;
        cur = (cur as PropertyMap)[s];
    }
    return cur;
}

function set(obj: PropertyMap, path: string[], value: unknown): void {
    let cur: PropertyMap = obj;
    for (const s of path.slice(0, -1)) {
        if (!cur[s] || typeof cur[s] !== "object") {
            if (value === undefined) return;
            cur[s] = {};
        }
        cur = cur[s] as PropertyMap;
    }
    const last = path[path.length - 1];
    if (value === undefined) delete cur[last];
    else cur[last] = clone(value);
}

/** Keys of `outputs` to mark secret: same-named secret inputs (`annotateSecrets`) and `additionalSecretOutputs`. */
export function outputSecretKeys(outputs: PropertyMap, ...keySets: ReadonlyArray<readonly string[]>): string[] {
    const keys = new Set<string>();
    for (const set of keySets) for (const k of set) if (k in outputs) keys.add(k);
    return [...keys].sort();
}
