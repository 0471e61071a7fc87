// The Docker image installs no devDependencies (npm ci --omit=dev) and leaves out the local stack (.dockerignore), so
// nothing the production processes load may import either: followed from each entry, import by import.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { projectRoot } from '../../client/devstack/tools';

const entries = ['workers/main.ts', 'workflows/index.ts', 'client/api/main.ts', 'client/codec/main.ts', 'client/cli/main.ts'];
const devOnly = Object.keys((JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies);
const dockerIgnored = readFileSync(join(projectRoot, '.dockerignore'), 'utf8').split('\n').filter(Boolean);
const options = ts.parseJsonConfigFileContent(ts.readConfigFile(join(projectRoot, 'tsconfig.json'), ts.sys.readFile).config, ts.sys, projectRoot).options;

/** Module names a file imports at run time (type-only imports are erased, so they do not count). */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) || (ts.isExportDeclaration(node) && !node.isTypeOnly)) {
      if (node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteral(arg)) found.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every project file and every package the entries load, following imports from file to file. */
function loaded(): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = entries.map((e) => join(projectRoot, e));
  for (let file = queue.pop(); file; file = queue.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    for (const name of runtimeImports(file)) {
      if (name.startsWith('node:') || builtinModules.includes(name)) continue;
      if (!name.startsWith('.')) {
        packages.add(name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]!);
        continue;
      }
      const resolved = ts.resolveModuleName(name, file, options, ts.sys).resolvedModule?.resolvedFileName;
      if (!resolved) throw new Error(`${relative(projectRoot, file)}: cannot resolve ${name}`);
      if (!resolved.endsWith('.json')) queue.push(resolved);
    }
  }
  return { files, packages };
}

test('the production processes import no devDependency and nothing of the local stack', () => {
  const { files, packages } = loaded();
  expect(files.size).toBeGreaterThan(20);
  expect([...packages].filter((p) => devOnly.includes(p))).toEqual([]);
  const paths = [...files].map((f) => relative(projectRoot, f));
  expect(paths.filter((p) => dockerIgnored.some((ignored) => p === ignored || p.startsWith(`${ignored}/`)))).toEqual([]);
  expect(dockerIgnored).toEqual(expect.arrayContaining(['client/devstack', 'client/dev.ts']));
});
