import * as path from "path";
import { PACKAGE_ROOT } from "../../src/testing";
import { Greeting, OwnPackage } from "./fixtures/linked-provider";
import { startStack, type TestStack } from "./fixtures/setup";

let s: TestStack | undefined;
afterEach(() => s?.dispose());

test("provider code resolves this package by name from any provider cwd (default linkPackages)", async () => {
    expect(require(path.join(PACKAGE_ROOT, "package.json")).name).toBe("pulumi-novita");
    s = await startStack({ providerCwd: "/" }); // nothing resolvable from "/" except through the link
    const up = await s.engine.up(() => ({ resolved: new OwnPackage("own").resolved }));
    expect(up.outputs).toEqual({ resolved: "pulumi-novita" });
});

test("linkPackages makes other packages resolvable, and only those", async () => {
    const greeterDir = path.join(__dirname, "fixtures", "offline-greeter");
    s = await startStack({ providerCwd: "/", linkPackages: { "offline-greeter": greeterDir } });
    const up = await s.engine.up(() => ({ resolved: new Greeting("g", "world").resolved }));
    expect(up.outputs).toEqual({ resolved: "hello world" });
    await s.dispose();

    s = await startStack({ providerCwd: "/", linkPackages: {} });
    const err = await s.engine.up(() => void new Greeting("g", "world")).catch((e) => e);
    expect(err.message).toContain("Cannot find module 'offline-greeter'");
});
