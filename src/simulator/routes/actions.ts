/**
 * Lifecycle actions (docs/novita-api-notes.md#lifecycle-actions). The answers differ, like the real API's:
 * start/stop → `{instanceId, state}` (observed), restart/delete/edit/upgrade/migrate → `{}` (the docs show
 * no body; a JSON body on every success, as clients that always parse the body need). An instance made outside
 * Pulumi (../outside.ts) can only be deleted.
 */
import { editInstanceParams, instanceIdBody, upgradeInstanceParams } from "../../api/schemas";
import { parseOrThrow } from "../errors";
import { editInstance, performAction, upgradeInstance } from "../instance-ops";
import { outsideAction } from "../outside";
import type { Ctx, Reply, RouteTable } from "./types";

/** Parses the body and answers for an outside instance, or hands the parsed body on. */
const act =
    <B extends { instanceId: string }>(parse: (body: unknown) => B, verb: string, run: (ctx: Ctx, body: B) => Reply) =>
    (ctx: Ctx): Reply => {
        const body = parse(ctx.body);
        return outsideAction(ctx.store, body.instanceId, verb) ?? run(ctx, body);
    };
const idBody = (b: unknown) => parseOrThrow(instanceIdBody, b);

export const actionRoutes: RouteTable = {
    "POST /v1/gpu/instance/start": act(idBody, "start", ({ store }, b) => {
        const inst = performAction(store, "start", b.instanceId);
        return { body: { instanceId: inst.id, state: inst.status } };
    }),
    "POST /v1/gpu/instance/stop": act(idBody, "stop", ({ store }, b) => {
        const inst = performAction(store, "stop", b.instanceId);
        return { body: { instanceId: inst.id, state: inst.status } };
    }),
    "POST /v1/gpu/instance/restart": act(idBody, "restart", ({ store }, b) => {
        performAction(store, "restart", b.instanceId);
        return { body: {} };
    }),
    "POST /v1/gpu/instance/delete": act(idBody, "delete", ({ store }, b) => {
        performAction(store, "delete", b.instanceId);
        return { body: {} };
    }),
    "POST /v1/gpu/instance/migrate": act(idBody, "migrate", ({ store }, b) => {
        performAction(store, "migrate", b.instanceId);
        return { body: {} };
    }),
    "POST /v1/gpu/instance/edit": act((b) => parseOrThrow(editInstanceParams, b), "edit", ({ store }, b) => {
        editInstance(store, b);
        return { body: {} };
    }),
    "POST /v1/gpu/instance/upgrade": act((b) => parseOrThrow(upgradeInstanceParams, b), "upgrade", ({ store }, b) => {
        upgradeInstance(store, b);
        return { body: {} };
    }),
};
