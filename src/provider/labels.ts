/**
 * How errors name the settings behind a client: which of `novita:baseUrl` / `NOVITA_BASE_URL` / the default
 * chose the base URL (network errors), and where the API key came from and how to set it (401/403). Pure text,
 * shared by the provider (src/provider/config.ts) and the functions that run in the program
 * (src/functions/get-optimal-product.ts); src/api only receives the strings.
 */
export type SettingOrigin = "config" | "env" | "default";

export interface ClientLabels {
    baseUrlSource: string;
    apiKeySource: string;
    authHelp: string;
}

export const AUTH_HELP =
    "set it with `pulumi config set --secret novita:apiKey <key>` or export NOVITA_API_KEY (stack config wins); " +
    "a simulator makes a new key each time it starts";

/**
 * For a key from stack config: `pulumi refresh` and `pulumi destroy` configure the provider with the config saved in
 * state by the last `pulumi up` (Pulumi's default provider), not the current one.
 */
export const SAVED_CONFIG_HELP =
    "`pulumi refresh` and `pulumi destroy` use the novita:* config saved by the last `pulumi up`: after changing it, " +
    "run `pulumi up` first, or add `--run-program`";

/** `inProvider`: the client of the provider process, which refresh and destroy configure from state. */
export function clientLabels(from: { apiKey: SettingOrigin; baseUrl: SettingOrigin; inProvider?: boolean }): ClientLabels {
    const baseUrlSource =
        from.baseUrl === "config"
            ? "set by stack config novita:baseUrl"
            : from.baseUrl === "env"
              ? "set by NOVITA_BASE_URL"
              : "the default; set novita:baseUrl or NOVITA_BASE_URL to change it";
    return {
        baseUrlSource,
        apiKeySource: from.apiKey === "config" ? "stack config novita:apiKey" : "NOVITA_API_KEY",
        authHelp: from.apiKey === "config" && from.inProvider ? `${AUTH_HELP}. ${SAVED_CONFIG_HELP}` : AUTH_HELP,
    };
}

/** Where a value came from: stack config first, then the environment, else the default. */
export function originOf(configValue: string | undefined, envValue: string | undefined): SettingOrigin {
    return configValue !== undefined ? "config" : envValue !== undefined && envValue !== "" ? "env" : "default";
}
