/**
 * Access to the pieces of the installed `@pulumi/pulumi` the offline engine needs: its generated protobuf/gRPC
 * stubs, the `@grpc/grpc-js` and `google-protobuf` instances those stubs use (resolved from @pulumi/pulumi's own
 * folder, so credentials and Struct classes match and we need no dependency of our own), and a few runtime
 * internals (local storage, RPC draining) that are not part of its public typings.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type * as grpcTypes from "@grpc/grpc-js";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";

export { provproto, resproto, statusproto, provrpc, MockMonitor };

/** Folder of the `@pulumi/pulumi` package this module resolved (the one the user's program uses). */
export const pulumiDir: string = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

function fromPulumi<T>(request: string): T {
    return require(require.resolve(request, { paths: [pulumiDir] })) as T;
}

/** The `@grpc/grpc-js` instance the generated stubs use. */
export const grpc: typeof grpcTypes = fromPulumi<typeof grpcTypes>("@grpc/grpc-js");

// Types from @types/google-protobuf (a dependency of @pulumi/pulumi); the value from @pulumi/pulumi's own copy.
type StructLike = import("google-protobuf/google/protobuf/struct_pb").Struct;
type StructModule = typeof import("google-protobuf/google/protobuf/struct_pb");
const structModule = fromPulumi<StructModule>("google-protobuf/google/protobuf/struct_pb");

/** Entry point of the dynamic-provider plugin (what `pulumi-resource-pulumi-nodejs` executes). */
export const dynamicProviderEntry: string = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", {
    paths: [pulumiDir],
});

/** Pulumi's wire sentinels (runtime/rpc.ts and sdk/go/common/resource/plugin/rpc.go). */
export const UNKNOWN_SENTINEL: string = pulumi.runtime.unknownValue;
export const SIG_KEY: string = pulumi.runtime.specialSigKey;
export const SECRET_SIG: string = pulumi.runtime.specialSecretSig;
export const RESOURCE_SIG: string = pulumi.runtime.specialResourceSig;

/**
 * Converts a plain JS object into a protobuf Struct. `undefined` cannot be encoded (`Unexpected struct type`), so
 * object keys holding `undefined` are dropped and `undefined` array elements become `null`, like JSON does.
 */
export function toStruct(value: Record<string, unknown>): StructLike {
    return structModule.Struct.fromJavaScript(stripUndefined(value) as Record<string, never>);
}

export function fromStruct(struct: StructLike | undefined | null): Record<string, unknown> {
    return struct ? (struct.toJavaScript() as Record<string, unknown>) : {};
}

export function stripUndefined(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : stripUndefined(v)));
    if (value && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = stripUndefined(v);
        return out;
    }
    return value;
}

/** Runtime internals of @pulumi/pulumi used by the Automation API's inline-program server (automation/server.ts). */
interface RuntimeState {
    withLocalStorage<T>(callback: () => Promise<T>): Promise<T>;
    getStore(): PulumiStore;
}
export interface PulumiStore {
    settings: { engine?: unknown; monitor?: unknown; options: Record<string, unknown> };
    terminated?: boolean;
    logErrorCount: number;
    [flag: string]: unknown;
}
interface RuntimeSettings {
    waitForRPCs(): Promise<void>;
}
export const runtimeState: RuntimeState = require("@pulumi/pulumi/runtime/state");
export const runtimeSettings: RuntimeSettings = require("@pulumi/pulumi/runtime/settings");
