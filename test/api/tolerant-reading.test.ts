/**
 * The tolerance rules of src/api/schemas/primitives.ts, proved on a table of real-world shapes: what the real
 * API is known or suspected to send (docs/novita-api-notes.md#typing-quirks) and what items made outside
 * Pulumi look like. Each row says which fields must still be read, and how.
 */
import * as S from "../../src/api/schemas";

/** A well-formed list item, as the simulator encodes a Pulumi-made instance. */
const base = {
    id: "b8f3a01378654e93", name: "trainer", clusterId: "as-sgp-2", clusterName: "AS-SGP-02", status: "running",
    imageUrl: "nginx", imageAuthId: "", command: "", entrypoint: "", cpuNum: "16", memory: "62", gpuNum: "1",
    portMappings: [{ port: 8888, type: "http" }], productId: "4090.16c62g", productName: "RTX 4090 24GB", rootfsSize: 60,
    volumeMounts: [{ type: "local", size: "60", mountPath: "/workspace" }], envs: [], kind: "gpu", billingMode: "onDemand",
    endTime: "-1", spotStatus: "", spotReclaimTime: "0", createdAt: "1711995567",
};

describe("an instance is read whatever else is odd about it, as long as its id parses", () => {
    const rows: [string, Record<string, unknown>, Record<string, unknown>][] = [
        [
            "made in the console (no product, template id, connection components, unknown extras)",
            {
                ...base, id: "07ed667185a895bb", name: "", productId: "", productName: "", templateId: "212", imageAuthId: null,
                connectComponentSSH: { sshCommand: "ssh root@proxy", password: "x", isRunning: true }, gpuIds: [0], releaseDataAt: "0",
                node: [{ maxRootfsSize: 100 }], jobs: [], network: { id: "", ip: "" },
            },
            { id: "07ed667185a895bb", name: "", productId: undefined, templateId: "212", imageAuthId: undefined, network: { id: undefined, ip: undefined } },
        ],
        ["a CPU instance: kind cpu, no gpuNum", { ...base, kind: "cpu", gpuNum: undefined, productId: "cpu.4c8g" }, { kind: "cpu", gpuNum: undefined, productId: "cpu.4c8g" }],
        ['gpuNum: ""', { ...base, gpuNum: "" }, { gpuNum: undefined, cpuNum: 16 }],
        ["clusterId: null", { ...base, clusterId: null, clusterName: null }, { clusterId: undefined, clusterName: undefined }],
        ["an unknown status", { ...base, status: "hibernating" }, { status: "hibernating" }],
        ["a status that is absent", { ...base, status: undefined }, { status: "" }],
        ["an unknown port type (udp)", { ...base, portMappings: [{ port: 5353, type: "udp" }, { port: "22", type: "tcp" }] }, { portMappings: [{ port: 5353, type: "udp" }, { port: 22, type: "tcp" }] }],
        ["an unknown kind, billing mode and spot status", { ...base, kind: "tpu", billingMode: "weekly", spotStatus: "parked" }, { kind: "tpu", billingMode: "weekly", spotStatus: "parked" }],
        ['empty strings for absent enums (billingMode: "", spotStatus: "")', { ...base, billingMode: "", spotStatus: "", kind: "" }, { billingMode: undefined, spotStatus: undefined, kind: undefined }],
        ["numbers as numbers where the docs say strings", { ...base, gpuNum: 2, cpuNum: 32, memory: 124, createdAt: 1711995567, rootfsSize: "80" }, { gpuNum: 2, cpuNum: 32, memory: 124, rootfsSize: 80, createdAt: new Date(1711995567 * 1000) }],
        ["Id instead of id", { ...base, id: undefined, Id: "3560b7fec915bbf9" }, { id: "3560b7fec915bbf9" }],
        ["a numeric id", { ...base, id: 1234567 }, { id: "1234567" }],
        ["extra unknown fields of every type", { ...base, futureField: { a: [1, 2] }, another: null, flag: true }, { name: "trainer", status: "running" }],
        ["null lists and a null status error", { ...base, portMappings: null, volumeMounts: null, envs: null, statusError: null }, { portMappings: [], volumeMounts: [], envs: [], statusError: undefined }],
        ["fields of the wrong type are dropped, not fatal", { ...base, gpuNum: "two", imageUrl: 42, createdAt: "yesterday", network: "none", statusError: "bad" }, { gpuNum: undefined, imageUrl: undefined, createdAt: undefined, network: undefined, statusError: undefined }],
        ["unreadable entries of nested lists are dropped", { ...base, portMappings: [{ port: "ssh" }, { port: 80, type: "http" }], envs: [{ value: "no key" }, { key: "A", value: null }] }, { portMappings: [{ port: 80, type: "http" }], envs: [{ key: "A", value: "" }] }],
        ["a name that is a number", { ...base, name: 42 }, { name: "42" }],
    ];

    test.each(rows)("%s", (_title, wire, expected) => {
        const r = S.instance.safeParse(wire);
        expect(r.success).toBe(true);
        expect(r.data).toMatchObject(expected);
        for (const [k, v] of Object.entries(expected)) if (v === undefined) expect(r.data![k as keyof S.Instance]).toBeUndefined();
    });

    test("the whole table read as one list: every item kept, nothing skipped", () => {
        const r = S.listInstancesResponse.parse({ instances: rows.map(([, wire]) => wire), total: String(rows.length) });
        expect(r.instances.items).toHaveLength(rows.length);
        expect(r.instances.skipped).toEqual([]);
        expect(r.total).toBe(rows.length);
    });

    test.each([
        ["no id at all", { ...base, id: undefined }, { id: undefined, name: "trainer", field: "id" }],
        ["an empty id", { ...base, id: "" }, { id: undefined, name: "trainer", field: "id" }],
        ["a null id", { ...base, id: null, name: "console-box" }, { id: undefined, name: "console-box", field: "id" }],
        ["not an object", "b8f3a01378654e93", { id: undefined, name: undefined, field: "" }],
    ])("an item with %s is skipped and reported with what could be read of it", (_title, odd, report) => {
        const r = S.listInstancesResponse.parse({ instances: [base, odd, { ...base, id: "3560b7fec915bbf9" }] });
        expect(r.instances.items.map((i) => i.id)).toEqual(["b8f3a01378654e93", "3560b7fec915bbf9"]);
        expect(r.instances.skipped).toEqual([{ index: 1, ...report, message: expect.any(String) }]);
    });

    test("a list that is not a list fails the response (not one item: the envelope is wrong)", () => {
        expect(S.listInstancesResponse.safeParse({ instances: { id: "x" } }).success).toBe(false);
        expect(S.listInstancesResponse.parse({}).instances).toEqual({ items: [], skipped: [] });
        expect(S.listInstancesResponse.parse({ instances: null }).instances.items).toEqual([]);
    });
});

describe("templates, products, clusters and registry auths follow the same rules", () => {
    const template = { Id: "212", name: "PyTorch", image: "pytorch/pytorch", rootfsSize: 60, ports: [{ type: "http", ports: [8888] }], envs: [] };

    test("a template port of an unknown type (udp) is kept as a string, not a failure", () => {
        const t = S.template.parse({ ...template, ports: [{ type: "udp", ports: ["5353"] }, { type: "http", ports: [8888] }] });
        expect(t.ports).toEqual([{ type: "udp", ports: [5353] }, { type: "http", ports: [8888] }]);
    });

    test("a template with id instead of Id, a numeric Id, string sizes and extra fields", () => {
        expect(S.template.parse({ ...template, Id: undefined, id: "99" }).id).toBe("99");
        const t = S.template.parse({ ...template, Id: 212, rootfsSize: "60", tools: [{ name: "Jupyter", port: 8888 }], logo: "x.png", imageAuth: null });
        expect(t).toMatchObject({ id: "212", rootfsSize: 60, imageAuthId: undefined });
    });

    test("a list of templates skips the one without an id", () => {
        const r = S.listTemplatesResponse.parse({ template: [template, { ...template, Id: null, name: "ghost" }], total: "2" });
        expect(r.template.items.map((t) => t.id)).toEqual(["212"]);
        expect(r.template.skipped).toMatchObject([{ index: 1, name: "ghost", field: "Id" }]);
    });

    const product = { id: "4090.16c62g", name: "RTX 4090 24GB", cpuPerGpu: "16", memoryPerGpu: "62", availableDeploy: true, price: "35000", regions: ["AS-SGP-02 (Singapore)"] };

    test.each([
        ['availableDeploy as "True" (any case)', { availableDeploy: "True" }, { availableDeploy: true }],
        ['spotPrice: "" and inventoryState: ""', { spotPrice: "", inventoryState: "" }, { spotPricePerHour: undefined, inventoryState: undefined }],
        ["an unknown inventory state and billing method", { inventoryState: "plenty", billingMethods: ["onDemand", "weekly"] }, { inventoryState: "plenty", billingMethods: ["onDemand", "weekly"] }],
        ["optional numbers that cannot be read", { maxRootFS: "lots", diskPerGpu: null, spotPrice: "n/a" }, { maxRootFS: undefined, diskPerGpu: undefined, spotPricePerHour: undefined }],
        ["a null regions list", { regions: null }, { regions: [] }],
    ])("a product with %s is read", (_t, patch, expected) => {
        expect(S.product.parse({ ...product, ...patch })).toMatchObject(expected);
    });

    test.each([
        ["price", { price: "" }],
        ["price", { price: "call us" }],
        ["availableDeploy", { availableDeploy: "maybe" }],
        ["id", { id: null }],
    ])("a product whose %s cannot be read is skipped (selection cannot rank it)", (field, patch) => {
        const r = S.listProductsResponse.parse({ data: [product, { ...product, ...patch }] });
        expect(r.data.items).toHaveLength(1);
        expect(r.data.skipped).toMatchObject([{ index: 1, field }]);
    });

    test("a cluster with extra fields, a placeholder object for its GPU types and string booleans", () => {
        const c = S.cluster.parse({ id: "as-sgp-2", name: "AS-SGP-02", availableGpuType: {}, supportNetworkStorage: "TRUE", region: "asia", zones: [1] });
        expect(c).toEqual({ id: "as-sgp-2", name: "AS-SGP-02", availableGpuType: [], supportNetworkStorage: true, supportInstanceNetwork: false });
    });

    test("a registry auth with Id, a null username and extra fields", () => {
        const r = S.listRegistryAuthsResponse.parse({ data: [{ Id: "75irlsvvsehnqdajg2r481mjk54ecodc", name: "ghcr", username: null, password: "p", registryUrl: "ghcr.io" }, { name: "no id" }] });
        expect(r.data.items).toEqual([{ id: "75irlsvvsehnqdajg2r481mjk54ecodc", name: "ghcr", username: "", password: "p" }]);
        expect(r.data.skipped).toMatchObject([{ index: 1, name: "no id", field: "id" }]);
    });

    test("a create answer with Id instead of id", () => {
        expect(S.createInstanceResponse.parse({ Id: "b8f3a01378654e93" })).toEqual({ id: "b8f3a01378654e93" });
    });

    test.each([[{ instanceId: 12, state: "toStart", extra: 1 }, { instanceId: "12", state: "toStart" }], [[1, 2], {}], ["OK", {}], [{ instanceId: null }, { instanceId: undefined, state: undefined }]])(
        "an action answer of %p reads as accepted",
        (body, expected) => {
            expect(S.actionResponse.parse(body)).toEqual(expected);
        },
    );
});
