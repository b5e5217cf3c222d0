/** The network-storage response schemas read every spelling the sources show (src/api/schemas/network-storage.ts). */
import { createNetworkStorageResponse, listNetworkStoragesResponse, networkStorage, updateNetworkStorageBody } from "../../src/api/schemas/network-storage";

describe("networkStorage (a list item)", () => {
    test.each([
        ["the docs' example", { storageId: "d4e8", storageName: "w", storageSize: 100, clusterId: "5", clusterName: "EU-01", price: "100" }, { size: 100, clusterName: "EU-01", price: "100" }],
        ["size as a numeric string, price as a number", { storageId: "d4e8", storageName: "w", storageSize: "100", clusterId: "5", clusterName: "EU-01", price: 100 }, { size: 100, price: "100" }],
        ["clusterName and price absent or empty", { storageId: "d4e8", storageName: "w", storageSize: 10, clusterId: "5", clusterName: "", price: null }, { clusterName: undefined, price: undefined }],
        ["unknown extra fields", { storageId: "d4e8", storageName: "w", storageSize: 10, clusterId: "5", createTime: "1711995567" }, { id: "d4e8", name: "w" }],
    ])("%s", (_, wire, expected) => {
        expect(networkStorage.parse(wire)).toMatchObject(expected);
    });

    test("an item without a storageId cannot be used", () => {
        expect(networkStorage.safeParse({ storageName: "w", storageSize: 10, clusterId: "5" }).success).toBe(false);
    });

    test("the list: data may be null, total a string", () => {
        expect(listNetworkStoragesResponse.parse({ data: null, total: "0" })).toEqual({ data: [], total: 0 });
    });
});

describe("create's answer", () => {
    test.each([
        ["a bare string (docs)", "d4e82677-3f80-4020-a731-d15b1c589aa8", "d4e82677-3f80-4020-a731-d15b1c589aa8"],
        ["{storageId} (SDK)", { storageId: "abc", storageName: "w" }, "abc"],
        ["{id}", { id: "abc" }, "abc"],
        ["{}", {}, undefined],
        ["an empty body", undefined, undefined],
        ["an empty string", "", undefined],
    ])("%s", (_, wire, id) => {
        expect(createNetworkStorageResponse.parse(wire)).toBe(id);
    });
});

test("update's body: storageSize as an integer (MCP, SDK) or a numeric string (docs); never below 10 GB", () => {
    expect(updateNetworkStorageBody.parse({ storageId: "a", storageName: "w", storageSize: "120" }).storageSize).toBe(120);
    expect(updateNetworkStorageBody.parse({ storageId: "a", storageName: "w", storageSize: 120 }).storageSize).toBe(120);
    expect(updateNetworkStorageBody.safeParse({ storageId: "a", storageName: "w", storageSize: "9" }).success).toBe(false);
});
