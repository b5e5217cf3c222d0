/**
 * Lifecycle actions (docs/novita-api-notes.md#lifecycle-actions). The answers differ, like the real API's:
 * start/stop → `{instanceId, state}` (observed), restart/delete/edit/upgrade/migrate → `{}` (the docs show
 * no body; a JSON body on every success, as clients that always parse the body need).
 */
import { editInstanceParams, instanceIdBody, upgradeInstanceParams } from "../../api/schemas";
import { parseOrThrow } from "../errors";
import { editInstance, performAction, upgradeInstance } from "../instance-ops";
import type { RouteTable } from "./types";

export const actionRoutes: RouteTable = {
    "POST /v1/gpu/instance/start": ({ store, body }) => {
        const inst = performAction(store, "start", parseOrThrow(instanceIdBody, body).instanceId);
        return { body: { instanceId: inst.id, state: inst.status } };
    },
    "POST /v1/gpu/instance/stop": ({ store, body }) => {
        const inst = performAction(store, "stop", parseOrThrow(instanceIdBody, body).instanceId);
        return { body: { instanceId: inst.id, state: inst.status } };
    },
    "POST /v1/gpu/instance/restart": ({ store, body }) => {
        performAction(store, "restart", parseOrThrow(instanceIdBody, body).instanceId);
        return { body: {} };
    },
    "POST /v1/gpu/instance/delete": ({ store, body }) => {
        performAction(store, "delete", parseOrThrow(instanceIdBody, body).instanceId);
        return { body: {} };
    },
    "POST /v1/gpu/instance/migrate": ({ store, body }) => {
        performAction(store, "migrate", parseOrThrow(instanceIdBody, body).instanceId);
        return { body: {} };
    },
    "POST /v1/gpu/instance/edit": ({ store, body }) => {
        editInstance(store, parseOrThrow(editInstanceParams, body));
        return { body: {} };
    },
    "POST /v1/gpu/instance/upgrade": ({ store, body }) => {
        upgradeInstance(store, parseOrThrow(upgradeInstanceParams, body));
        return { body: {} };
    },
};
