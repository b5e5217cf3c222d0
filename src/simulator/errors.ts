/**
 * API errors as the simulator sends them: HTTP status from the GPU error table (docs/novita-api-notes.md#errors),
 * body `{code, reason, message, metadata: {}}`. Messages name fields and limits, never values.
 */
import type { z } from "zod";

export class ApiError extends Error {
    constructor(
        readonly status: number,
        readonly reason: string,
        message: string,
    ) {
        super(message);
    }

    body(): { code: number; reason: string; message: string; metadata: Record<string, never> } {
        return { code: this.status, reason: this.reason, message: this.message, metadata: {} };
    }
}

export const invalidStateChange = () => new ApiError(400, "REQUEST", "invalid state change");
export const insufficientResource = (detail = "Insufficient resources") => new ApiError(400, "INSUFFICIENT_RESOURCE", detail);
export const validatorParam = (field: string, message: string) => new ApiError(400, "VALIDATOR_PARAM", `invalid parameter: ${field}: ${message}`);
export const notFound = (status: 400 | 404, what: string) => new ApiError(status, "RESOURCE_NOT_FOUND", `${what} not found`);
export const templateNotFound = () => new ApiError(400, "TEMPLATE_NOT_FOUND", "template not found");

/** Default `reason` for an injected status fault. */
export function defaultReason(status: number): string {
    if (status === 401) return "UNAUTHORIZED";
    if (status === 403) return "FORBIDDEN";
    if (status === 429) return "RATE_LIMIT_EXCEEDED";
    if (status >= 500) return "UNKNOWN";
    return "REQUEST";
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
    let v = input;
    for (const k of path) {
        if (v === null || typeof v !== "object") return undefined;
        v = (v as Record<PropertyKey, unknown>)[k];
    }
    return v;
}

/**
 * Validates with one of the shared schemas; failure → 400 VALIDATOR_PARAM naming every offending field.
 * Custom messages that quote the input have the quotes' content removed, so values are never echoed.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
    const r = schema.safeParse(input);
    if (r.success) return r.data;
    const parts = r.error.issues.map((issue) => {
        const field = issue.path.map(String).join(".") || "(body)";
        let msg = issue.message;
        if (issue.path.length > 0 && valueAt(input, issue.path) === undefined) msg = "is required";
        else if (issue.code === "custom") msg = msg.replace(/"[^"]*"/g, "an item");
        return `${field}: ${msg}`;
    });
    throw new ApiError(400, "VALIDATOR_PARAM", `invalid parameter: ${parts.join("; ")}`);
}
