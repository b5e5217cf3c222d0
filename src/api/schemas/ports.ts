/**
 * The create endpoint takes ports as one comma-separated string (`"80/http, 3306/tcp"`), while edit
 * takes `[{port, type}]` (docs/novita-api-notes.md#ports). The client speaks `PortSpec[]` everywhere and
 * this codec converts at the wire boundary, in both directions.
 */
import { z } from "zod";
import { PORT_TYPES, portSpec, type PortSpec, type PortType } from "./limits";

/**
 * The one parser of the `<port>/<type>` form, used for the wire string (./requests.ts, through decodePorts) and for
 * the provider's `"8888/http"` input shorthand. Spaces around the parts are allowed; a bare port is `bareType` when
 * one is given (the wire's default is tcp) and not a port otherwise. Range and reserved ports are checked by the
 * callers' schemas.
 */
export function parsePortForm(text: string, bareType?: PortType): { ok: true; port: PortSpec } | { ok: false; why: string } {
    const m = /^\s*(\d{1,5})\s*(?:\/\s*([A-Za-z]+)\s*)?$/.exec(text);
    if (!m || (m[2] === undefined && bareType === undefined)) return { ok: false, why: "not a port" };
    const type = (m[2] ?? bareType!).toLowerCase();
    if (!(PORT_TYPES as readonly string[]).includes(type)) return { ok: false, why: `type "${m[2]}" is not supported` };
    return { ok: true, port: { port: Number(m[1]), type: type as PortType } };
}

export function encodePorts(ports: readonly PortSpec[]): string {
    return ports.map((p) => `${p.port}/${p.type}`).join(",");
}

/** Parses `"80/http, 3306/tcp"`; a bare port defaults to tcp. Returns a structured issue instead of throwing. */
export function decodePorts(text: string): { ok: true; ports: PortSpec[] } | { ok: false; message: string } {
    const ports: PortSpec[] = [];
    for (const raw of text.split(",")) {
        const item = raw.trim();
        if (item === "") continue;
        const r = parsePortForm(item, "tcp");
        if (!r.ok) return { ok: false, message: `"${item}" is not of the form <port>/<http|tcp>` };
        ports.push(r.port);
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
