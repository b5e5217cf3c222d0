/**
 * The scenario of test/cli/engine-rules-options.test.ts (run there under the real Pulumi CLI), offline: an alias
 * rename of a protected GpuInstance is no change; removing `protect` and replacing it happen in one `up`; the
 * replacement is checked with the program's image although `ignoreChanges` lists it.
 */
import * as novita from "../../src";
import { GPU, startNovitaStack, type NovitaStack } from "./harness";

let s: NovitaStack;
beforeEach(async () => (s = await startNovitaStack()));
afterEach(() => s.dispose());

interface Knobs {
    gpuName?: string;
    protect?: boolean;
    ignoreChanges?: string[];
    image?: string;
    gpuNum?: number;
}

const program = (k: Knobs) => () =>
    void new novita.GpuInstance(
        k.gpuName ?? "gpu",
        { name: "options-gpu", productId: "4090.16c62g", imageUrl: k.image ?? "nginx:1.27", gpuNum: k.gpuNum ?? 1 },
        { protect: k.protect ?? false, ignoreChanges: k.ignoreChanges ?? [], aliases: k.gpuName ? [{ name: "gpu" }] : undefined },
    );

test("an alias rename is `same`; then unprotect + replace in one up, the replacement checked with the program's image despite ignoreChanges", async () => {
    await s.engine.up(program({ protect: true }));
    const [first] = s.sim.instances();

    const rename = await s.engine.up(program({ gpuName: "renamed", protect: true }));
    expect(rename.steps.filter((x) => x.type === GPU).map((x) => [x.name, x.op, x.id])).toEqual([["renamed", "same", first.id]]);
    expect(s.resources(GPU).map((r) => [r.name, r.id, r.protect])).toEqual([["renamed", first.id, true]]);

    const knobs: Knobs = { gpuName: "renamed", protect: false, ignoreChanges: ["imageUrl"], image: "nginx:1.28", gpuNum: 2 };
    expect((await s.engine.preview(program(knobs))).steps.find((x) => x.name === "renamed")!.op).toBe("replace");
    await s.engine.up(program(knobs));
    const running = s.sim.instances().filter((i) => i.status === "running");
    expect(running.map((i) => [i.id === first.id, i.gpuNum, i.imageUrl])).toEqual([[false, 2, "nginx:1.28"]]);
    expect(s.byName("renamed").inputs).toMatchObject({ imageUrl: "nginx:1.28", gpuNum: 2 });
    expect(s.byName("renamed").protect).toBeFalsy();
    s.assertInstancesMatchState();
    await s.engine.destroy();
});
