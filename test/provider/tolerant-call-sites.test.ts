/**
 * Where the provider reads what the tolerant client lets through: a template port of a type a create cannot send
 * (`udp`) is not an instance default, a refreshed instance that reports no `gpuNum` keeps the stored one, and the
 * outputs keep the placement that was asked for where the instance reports none.
 */
import * as S from "../../src/api/schemas";
import type { GpuInstanceInputs } from "../../src/provider/gpu-instance/inputs";
import { buildOutputs, portsOf, refreshedOutputs } from "../../src/provider/gpu-instance/outputs";
import type { StoredOutputs } from "../../src/provider/gpu-instance/plan";
import { templateDefaultsOf } from "../../src/provider/gpu-instance/template";

test("a template with a udp port gives its http and tcp ports as defaults and leaves the udp one out", () => {
    const t = S.template.parse({ Id: "7", name: "dns", image: "coredns", rootfsSize: 20, ports: [{ type: "udp", ports: [53] }, { type: "tcp", ports: [22] }, { type: "http", ports: ["8080"] }] });
    expect(templateDefaultsOf(t).ports).toEqual([{ port: 22, type: "tcp" }, { port: 8080, type: "http" }]);
});

test("an instance's udp port mapping is reported but is not read back as a port input", () => {
    const i = S.instance.parse({ id: "a", status: "running", portMappings: [{ port: 53, type: "udp" }, { port: 22, type: "tcp" }] });
    expect(portsOf(i)).toEqual([{ port: 22, type: "tcp" }]);
    expect(i.portMappings.map((p) => p.type)).toEqual(["udp", "tcp"]);
});

test("a refresh of an instance whose gpuNum reads as absent keeps the stored gpuNum", () => {
    const old = { name: "x", gpuNum: 2, imageUrl: "nginx", envs: [], ports: [], state: "running" } as unknown as StoredOutputs & Record<string, unknown>;
    const i = S.instance.parse({ id: "a", name: "x", status: "running", gpuNum: "" });
    expect(refreshedOutputs(old, i).gpuNum).toBe(2);
});

test('outputs keep the cluster and billing mode asked for where the instance answers clusterId: null and billingMode: ""', () => {
    const desired = { name: "x", productId: "4090.16c62g", clusterId: "as-sgp-2", billingMode: "spot", gpuNum: 1, envs: [], ports: [], state: "running" } as unknown as GpuInstanceInputs;
    const i = S.instance.parse({ id: "a", name: "x", status: "running", clusterId: null, billingMode: "", productId: "" });
    expect(buildOutputs(desired, i, {})).toMatchObject({ clusterId: "as-sgp-2", billingMode: "spot", productId: "4090.16c62g" });
    const reported = S.instance.parse({ id: "a", name: "x", status: "running", clusterId: "us-ca-6", billingMode: "onDemand", productId: "p2" });
    expect(buildOutputs(desired, reported, {})).toMatchObject({ clusterId: "us-ca-6", billingMode: "onDemand", productId: "p2" });
});
