/** `pulumi-novita cost [preview.json]`: options, and the run from arguments to output. */
import { API_OPTIONS, FORMAT_OPTIONS, type CommandSpec } from "./args";
import { Catalogue } from "./catalogue";
import { command, type Renderers } from "./command";
import { costOf, type CostReport } from "./cost";
import { renderJson, renderMarkdown, renderText } from "./cost-format";
import { asPreviewDigest, gpuSteps } from "./digest";
import { EXIT } from "./errors";
import { readJson } from "./json-input";
import { clientFor } from "./settings";

export const COST: CommandSpec = {
    name: "cost",
    summary: "pulumi-novita cost: the hourly GPU cost of a `pulumi preview --json`, per GpuInstance and in total.",
    usage: "pulumi preview --json | pulumi-novita cost [options]\n       pulumi-novita cost [options] <preview.json>",
    positionals: 1,
    options: [
        ...FORMAT_OPTIONS,
        ...API_OPTIONS,
        { flag: "--offline", help: "make no API call: prices of new instances are reported as unknown" },
    ],
    details: [
        "Reads the preview from the file, or from stdin (also with \"-\"). Existing instances are priced from their",
        "outputs; new ones from the live catalogue, as the provider will pick and price them (for `placement`:",
        "an estimate, what `pulumi up` would pick now). Values unknown until apply and secrets are shown as such and",
        "left out of the total. Add --show-sames to the preview to get the whole stack's cost before and after.",
        "The base URL comes from --base-url, else the preview's stack config novita:baseUrl, else NOVITA_BASE_URL.",
    ].join("\n"),
};

const RENDER: Renderers<[CostReport]> = { text: renderText, json: renderJson, markdown: renderMarkdown };

export const runCost = command(COST, async (call, io) => {
    const input = await readJson(call.positionals[0], io.stdin, "the output of `pulumi preview --json`");
    const digest = asPreviewDigest(input.value, input.label);
    const configBaseUrl = typeof digest.config?.["novita:baseUrl"] === "string" ? digest.config["novita:baseUrl"] : undefined;
    const settings = call.settings(configBaseUrl);
    const needsCatalogue = gpuSteps(digest).some((s) => s.op === "create" || s.op === "replace" || !hasPrice(s.old?.outputs));
    const offline = call.options["--offline"] === true;
    const client = offline || !needsCatalogue ? undefined : clientFor(settings, "to price new instances from the Novita catalogue (or pass --offline)");
    const report = await costOf(digest, new Catalogue(client));
    io.stdout(RENDER[call.format](report));
    return EXIT.ok;
});

function hasPrice(outputs: Record<string, unknown> | undefined): boolean {
    return typeof outputs?.pricePerHour === "number" || typeof outputs?.pricePerGpuHour === "number";
}
