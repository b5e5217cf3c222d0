import { inspect } from "util";
import * as pulumi from "@pulumi/pulumi";
import { DeploymentError, Secret, formatPlan, isSecret, reveal } from "../../src/testing";
import { Item } from "./fixtures/item-provider";
import { items, startStack, type TestStack } from "./fixtures/setup";

let s: TestStack;
beforeEach(async () => (s = await startStack()));
afterEach(() => s.dispose());

const PASSWORD = "hunter2-correct-horse";

/** Records, from inside the program, whether each output is secret as the program sees it. */
function program(seen: Record<string, boolean>) {
    return () => {
        const item = new Item("vault", { name: "vault", password: pulumi.secret(PASSWORD) });
        for (const key of ["password", "token", "etag", "name"] as const) {
            pulumi.isSecret(item[key]).then((v) => (seen[key] = v));
        }
        return { password: item.password, token: item.token, etag: item.etag };
    };
}

test("secret inputs and secret config reach the provider as plaintext", async () => {
    await s.engine.up(program({}));
    const check = s.api.observations.find((o) => o.rpc === "check")!;
    expect(check.news.password).toBe(PASSWORD); // not a secret signature object
    const [apiItem] = s.api.items.values();
    expect(apiItem.password).toBe(PASSWORD);
    // The fake API answers 401 unless the provider sends the secret `test:apiKey` it got through Configure.
    expect(s.api.items.size).toBe(1);
});

test("the program sees the stack config, with secret config values as secrets", async () => {
    const up = await s.engine.up(() => {
        const cfg = new pulumi.Config("test");
        return { url: cfg.require("apiUrl"), key: cfg.requireSecret("apiKey") };
    });
    expect(up.outputs.url).toBe(s.api.url);
    expect(up.outputs.key).toBeInstanceOf(Secret);
    expect(reveal(up.outputs.key)).toBe(s.api.apiKey);
    expect(s.engine.state.find((r) => r.type === "pulumi:pulumi:Stack")!.secretKeys).toEqual(["key"]);
});

test("outputs are secret when a same-named input was secret or they are additionalSecretOutputs", async () => {
    const seen: Record<string, boolean> = {};
    const up = await s.engine.up(program(seen));
    expect(seen).toEqual({ password: true, token: true, etag: false, name: false });
    expect(items(s.engine)[0]).toMatchObject({ secretKeys: ["password", "token"], secretInputKeys: ["password"] });
    expect(up.outputs.password).toBeInstanceOf(Secret);
    expect(reveal(up.outputs.password)).toBe(PASSWORD);
    expect(isSecret(up.outputs.token)).toBe(true);
    expect(typeof up.outputs.etag).toBe("string");

    // still secret when the next up is a "same" step (old outputs kept)
    const seenAgain: Record<string, boolean> = {};
    const again = await s.engine.up(program(seenAgain));
    expect(again.steps.find((x) => x.name === "vault")!.op).toBe("same");
    expect(seenAgain).toEqual({ password: true, token: true, etag: false, name: false });
    expect(again.outputs.token).toBeInstanceOf(Secret);
});

test("formatPlan, printed stack outputs and error messages never contain secret values", async () => {
    const preview = await s.engine.preview(program({}));
    const up = await s.engine.up(program({}));
    const token = String(reveal(up.outputs.token));
    const secrets = [PASSWORD, token, s.api.apiKey];
    expect(token).toMatch(/^tok_/);

    s.api.failNext("PUT", 400, `password ${PASSWORD} rejected for key ${s.api.apiKey}`);
    const failed: DeploymentError = await s.engine
        .up(() => void new Item("vault", { name: "vault", size: 9, password: pulumi.secret(PASSWORD) }))
        .catch((e) => e);
    expect(failed).toBeInstanceOf(DeploymentError);
    expect(failed.message).toContain("password [secret] rejected for key [secret]");

    const printed = [
        formatPlan(preview),
        formatPlan(up),
        formatPlan(failed.result),
        failed.message,
        inspect(up.outputs, { depth: 10 }),
        JSON.stringify(up.outputs),
        `${up.outputs.password}`,
        JSON.stringify(up.diagnostics),
        JSON.stringify(failed.result.diagnostics),
        JSON.stringify(failed.result.steps),
    ].join("\n");
    for (const secret of secrets) expect(printed).not.toContain(secret);
    expect(formatPlan(up)).toMatch(/password\s*: \[secret\]/);
    expect(formatPlan(up)).toMatch(/token\s*: \[secret\]/);
});
