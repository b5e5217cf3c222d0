/** `pulumi-novita orphans --state <file>…`: options, checks, and the run from arguments to output. */
import { API_OPTIONS, FORMAT_OPTIONS, type CommandSpec } from "./args";
import { Catalogue } from "./catalogue";
import { command, type Renderers } from "./command";
import { EXIT, UsageError } from "./errors";
import { readJson } from "./json-input";
import { deleteOrphans, scanAccount, type OrphanReport } from "./orphans";
import { renderJson, renderMarkdown, renderText } from "./orphans-format";
import { clientFor } from "./settings";
import { asStackState, type StackState } from "./state-file";
import { configure } from "../provider/config";

export const ORPHANS: CommandSpec = {
    name: "orphans",
    summary: "pulumi-novita orphans: GPU instances, registry auths and network storages on the Novita account that no given stack state manages.",
    usage: "pulumi-novita orphans --state <stack.json> [--state <other.json> …] [options]",
    positionals: 0,
    options: [
        { flag: "--state", value: "file", repeatable: true, help: "a `pulumi stack export` file (deployment version 3); give every stack that uses the account" },
        { flag: "--name-prefix", value: "prefix", repeatable: true, help: "only objects whose name starts with this (e.g. the names your team's programs give)" },
        { flag: "--delete", help: "delete the listed GPU instances (needs --yes), waiting for each to go" },
        { flag: "--delete-auths", help: "with --delete: also delete the listed registry auths no remaining instance uses" },
        { flag: "--delete-volumes", help: "delete the listed network storages no live instance mounts (needs --yes; their data is lost)" },
        { flag: "--yes", help: "confirm --delete or --delete-volumes" },
        { flag: "--fail-on-orphans", help: "exit 3 when orphans are left on the account (for scheduled checks)" },
        ...FORMAT_OPTIONS,
        ...API_OPTIONS,
    ],
    details: [
        "An object is managed when any given state has a pulumi-novita resource with its id (pending deletes, partly",
        "created and read resources included); everything else on the account is listed: instances with age, status",
        "and $/hour, network storages with size (GB), region and the live instances mounting them.",
        "Nothing a given state manages is ever deleted; instances still being created are never deleted (a `pulumi up`",
        "may be creating them right now). --delete and --delete-volumes refuse to run when a state file cannot be read",
        "or parsed, or when a state has pending operations (run `pulumi refresh` on that stack first). Registry auths",
        "cost nothing and are deleted only with --delete-auths. Network storages hold data: --delete never deletes them;",
        "--delete-volumes does, except those a live instance still mounts. The API key comes from NOVITA_API_KEY (or",
        "--api-key-env).",
    ].join("\n"),
};

const RENDER: Renderers<[OrphanReport, string[]]> = { text: renderText, json: renderJson, markdown: renderMarkdown };

export const runOrphans = command(ORPHANS, async (call, io) => {
    const o = call.options;
    const files = (o["--state"] as string[] | undefined) ?? [];
    const del = o["--delete"] === true;
    const delVolumes = o["--delete-volumes"] === true;
    const deleting = del || delVolumes;
    const flag = del ? "--delete" : "--delete-volumes";
    if (files.length === 0) throw new UsageError("give at least one --state <file> (`pulumi stack export > stack.json`); without one every object would be an orphan");
    if (o["--delete-auths"] && !del) throw new UsageError("--delete-auths goes with --delete");
    if (del && o["--yes"] !== true) throw new UsageError("--delete deletes GPU instances: add --yes to confirm (nothing was deleted)");
    if (delVolumes && o["--yes"] !== true) throw new UsageError("--delete-volumes deletes network storages and the data on them: add --yes to confirm (nothing was deleted)");
    if (o["--yes"] && !deleting) throw new UsageError("--yes confirms --delete or --delete-volumes, neither of which is given");

    // Every state first: one that cannot be read means its instances would look orphaned.
    const states: StackState[] = [];
    for (const f of files) {
        try {
            const input = await readJson(f, io.stdin, "the output of `pulumi stack export`");
            states.push(asStackState(input.value, input.label));
        } catch (e) {
            if (e instanceof UsageError && deleting) throw new UsageError(`${e.message}\n${flag} refused: every state must be read, or its objects would be taken for orphans (nothing was deleted)`);
            throw e;
        }
    }
    const pending = states.flatMap((s) => s.pendingCreates.map((urn) => `${s.label}: a create is pending for ${urn}; its object may be on the account without an id in the state`));
    if (deleting && pending.length) throw new UsageError(`${flag} refused:\n  ${pending.join("\n  ")}\nRun \`pulumi refresh\` on that stack, export it again, and retry (nothing was deleted)`);

    const settings = call.settings();
    const client = clientFor(settings, "to list the account");
    // The provider's waits (reused for --delete) read the time scale from its settings.
    await configure({ config: { get: (k) => (k === "novita:timeScale" ? String(settings.timeScale) : undefined) } });
    const scan = await scanAccount(client, new Catalogue(client), states, (o["--name-prefix"] as string[] | undefined) ?? []);
    if (deleting) scan.report.outcomes = await deleteOrphans(client, scan, { instances: del, auths: o["--delete-auths"] === true, volumes: delVolumes });
    io.stdout(RENDER[call.format](scan.report, pending));
    if (scan.report.outcomes.some((x) => x.result === "failed")) return EXIT.api;
    const deleted = new Set(scan.report.outcomes.filter((x) => x.result === "deleted").map((x) => x.id));
    const left = [...scan.report.instances, ...scan.report.registryAuths, ...scan.report.networkStorages].filter((x) => !deleted.has(x.id));
    return o["--fail-on-orphans"] && left.length > 0 ? EXIT.orphans : EXIT.ok;
});
