/**
 * What the offline engine does not implement, refused with an error naming it instead of being ignored: a test
 * that relies on an ignored option would pass offline and do something else under the real CLI
 * (docs/engine-fidelity.md lists each one).
 */
import { resproto } from "./sdk";

/** Resource options set on a registration that the offline engine does not implement. */
export function unsupportedOptions(req: resproto.RegisterResourceRequest): string[] {
    const out: string[] = [];
    if (req.getDeletedwith()) out.push("deletedWith");
    if (req.getReplaceWithList().length > 0) out.push("replaceWith");
    if (req.getReplacementTrigger() !== undefined) out.push("replacementTrigger");
    const hooks = req.getHooks();
    if (hooks && hookNames(hooks).length > 0) out.push("hooks");
    if (req.getTransformsList().length > 0) out.push("transforms");
    if ((optional<{ getLength(): number }>(req, "getEnvvarmappingsMap")?.getLength() ?? 0) > 0) out.push("envVarMappings");
    return out;
}

function hookNames(h: resproto.RegisterResourceRequest.ResourceHooksBinding): string[] {
    return [
        ...h.getBeforeCreateList(),
        ...h.getAfterCreateList(),
        ...h.getBeforeUpdateList(),
        ...h.getAfterUpdateList(),
        ...h.getBeforeDeleteList(),
        ...h.getAfterDeleteList(),
        ...(optional<string[]>(h, "getOnErrorList") ?? []),
    ];
}

/**
 * A getter that only newer @pulumi/pulumi releases generate (envVarMappings, onError hooks): undefined on older ones,
 * where the option cannot be set either (the peer range starts at 3.216.0; scripts/sdk-range.js builds against it).
 */
function optional<T>(message: object, getter: string): T | undefined {
    const f = (message as Record<string, unknown>)[getter];
    return typeof f === "function" ? (f as () => T).call(message) : undefined;
}

export function unsupportedMessage(options: string[]): string {
    const list = options.map((o) => `\`${o}\``).join(", ");
    return (
        `the offline engine does not implement the resource option${options.length > 1 ? "s" : ""} ${list}; ` +
        "run this program with the real Pulumi CLI (see docs/engine-fidelity.md in pulumi-novita)"
    );
}

/** Stack config keys that change what the engine does and that the offline engine does not implement. */
const UNSUPPORTED_CONFIG: Record<string, string> = {
    "pulumi:disable-default-providers": "dynamic resources always use the default pulumi-nodejs provider here",
    "pulumi:autonaming": "the engine's autonaming settings are not passed to Check here",
};

/** Throws naming the first stack config key the offline engine would otherwise ignore. */
export function refuseUnsupportedConfig(keys: Iterable<string>): void {
    for (const key of keys) {
        const why = UNSUPPORTED_CONFIG[key];
        if (why) throw new Error(`OfflineEngine: stack config \`${key}\` is not supported by the offline engine (${why})`);
    }
}

/** CLI flags users look for, with what to do instead. */
const UNSUPPORTED_RUN_OPTIONS: Record<string, string> = {
    target: "`--target`",
    targetDependents: "`--target-dependents`",
    exclude: "`--exclude`",
    excludeDependents: "`--exclude-dependents`",
    replace: "`--replace`",
    runProgram: "`--run-program`",
    expectNoChanges: "`--expect-no-changes`",
    continueOnError: "`--continue-on-error`",
    parallel: "`--parallel` (set `parallel` on the OfflineEngine instead)",
    plan: "`--plan`",
    policyPacks: "`--policy-pack`",
    previewOnly: "`--preview-only`",
    importFile: "`--import-file`",
};

/**
 * Throws naming any option of a `preview`/`up`/`refresh`/`destroy` call that `allowed` does not list: callers from
 * JavaScript (no type check) would otherwise see e.g. `{ target: [...] }` silently ignored.
 */
export function refuseUnknownRunOptions(operation: string, options: object | undefined, allowed: readonly string[]): void {
    if (options === undefined || options === null) return;
    if (typeof options !== "object") throw new Error(`OfflineEngine.${operation}: options must be an object`);
    for (const key of Object.keys(options)) {
        if (allowed.includes(key) || (options as Record<string, unknown>)[key] === undefined) continue;
        const flag = UNSUPPORTED_RUN_OPTIONS[key];
        const supported = allowed.length ? `it supports: ${allowed.join(", ")}` : "it takes no options";
        throw new Error(
            `OfflineEngine.${operation}: option \`${key}\`${flag ? ` (the CLI's ${flag})` : ""} is not supported by the offline engine; ${supported}`,
        );
    }
}
