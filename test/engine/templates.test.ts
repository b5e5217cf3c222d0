/** Templates: image, ports, envs, command and disk size are defaults under explicit inputs. */
import * as novita from "../../src";
import { startNovitaStack, type NovitaStack } from "./harness";

let s: NovitaStack;
beforeEach(async () => (s = await startNovitaStack()));
afterEach(() => s.dispose());

const program = (extra: Partial<novita.GpuInstanceArgs> = {}) => () => void new novita.GpuInstance("nb", { productId: "4090.16c62g", templateId: "1", ...extra });

test("an instance from a template runs the template's image, ports, envs, command and disk", async () => {
    await s.engine.up(program());
    const i = s.sim.instance(s.byName("nb").id)!;
    expect(i).toMatchObject({ imageUrl: "pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime", command: "jupyter lab --allow-root --ip=0.0.0.0 --port=8888", rootfsSize: 60 });
    expect(i.ports).toEqual([{ port: 8888, type: "http" }]);
    expect(i.envs).toEqual([{ key: "JUPYTER_ENABLE_LAB", value: "yes" }]);
    expect(s.byName("nb").outputs.templateId).toBe("1");
});

test("template defaults never show as changes, before or after a refresh", async () => {
    await s.engine.up(program());
    expect((await s.engine.up(program())).steps.find((x) => x.name === "nb")!.op).toBe("same");
    await s.engine.refresh();
    expect((await s.engine.up(program())).steps.find((x) => x.name === "nb")!.op).toBe("same");
});

test("explicit values override the template; envs merge by key", async () => {
    await s.engine.up(program({ envs: { EXTRA: "1" }, rootfsSize: 80 }));
    const i = s.sim.instance(s.byName("nb").id)!;
    expect(i.rootfsSize).toBe(80);
    expect(i.envs).toEqual([{ key: "EXTRA", value: "1" }, { key: "JUPYTER_ENABLE_LAB", value: "yes" }]);
    const up = await s.engine.up(program({ envs: { EXTRA: "1", JUPYTER_ENABLE_LAB: "no" }, rootfsSize: 80 }));
    expect(up.steps.find((x) => x.name === "nb")).toMatchObject({ op: "update", changedKeys: ["envs"] });
    expect(s.sim.instance(s.byName("nb").id)!.envs).toContainEqual({ key: "JUPYTER_ENABLE_LAB", value: "no" });
});

test("an unknown template is a clear error and creates nothing", async () => {
    const err = await s.engine.up(program({ templateId: "999" })).catch((e) => e);
    expect(err.message).toMatch(/TEMPLATE_NOT_FOUND/);
    expect(s.sim.instances()).toHaveLength(0);
});
