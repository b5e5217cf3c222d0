/** Each create, update and delete runs under the deadline of its resource's `timeouts` (src/provider/deadline.ts). */
import { currentDeadline, latestDeadline } from "../../src/api/deadline";
import { operationDeadline, withOperationDeadlines } from "../../src/provider/deadline";

const DEFAULTS = { create: "15m", update: "15m", delete: "10m" };

beforeEach(() => (process.env.NOVITA_TIME_SCALE = "0.001"));
afterEach(() => delete process.env.NOVITA_TIME_SCALE);

test("the deadline is the operation's timeout in API time, scaled to real time, labelled as the user wrote it", () => {
    expect(operationDeadline("create", { timeouts: { create: "20m" } }, DEFAULTS, 1_000)).toEqual({ at: 1_000 + 1_200_000 * 0.001, label: 'timeouts.create "20m"' });
    expect(operationDeadline("delete", {}, DEFAULTS, 0)).toEqual({ at: 600, label: 'timeouts.delete "10m"' });
    // A malformed value (check rejects it earlier) falls back to the default; no default and no value: none.
    expect(operationDeadline("update", { timeouts: { update: "soon" } }, DEFAULTS, 0)?.label).toBe('timeouts.update "15m"');
    expect(operationDeadline("create", { timeouts: {} }, { delete: "5m" }, 0)).toBeUndefined();
});

test("create, update and delete see their deadline; read and the other methods none", async () => {
    const seen: Record<string, string | undefined> = {};
    const provider = {
        async create(_inputs: unknown) { seen.create = currentDeadline()?.label; },
        async update(_id: string, _olds: unknown, _news: unknown) { seen.update = currentDeadline()?.label; },
        async delete(_id: string, _props: unknown) { seen.delete = currentDeadline()?.label; },
        async read(_id: string, _props: unknown) { seen.read = currentDeadline()?.label; },
    };
    const timed = withOperationDeadlines(provider, DEFAULTS);
    await timed.create({ timeouts: { create: "1h" } });
    await timed.update("id", { timeouts: { update: "1m" } }, { timeouts: { update: "2m" } });
    await timed.delete("id", { timeouts: { delete: "30s" } });
    await timed.read("id", {});
    expect(seen).toEqual({ create: 'timeouts.create "1h"', update: 'timeouts.update "2m"', delete: 'timeouts.delete "30s"', read: undefined });
});

test("a request shared by several operations gets the latest deadline, and none if one of them has none", () => {
    const a = { at: 1, label: "a" };
    const b = { at: 2, label: "b" };
    expect(latestDeadline([a, b, a])).toBe(b);
    expect(latestDeadline([a, undefined])).toBeUndefined();
    expect(latestDeadline([])).toBeUndefined();
});
