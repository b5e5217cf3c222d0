import * as S from "../../src/api/schemas";
import { unitsToUsd, usdToUnits } from "../../src/api/units";

describe("response normalisation of the real API's quirks", () => {
    test("a product with prices as numeric strings becomes USD per GPU-hour numbers", () => {
        // Shape of the "verified live" fixture in docs/novita-api-notes.md#products.
        const p = S.product.parse({
            id: "4090.16c62g", name: "RTX 4090 24GB", cpuPerGpu: "16", memoryPerGpu: 62, diskPerGpu: 0,
            availableDeploy: true, minRootFS: 10, maxRootFS: "6144", minLocalStorage: 0, maxLocalStorage: 0,
            regions: ["AS-SGP-02 (Singapore)"], price: "35000", spotPrice: "17500",
            monthlyPrice: [{ price: 18000000, month: 1 }], billingMethods: ["onDemand", "spot"], inventoryState: "normal",
        });
        expect(p.pricePerHour).toBe(0.35);
        expect(p.spotPricePerHour).toBe(0.175);
        expect(p.cpuPerGpu).toBe(16);
        expect(p.maxRootFS).toBe(6144);
        expect(p.monthlyPrices).toEqual([{ month: 1, pricePerMonth: 180 }]);
        expect(p).not.toHaveProperty("price");
    });

    test("a product price sent as a JSON integer is accepted too (docs type it as integer)", () => {
        const p = S.product.parse({ id: "x", name: "X", cpuPerGpu: 8, memoryPerGpu: 32, availableDeploy: false, price: 67000, regions: [] });
        expect(p.pricePerHour).toBe(0.67);
        expect(p.spotPricePerHour).toBeUndefined();
    });

    test("an empty spotPrice and empty enums normalise to undefined", () => {
        const p = S.product.parse({ id: "x", name: "X", cpuPerGpu: 8, memoryPerGpu: 32, availableDeploy: true, price: "1", spotPrice: "", inventoryState: "" });
        expect(p.spotPricePerHour).toBeUndefined();
        expect(p.inventoryState).toBeUndefined();
    });

    test("an instance with string numbers, Unix-second strings and empty enums is normalised", () => {
        const i = S.instance.parse({
            id: "b8f3a01378654e93", name: "trainer", clusterId: "as-sgp-2", clusterName: "AS-SGP-02", status: "running",
            imageUrl: "nginx", imageAuthId: "", command: "", entrypoint: "", cpuNum: "16", memory: "62", gpuNum: "2",
            portMappings: [{ port: 8888, endpoint: "https://b8f3a01378654e93-8888.as-sgp-2.gpu-instance.novita.ai", type: "http" }],
            volumeMounts: [{ type: "local", size: "60", mountPath: "/workspace" }],
            envs: [{ key: "A", value: "1" }], billingMode: "", endTime: "-1", spotStatus: "", spotReclaimTime: "0",
            createdAt: "1711995567", rootfsSize: 60, statusError: { state: "", message: "" },
        });
        expect(i.gpuNum).toBe(2);
        expect(i.cpuNum).toBe(16);
        expect(i.memory).toBe(62);
        expect(i.imageAuthId).toBeUndefined();
        expect(i.command).toBeUndefined();
        expect(i.billingMode).toBeUndefined();
        expect(i.spotStatus).toBeUndefined();
        expect(i.endTime).toBeUndefined();
        expect(i.spotReclaimTime).toBeUndefined();
        expect(i.createdAt).toEqual(new Date(1711995567 * 1000));
        expect(i.volumeMounts[0]!.size).toBe(60);
        expect(i.statusError).toBeUndefined();
    });

    test("an unknown future status is kept rather than rejected", () => {
        const i = S.instance.parse({ id: "a", clusterId: "c", status: "hibernating", imageUrl: "x", gpuNum: "1" });
        expect(i.status).toBe("hibernating");
        expect(i.portMappings).toEqual([]);
        expect(i.envs).toEqual([]);
    });

    test("a template's capital Id and imageAuth are normalised to id and imageAuthId", () => {
        const t = S.template.parse({
            Id: "212", name: "PyTorch", image: "pytorch/pytorch", imageAuth: "", startCommand: "",
            rootfsSize: 60, ports: [{ type: "http", ports: ["8888"] }], envs: [{ key: "K", value: "v" }], createdAt: "1711995567",
        });
        expect(t.id).toBe("212");
        expect(t.imageAuthId).toBeUndefined();
        expect(t.ports).toEqual([{ type: "http", ports: [8888] }]);
    });

    test.each([[undefined], [null], [""], [{}], [{ instanceId: "a", state: "toStart" }]])(
        "an action response of %p is accepted",
        (body) => {
            expect(() => S.actionResponse.parse(body)).not.toThrow();
        },
    );

    // Behaviour changed by issue #12: one unreadable item no longer fails the whole list; it is skipped and the
    // failing field is still named (relative to the item).
    test("a product whose essential number is not numeric is skipped, naming the field, and the list still parses", () => {
        const r = S.listProductsResponse.safeParse({
            data: [
                { id: "x", name: "X", cpuPerGpu: "many", memoryPerGpu: 1, availableDeploy: true, price: 1 },
                { id: "y", name: "Y", cpuPerGpu: 8, memoryPerGpu: 1, availableDeploy: true, price: 1 },
            ],
        });
        expect(r.success).toBe(true);
        expect(r.data!.data.items.map((p) => p.id)).toEqual(["y"]);
        expect(r.data!.data.skipped).toEqual([{ index: 0, id: "x", name: "X", field: "cpuPerGpu", message: expect.any(String) }]);
    });
});

describe("request limits (shared by client, simulator and provider)", () => {
    const base = { productId: "p", gpuNum: 1, rootfsSize: 60, imageUrl: "nginx", kind: "gpu" as const };

    test.each([
        ["gpuNum", { gpuNum: 9 }],
        ["gpuNum", { gpuNum: 0 }],
        ["rootfsSize", { rootfsSize: 9 }],
        ["rootfsSize", { rootfsSize: 6145 }],
        ["imageUrl", { imageUrl: "" }],
        ["imageUrl", { imageUrl: "x".repeat(501) }],
        ["envs", { envs: Array.from({ length: 101 }, (_, i) => ({ key: `K${i}`, value: "" })) }],
        ["envs.0.key", { envs: [{ key: "k".repeat(512), value: "" }] }],
        ["envs.0.value", { envs: [{ key: "k", value: "v".repeat(4096) }] }],
        ["ports.0.port", { ports: [{ port: 2222, type: "tcp" }] }],
        ["ports.0.port", { ports: [{ port: 70000, type: "tcp" }] }],
        ["ports", { ports: Array.from({ length: 16 }, (_, i) => ({ port: 8000 + i, type: "http" })) }],
        ["kind", { kind: "tpu" }],
        ["billingMode", { billingMode: "hourly" }],
        ["command", { command: "c".repeat(2048) }],
    ])("createInstanceParams rejects a bad %s", (field, patch) => {
        const r = S.createInstanceParams.safeParse({ ...base, ...patch });
        expect(r.success).toBe(false);
        expect(r.error!.issues.map((i) => i.path.join("."))).toContain(field);
    });

    test("ports plus tools share one budget of 15", () => {
        const ports = Array.from({ length: 14 }, (_, i) => ({ port: 8000 + i, type: "http" as const }));
        const tools = [{ name: "Jupyter", port: "8888", type: "http" as const }, { name: "ssh", port: "22", type: "tcp" as const }];
        expect(S.createInstanceParams.safeParse({ ...base, ports, tools }).success).toBe(false);
        expect(S.createInstanceParams.safeParse({ ...base, ports, tools: tools.slice(0, 1) }).success).toBe(true);
    });

    test("the create wire body's comma-separated ports are parsed and held to the same port rules", () => {
        expect(S.createInstanceBody.parse({ ...base, ports: "80/http, 3306/tcp" }).ports).toEqual([
            { port: 80, type: "http" },
            { port: 3306, type: "tcp" },
        ]);
        const bad = S.createInstanceBody.safeParse({ ...base, ports: "2223/tcp" });
        expect(bad.success).toBe(false);
        expect(S.createInstanceBody.safeParse({ ...base, ports: "80/udp" }).success).toBe(false);
    });

    test("encodePorts and decodePorts round-trip", () => {
        const ports = [{ port: 8888, type: "http" as const }, { port: 22, type: "tcp" as const }];
        const text = S.encodePorts(ports);
        expect(text).toBe("8888/http,22/tcp");
        expect(S.decodePorts(text)).toEqual({ ok: true, ports });
    });

    test("list query integers accept numeric strings (how they arrive on the wire)", () => {
        expect(S.listInstancesQuery.parse({ pageSize: "10", pageNum: "0" })).toEqual({ pageSize: 10, pageNum: 0 });
        expect(S.listInstancesQuery.safeParse({ pageSize: "ten", pageNum: 0 }).success).toBe(false);
        expect(S.listProductsQuery.safeParse({ gpuNum: "9" }).success).toBe(false);
    });
});

describe("price units", () => {
    test("1e-5 USD per GPU-hour converts both ways without float dust", () => {
        expect(unitsToUsd(35000)).toBe(0.35);
        expect(unitsToUsd(17500)).toBe(0.175);
        expect(usdToUnits(0.35)).toBe(35000);
        expect(usdToUnits(unitsToUsd(123457))).toBe(123457);
    });
});
