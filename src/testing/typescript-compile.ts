/**
 * Compiles a TypeScript program module to CommonJS, transpile-only (like `ts-node --transpileOnly` or a
 * `noCheck` project under the Pulumi CLI): the options are the program's `tsconfig.json` (the nearest one above
 * its root), with `module` forced to CommonJS. Type errors are not reported: type-check the program with `tsc`.
 * The compiler is the program's own `typescript` package (or the one resolvable from the working directory).
 */
import * as path from "path";
import { createRequire } from "module";
import type * as ts from "typescript";

type TypeScript = typeof ts;

const compilers = new Map<string, { ts: TypeScript; options: ts.CompilerOptions }>();
const compiled = new Map<string, { source: string; code: string }>();

export function compileTypeScript(file: string, source: string, root: string): string {
    const hit = compiled.get(file);
    if (hit && hit.source === source) return hit.code;
    const { ts, options } = compilerFor(root);
    const out = ts.transpileModule(source, { fileName: file, compilerOptions: options, reportDiagnostics: true });
    const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length > 0) {
        const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" };
        throw new SyntaxError(ts.formatDiagnostics(errors, host).trim());
    }
    compiled.set(file, { source, code: out.outputText });
    return out.outputText;
}

function compilerFor(root: string): { ts: TypeScript; options: ts.CompilerOptions } {
    let entry = compilers.get(root);
    if (!entry) {
        const typescript = loadTypeScript(root);
        entry = { ts: typescript, options: programOptions(typescript, root) };
        compilers.set(root, entry);
    }
    return entry;
}

function loadTypeScript(root: string): TypeScript {
    for (const dir of [root, process.cwd()]) {
        const host = createRequire(path.join(dir, "noop.js"));
        let resolved: string | undefined;
        try {
            resolved = host.resolve("typescript");
        } catch {
            continue;
        }
        return host(resolved) as TypeScript;
    }
    throw new Error(
        `the testing kit compiles TypeScript programs with the program's own \`typescript\` package, ` +
            `and none is installed for ${root} (npm install --save-dev typescript), or pass a compiled .js program`,
    );
}

function programOptions(typescript: TypeScript, root: string): ts.CompilerOptions {
    const configFile = typescript.findConfigFile(root, typescript.sys.fileExists);
    let options: ts.CompilerOptions = { target: typescript.ScriptTarget.ES2020 }; // the Pulumi CLI's default target
    if (configFile) {
        const read = typescript.readConfigFile(configFile, typescript.sys.readFile);
        if (read.error) throw new Error(`${configFile}: ${typescript.flattenDiagnosticMessageText(read.error.messageText, "\n")}`);
        options = typescript.parseJsonConfigFileContent(read.config, typescript.sys, path.dirname(configFile)).options;
    }
    // Settings that make no sense for (or contradict) an in-memory CommonJS module. The resolution settings go
    // with `module`: Node16/NodeNext resolution requires the matching module kind.
    const dropped = ["declaration", "declarationMap", "emitDeclarationOnly", "composite", "noEmit", "sourceMap", "verbatimModuleSyntax",
        "moduleResolution", "resolvePackageJsonExports", "resolvePackageJsonImports", "customConditions", "allowImportingTsExtensions"];
    for (const key of dropped) {
        delete options[key];
    }
    return { ...options, module: typescript.ModuleKind.CommonJS, inlineSourceMap: true, inlineSources: true };
}
