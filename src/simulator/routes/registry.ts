/**
 * Container registry auths (docs/novita-api-notes.md#registry-auths): passwords are listed in clear (as documented), save
 * answers `{}` without the new id, duplicate names are accepted (unknown in reality: stay permissive).
 */
import { deleteRegistryAuthBody, saveRegistryAuthBody } from "../../api/schemas";
import { ApiError, notFound, parseOrThrow } from "../errors";
import { quirkRegistryAuth } from "../quirks";
import type { RouteTable } from "./types";

export const registryRoutes: RouteTable = {
    "GET /v1/repository/auths": ({ store }) => ({ body: { data: store.auths.map((a) => (store.config.quirks ? quirkRegistryAuth({ ...a }) : { ...a })) } }),

    "POST /v1/repository/auth/save": ({ store, body }) => {
        const b = parseOrThrow(saveRegistryAuthBody, body);
        let id = store.ids.registryAuthId();
        while (store.auths.some((a) => a.id === id)) id = store.ids.registryAuthId();
        store.auths.push({ id, name: b.name, username: b.username, password: b.password });
        return { body: {} };
    },

    "POST /v1/repository/auth/delete": ({ store, body }) => {
        const { id } = parseOrThrow(deleteRegistryAuthBody, body);
        const i = store.auths.findIndex((a) => a.id === id);
        if (i < 0) throw notFound(store.config.notFoundStatus, "image auth");
        if (store.authInUse(id)) throw new ApiError(400, "IMAGE_AUTH_IN_USE", "Image authentication in use");
        store.auths.splice(i, 1);
        return { body: {} };
    },
};
