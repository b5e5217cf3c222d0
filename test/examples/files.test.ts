/** The example directories and the root stack are complete and well-formed (what a user copies). */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { EXAMPLES } from "./helpers";

const ROOT = path.resolve(__dirname, "../..");
const read = (...p: string[]) => fs.readFileSync(path.join(...p), "utf8");
const PROGRAM_EXAMPLES = ["quickstart", "private-registry", "spot-fallback", "persistent-weights"];

test("every example directory is one of the documented examples", () => {
    expect(fs.readdirSync(EXAMPLES).sort()).toEqual(["github-actions", ...PROGRAM_EXAMPLES].sort());
});

describe.each(PROGRAM_EXAMPLES)("examples/%s", (name) => {
    const dir = path.join(EXAMPLES, name);

    test("Pulumi.yaml: a nodejs project named like its package", () => {
        const project = parse(read(dir, "Pulumi.yaml"));
        expect(project).toMatchObject({ runtime: "nodejs", name: `novita-${name}` });
        expect(JSON.parse(read(dir, "package.json")).name).toBe(project.name);
    });

    test("package.json depends on pulumi-novita and @pulumi/pulumi (at least the peer floor) and runs index.ts", () => {
        const pkg = JSON.parse(read(dir, "package.json"));
        expect(pkg.main).toBe("index.ts");
        expect(pkg.dependencies["pulumi-novita"]).toBe(`^${JSON.parse(read(ROOT, "package.json")).version}`);
        expect(pkg.dependencies["@pulumi/pulumi"]).toBe(JSON.parse(read(ROOT, "package.json")).peerDependencies["@pulumi/pulumi"].replace(">=", "^"));
        expect(pkg.devDependencies.typescript).toMatch(/^\^5\./);
    });

    test("tsconfig.json compiles index.ts to CommonJS (what Pulumi's nodejs runtime loads)", () => {
        const ts = JSON.parse(read(dir, "tsconfig.json"));
        // esModuleInterop: the package's typings include zod's, whose .d.cts files need it under plain tsc (or skipLibCheck).
        expect(ts.compilerOptions).toMatchObject({ module: "commonjs", strict: true, esModuleInterop: true });
        expect(ts.files).toEqual(["index.ts"]);
    });

    test("index.ts is `export = async () => …`, importing the package by name; README shows how to run it", () => {
        const src = read(dir, "index.ts");
        expect(src).toMatch(/^export = async \(\) => \{/m);
        expect(src).toContain('from "pulumi-novita"');
        expect(src).not.toMatch(/from "\.\.?\//); // self-contained: copyable as is
        expect(read(dir, "README.md")).toMatch(/pulumi up/);
    });
});

test("the root stack: Pulumi.yaml runs demo/index.js with the nodejs runtime; the program is CommonJS with @ts-check", () => {
    const project = parse(read(ROOT, "Pulumi.yaml"));
    expect(project).toMatchObject({ name: "pulumi-novita-demo", runtime: "nodejs", main: "demo/index.js" });
    const src = read(ROOT, project.main);
    expect(src.startsWith("// @ts-check\n")).toBe(true);
    expect(src).toContain('require("pulumi-novita")');
    expect(src).toMatch(/^module\.exports = async \(\) => \{/m);
});

describe("examples/github-actions/pulumi.yml", () => {
    const wf = parse(read(EXAMPLES, "github-actions", "pulumi.yml"));
    const pulumiStep = (job: string) => wf.jobs[job].steps.find((s: { uses?: string }) => s.uses?.startsWith("pulumi/actions@"));

    test("runs on pull requests and on pushes to main", () => {
        expect(wf.on.pull_request.branches).toEqual(["main"]);
        expect(wf.on.push.branches).toEqual(["main"]);
        expect(wf.permissions["pull-requests"]).toBe("write");
    });

    test("pull requests: `pulumi preview` with the diff commented on the PR", () => {
        expect(wf.jobs.preview.if).toBe("github.event_name == 'pull_request'");
        expect(pulumiStep("preview").with).toMatchObject({ command: "preview", "comment-on-pr": true, "stack-name": "${{ env.PULUMI_STACK }}" });
    });

    test("main: `pulumi up`, only for pushes to main", () => {
        expect(wf.jobs.up.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
        expect(pulumiStep("up").with).toMatchObject({ command: "up" });
    });

    test("credentials come from repository secrets, and dependencies are installed before Pulumi runs", () => {
        expect(wf.env.NOVITA_API_KEY).toBe("${{ secrets.NOVITA_API_KEY }}");
        expect(wf.env.PULUMI_ACCESS_TOKEN).toBe("${{ secrets.PULUMI_ACCESS_TOKEN }}");
        for (const job of ["preview", "up"]) {
            const steps = wf.jobs[job].steps as { run?: string; uses?: string }[];
            expect(steps.findIndex((s) => s.run === "npm ci")).toBeLessThan(steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@")));
        }
        expect(read(EXAMPLES, "github-actions", "pulumi.yml")).not.toMatch(/sk_[A-Za-z0-9]/); // no literal key
    });
});
