/** Validation of a client call's parameters with a shared schema, before any request. */
import type { z } from "zod";
import { NovitaValidationError } from "./errors";

export function validate<Sch extends z.ZodType>(schema: Sch, value: unknown, operation: string): z.output<Sch> {
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    throw new NovitaValidationError(
        operation,
        r.error.issues.map((i) => ({ field: i.path.map(String).join(".") || "(params)", message: i.message })),
    );
}
