/**
 * `pulumi-novita/testing`: an offline Pulumi engine for programs built on dynamic resources — preview, up, refresh
 * and destroy through Pulumi's own dynamic-provider gRPC server, without the Pulumi CLI.
 */
export { OfflineEngine, DeploymentError, defaultParallelism } from "./engine";
export { formatPlan, renderValue, summarize } from "./plan";
export { toPreviewDigest, type PreviewDigestJson, type PreviewDigestOptions, type PreviewSource, type DigestStep, type DigestResource } from "./preview-digest";
export { Secret, Unknown, UNKNOWN, isSecret, reveal } from "./secrets";
export { PACKAGE_ROOT } from "./module-links";
export type { Program } from "./program";
export type { ProgramModule, ProgramSource } from "./program-module";
export type {
    ConfigValue,
    Diagnostic,
    NoOptions,
    OfflineEngineOptions,
    OperationKind,
    OperationResult,
    RpcCall,
    RunOptions,
    StateResource,
    StepOp,
    StepResult,
    Summary,
} from "./types";
export {
    startNovitaTestStack,
    planOf,
    changesOf,
    hasNoChanges,
    plainOutputs,
    progressLines,
    DEFAULT_TEST_TIME_SCALE,
    type NovitaTestStack,
    type NovitaTestStackOptions,
    type ResourceChange,
} from "./novita-stack";
export { GPU_INSTANCE_TYPE, REGISTRY_AUTH_TYPE, liveInstances, instanceOrphans, plaintextLeaks, advanceToStatus } from "./novita-checks";
