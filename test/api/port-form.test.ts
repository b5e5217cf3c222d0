/** One parser for the `<port>/<type>` form (src/api/schemas/ports.ts), shared by the wire codec and the provider's inputs. */
import { decodePorts, parsePortForm } from "../../src/api/schemas/ports";
import { gpuInstanceFields } from "../../src/provider/gpu-instance/inputs";

test("the form: a port, a slash and http or tcp in any case, spaces allowed around the parts", () => {
    expect(parsePortForm("8888/http")).toEqual({ ok: true, port: { port: 8888, type: "http" } });
    expect(parsePortForm(" 22 / TCP ")).toEqual({ ok: true, port: { port: 22, type: "tcp" } });
    expect(parsePortForm("53/udp")).toEqual({ ok: false, why: 'type "udp" is not supported' });
    expect(parsePortForm("http/80")).toEqual({ ok: false, why: "not a port" });
});

test("a bare port: tcp on the wire, not a port as an input", () => {
    expect(parsePortForm("80", "tcp")).toEqual({ ok: true, port: { port: 80, type: "tcp" } });
    expect(parsePortForm("80")).toEqual({ ok: false, why: "not a port" });
    expect(decodePorts("80, 443/http")).toEqual({ ok: true, ports: [{ port: 80, type: "tcp" }, { port: 443, type: "http" }] });
});

test("the provider's input and the wire read a port the same way", () => {
    const input = (ports: unknown[]) => gpuInstanceFields.shape.ports.safeParse(ports);
    const both = [{ port: 8080, type: "http" }];
    expect(input([" 8080 / HTTP "]).data).toEqual(both);
    expect(decodePorts(" 8080 / HTTP ")).toEqual({ ok: true, ports: both });
    expect(input(["53/udp"]).error?.issues[0]?.message).toMatch(/^"53\/udp": type "udp" is not supported: use/);
    expect(input(["8080"]).error?.issues[0]?.message).toMatch(/^"8080": not a port: use/);
});
