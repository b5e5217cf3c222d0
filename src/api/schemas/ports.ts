/**
 * The create endpoint takes ports as one comma-separated string (`"80/http, 3306/tcp"`), while edit
 * takes `[{port, type}]` (docs/novita-api-notes.md#ports). The client speaks `PortSpec[]` everywhere and
 * this codec converts at the wire boundary, in both directions.
 */
import { z } from "zod";
import { PORT_TYPES, portSpec, type PortSpec } from "./limits";

export function encodePorts(ports: readonly PortSpec[]): string {
    return ports.map((p) => `${p.port}/${p.type}`).join(",");
}

/** Parses `"80/http, 3306/tcp"`; a bare port defaults to tcp. Returns a structured issue instead of throwing. */
export function decodePorts(text: string): { ok: true; ports: PortSpec[] } | { ok: false; message: string } {
    const ports: PortSpec[] = [];
    for (const raw of text.split(",")) {
        const item = raw.trim();
        if (item === "") continue;
        const m = /^(\d{1,5})(?:\/([a-z]+))?$/i.exec(item);
        const type = (m?.[2] ?? "tcp").toLowerCase();
        if (!m || !(PORT_TYPES as readonly string[]).includes(type)) {
            return { ok: false, message: `"${item}" is not of the form <port>/<http|tcp>` };
        }
        ports.push({ port: Number(m[1]), type: type as PortSpec["type"] });
    }
    return { ok: true, ports };
}

/** Wire form of create's `ports`, parsed and then checked against the same port rules as edit. */
export const portsString = z
    .string()
    .transform((text, ctx) => {
        const r = decodePorts(text);
        if (!r.ok) {
            ctx.addIssue({ code: "custom", message: r.message });
            return z.NEVER;
        }
        return r.ports;
    })
    .pipe(z.array(portSpec));
