/**
 * Templates (docs/novita-api-notes.md#templates): capital `Id` (numeric string), `createdAt` in Unix seconds as a string,
 * get → `{template}`, list → `{template: [...], total}`, create → `{templateId}`, delete → `{templateId}`.
 * Unknown ids are 400 TEMPLATE_NOT_FOUND; deleting a template the account does not own is 403 FORBIDDEN.
 */
import { createTemplateBody, deleteTemplateBody, getTemplateQuery, listTemplatesQuery } from "../../api/schemas";
import { fuzzyMatch } from "../catalogue";
import { ApiError, notFound, parseOrThrow, templateNotFound } from "../errors";
import { quirkList, quirkTemplate } from "../quirks";
import { ACCOUNT_USER, type Store, type TemplateRecord } from "../store";
import { page } from "./paging";
import type { RouteTable } from "./types";

/** A template as the API sends it (a copy; quirks mode varies its spelling). */
const present = (store: Store, t: TemplateRecord) => (store.config.quirks ? quirkTemplate(structuredClone(t)) : structuredClone(t));

/** Private templates are visible to their owner only. */
const visible = (t: TemplateRecord) => t.channel !== "private" || t.user === ACCOUNT_USER;

function findTemplate(store: Store, id: string): TemplateRecord {
    const t = store.templates.find((x) => x.Id === id && visible(x));
    if (!t) throw templateNotFound();
    return t;
}

export const templateRoutes: RouteTable = {
    "GET /v1/template": ({ store, query }) => {
        const q = parseOrThrow(getTemplateQuery, query);
        return { body: { template: present(store, findTemplate(store, q.templateId)) } };
    },

    /**
     * `channel` selects (none: every channel the account sees); `isMyCommunity=true` (any case) keeps the account's
     * own templates only. No pageSize → everything.
     */
    "GET /v1/templates": ({ store, query }) => {
        const q = parseOrThrow(listTemplatesQuery, query);
        const matching = store.templates
            .filter(visible)
            .filter((t) => !q.channel || t.channel === q.channel)
            .filter((t) => !q.isMyCommunity || t.user === ACCOUNT_USER)
            .filter((t) => fuzzyMatch(t.name, q.name))
            .filter((t) => !q.type || t.type === q.type);
        const items = q.pageSize === undefined ? matching : page(matching, q.pageSize, q.pageNum ?? 0, store.config.pageBase);
        const body = { template: items.map((t) => present(store, t)), total: matching.length };
        return { body: store.config.quirks ? quirkList(body, "template") : body };
    },

    "POST /v1/template/create": ({ store, body }) => {
        const { template: t } = parseOrThrow(createTemplateBody, body);
        if (t.imageAuth && !store.auths.some((a) => a.id === t.imageAuth)) throw notFound(store.config.notFoundStatus, "image auth");
        const Id = store.ids.templateId();
        store.templates.push({
            Id, name: t.name, readme: t.readme ?? "", type: t.type, channel: t.channel, image: t.image, imageAuth: t.imageAuth ?? "",
            startCommand: t.startCommand ?? "", entrypoint: t.entrypoint ?? "", rootfsSize: t.rootfsSize,
            ports: (t.ports ?? []).map((p) => ({ type: p.type, ports: [...p.ports] })), envs: (t.envs ?? []).map((e) => ({ ...e })),
            tools: [], recommendCards: [], minCudaVersion: t.minCudaVersion ?? "", user: ACCOUNT_USER,
            createdAt: String(Math.floor(store.clock.now() / 1000)),
        });
        return { body: { templateId: Id } };
    },

    "POST /v1/template/delete": ({ store, body }) => {
        const { templateId } = parseOrThrow(deleteTemplateBody, body);
        const t = findTemplate(store, templateId);
        if (t.user !== ACCOUNT_USER) throw new ApiError(403, "FORBIDDEN", "Access forbidden / No permission");
        store.templates.splice(store.templates.indexOf(t), 1);
        return { body: { templateId } };
    },
};
