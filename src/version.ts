/** The package version, read from package.json (src/ and dist/ sit at the same depth below it). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const VERSION: string = (require("../package.json") as { version: string }).version;
