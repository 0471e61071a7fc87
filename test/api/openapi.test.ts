// The OpenAPI document a running API serves: valid OpenAPI (0 errors from @seriousme/openapi-schema-validator), and
// the same routes as README.md's "HTTP API" table, each with its request and response schemas, its statuses and
// who may call it; Swagger UI renders at /docs. Neither needs a token.
import { testDir } from '../support/temp';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@temporalio/client';
import { createApiServer } from '../../client/api/server';
import { projectRoot } from '../../client/devstack/tools';
import { databaseConfig } from '../../platform/config';
import { connectDatabase, type Sql } from '../../store/database';
import { testTokens } from '../support/api';

type Operation = {
  description?: string;
  security?: Record<string, string[]>[];
  'x-pal-roles'?: string[];
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { schema?: object }> };
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
};
type Document = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, object> } };

/** A row of the README's table: each route it names (its body, if shown), who may call it, and what it says. */
interface Row {
  routes: { method: string; path: string; query: string[]; body?: string }[];
  who: string;
  what: string;
}

function readmeRoutes(): Row[] {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### HTTP API'), readme.indexOf('\n## ', readme.indexOf('### HTTP API')));
  return section
    .split('\n')
    .filter((line) => /^\| `(GET|POST|PATCH|DELETE)/.test(line))
    .map((line) => {
      const [first, who, what] = line.split(' | ').map((cell) => cell.replace(/^\| |\s*\|$/g, ''));
      const routes = [...first!.matchAll(/`(GET|POST|PATCH|DELETE) ([^`?]+)(?:\?([^`]*))?`(?:\s*(`[{[][^`]*`|\(body: [^)]*\)))?/g)].map(([, method, path, query, body]) => ({
        method: method!.toLowerCase(),
        path: path!.replace(/:(\w+)/g, '{$1}'),
        query: (query ?? '').split('&').filter(Boolean).map((q) => q.split('=')[0]!),
        body,
      }));
      return { routes, who: who!, what: what! };
    });
}

/** What README's "who" column says for each role a route declares. */
const WHO: Record<string, string> = {
  coordinator: 'coordinator',
  'contact-center': 'contact center',
  'lead-assister': "the lead's assister",
  'that-assister': 'that assister',
  assister: 'an assister',
};

async function validateOpenApi(document: Document): Promise<{ valid: boolean; errors?: unknown }> {
  // The validator is an ES module: it runs in its own node process.
  const file = join(testDir('pal-openapi-'), 'openapi.json');
  writeFileSync(file, JSON.stringify(document));
  const script = `import { Validator } from '@seriousme/openapi-schema-validator';
    const result = await new Validator().validate(JSON.parse((await import('node:fs')).readFileSync(process.argv[1], 'utf8')));
    console.log(JSON.stringify(result));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, file], { cwd: projectRoot });
  return JSON.parse(stdout) as { valid: boolean; errors?: unknown };
}

let sql: Sql;
let api: ReturnType<typeof createApiServer>;
let url: string;
let document: Document;

beforeAll(async () => {
  // Neither the document nor the docs page touches PostgreSQL or Temporal: both connections stay lazy.
  sql = connectDatabase(databaseConfig().url, { max: 1 });
  api = createApiServer({ client: new Client(), sql, taskQueue: 'openapi-test', tokens: testTokens });
  url = await api.listen({ port: 0, host: '127.0.0.1' });
  const res = await fetch(`${url}/openapi.json`);
  expect(res.status).toBe(200);
  document = (await res.json()) as Document;
});
afterAll(async () => {
  await api?.close();
  await sql?.end();
});

test('the document is valid OpenAPI 3.1, served without a token', async () => {
  expect(document.openapi).toBe('3.1.0');
  const result = await validateOpenApi(document);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  expect(document.components.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
});

test("every route of README's table is documented, with its schemas, statuses and roles; and nothing else", () => {
  const rows = readmeRoutes();
  expect(rows.length).toBeGreaterThan(20);
  const documented = Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`));
  const listed = rows.flatMap((r) => r.routes.map((route) => `${route.method} ${route.path}`)).filter((r) => !['get /openapi.json', 'get /docs'].includes(r));
  expect(documented.sort()).toEqual(listed.sort());

  for (const { routes, who, what } of rows)
    routes.forEach((route, i) => {
      if (route.path === '/openapi.json' || route.path === '/docs') return;
      const op = document.paths[route.path]![route.method]!;
      const where = `${route.method} ${route.path}`;
      // A body in the table is a request body schema in the document; a query parameter is a parameter.
      if (route.body) expect([where, Object.values(op.requestBody?.content ?? {})[0]?.schema]).toEqual([where, expect.any(Object)]);
      for (const name of route.query) expect([where, op.parameters?.some((p) => p.in === 'query' && p.name === name)]).toEqual([where, true]);
      // Every success has its schema; the statuses the table names (for the row's first route) are documented.
      const success = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
      expect([where, success.length > 0 && success.every(([, r]) => Object.values(r.content ?? {})[0]?.schema)]).toEqual([where, true]);
      if (i === 0) for (const status of what.match(/\b[2-5]\d\d\b/g) ?? []) expect([where, status in op.responses]).toEqual([where, true]);
      // Who may call it: stated as roles, as a bearer requirement and in words, and the same as the table says.
      if (who === 'anyone') {
        expect([where, op.security, op['x-pal-roles']]).toEqual([where, undefined, undefined]);
        return;
      }
      expect([where, op.security]).toEqual([where, [{ bearer: [] }]]);
      expect([where, op['x-pal-roles']!.length > 0]).toEqual([where, true]);
      for (const role of op['x-pal-roles']!) {
        expect([where, who.includes(WHO[role]!)]).toEqual([where, true]);
        expect(op.description).toContain('Who may call it:');
      }
      expect([where, '401' in op.responses, '403' in op.responses]).toEqual([where, true, true]);
    });
});

test('Swagger UI renders at /docs without a token', async () => {
  const res = await fetch(`${url}/docs`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(await res.text()).toContain('swagger-ui');
});
