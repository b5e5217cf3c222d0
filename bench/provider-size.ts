/**
 * Bytes of the serialized `__provider` stored with every resource (inputs and outputs, so twice per
 * resource in state): our hand-written one-line shim against a self-contained provider, i.e. what
 * `pulumi.dynamic.Resource` stores when it closure-serializes a provider object that imports the client.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { providerText } from "../src/resources/shims";
import { fmt, ROOT, type Row } from "./common";

export async function providerSizeBench(): Promise<Row[]> {
    const ours = Buffer.byteLength(providerText("gpuInstance"));
    // The built provider (dist/ is outside node_modules, so its modules are inlined by value, as a user's
    // own provider file would be).
    const { gpuInstance } = require(path.join(ROOT, "dist/provider")) as { gpuInstance: object };
    let selfContained: number | undefined;
    let failure: string | undefined;
    try {
        const sf = await pulumi.runtime.serializeFunction(() => gpuInstance, { allowSecrets: true });
        selfContained = Buffer.byteLength(sf.text);
    } catch (e) {
        // Zod schemas hold bound native functions, which cannot be serialized (Pulumi's closure serializer, runtime/closure/createClosure.ts, refuses native functions).
        const m = /function '([^']+)': which could not be serialized/.exec((e as Error).message);
        failure = m ? `fails: function '${m[1]}' is native code (zod schema)` : `fails: ${(e as Error).message.split("\n")[0]}`;
    }
    // What a self-contained provider would at least have to embed: the package code the provider runs.
    const dist = path.join(ROOT, "dist") + path.sep;
    const code = Object.keys(require.cache).filter((f) => f.startsWith(dist)).reduce((n, f) => n + fs.statSync(f).size, 0);
    const rows: Row[] = [
        { bench: "__provider per resource", metric: "bytes, hand-written shim (ours)", value: `${ours} B`, target: "≤ 1024 B", met: ours <= 1024 },
    ];
    rows.push(
        selfContained !== undefined
            ? {
                bench: "__provider per resource",
                metric: "bytes, closure-serialized self-contained provider",
                value: `${fmt(selfContained / 1024, 0)} KiB (${fmt(selfContained / ours, 0)}× ours)`,
                target: "(baseline)",
            }
            : { bench: "__provider per resource", metric: "closure-serialized self-contained provider", value: failure!, target: "(baseline)" },
        {
            bench: "__provider per resource",
            metric: "package code a self-contained provider must embed (lower bound)",
            value: `${fmt(code / 1024, 0)} KiB (${fmt(code / ours, 0)}× ours), ×2 per resource in state`,
            target: "(baseline)",
        },
    );
    return rows;
}
