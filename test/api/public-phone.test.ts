// An assister's public phone (the organization's number for consumers) through every way into the directory: the
// API's add and update (null removes it), the import (JSON, and CSV where an empty cell leaves it as it is), and the
// pal CLI; a number that is not a valid US number is refused by field; every change is in the history.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPal, startTestApi, testTokens as tokens } from '../support/api';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { assister } from '../support/samples';
import { testDir } from '../support/temp';

let t: LeadTestEnv;
let server: Awaited<ReturnType<typeof startTestApi>>;

beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  server = await startTestApi(t, { mailer: t.mailer });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

async function coordinator(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${tokens.coordinatorToken}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the expectations
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
const publicPhoneOf = async (id: string) => (await coordinator('GET', `/api/assisters/${id}`)).body.publicPhone as string | null;

test('the API adds an assister with its public phone, updates and removes it, and refuses a number that is not a US number', async () => {
  expect(await coordinator('POST', '/api/assisters', assister('pp-nav-a', '55106', { publicPhone: '555-0100' }))).toMatchObject({
    status: 400,
    body: { details: [{ field: 'publicPhone', message: 'publicPhone must be a valid US phone number' }] },
  });
  expect(await coordinator('POST', '/api/assisters', assister('pp-nav-a', '55106', { publicPhone: '(651) 555-0100' }))).toMatchObject({ status: 201, body: { changes: { publicPhone: [null, '(651) 555-0100'] } } });
  expect(await publicPhoneOf('pp-nav-a')).toBe('(651) 555-0100');
  // Without one: null, and the list says so too.
  expect((await coordinator('POST', '/api/assisters', assister('pp-nav-b', '55802'))).status).toBe(201);
  expect(((await coordinator('GET', '/api/assisters')).body as unknown as { id: string; publicPhone: string | null }[]).find((a) => a.id === 'pp-nav-b')).toMatchObject({ publicPhone: null });

  expect(await coordinator('PATCH', '/api/assisters/pp-nav-a', { publicPhone: '651-555-0199' })).toMatchObject({ status: 200, body: { changes: { publicPhone: ['(651) 555-0100', '651-555-0199'] } } });
  // Another field's update leaves it as it is; null removes it.
  expect(await coordinator('PATCH', '/api/assisters/pp-nav-a', { capacity: 12 })).toMatchObject({ status: 200, body: { changes: { capacity: [10, 12] } } });
  expect(await publicPhoneOf('pp-nav-a')).toBe('651-555-0199');
  expect(await coordinator('PATCH', '/api/assisters/pp-nav-a', { publicPhone: null })).toMatchObject({ status: 200, body: { changes: { publicPhone: ['651-555-0199', null] } } });
  expect(await publicPhoneOf('pp-nav-a')).toBeNull();
  expect((await coordinator('PATCH', '/api/assisters/pp-nav-a', { publicPhone: 'call us' })).status).toBe(400);
  const history = (await coordinator('GET', '/api/assisters/pp-nav-a')).body.history as { change: Record<string, unknown> }[];
  expect(history.filter((h) => 'publicPhone' in h.change).map((h) => h.change.publicPhone)).toEqual([
    [null, '(651) 555-0100'],
    ['(651) 555-0100', '651-555-0199'],
    ['651-555-0199', null],
  ]);
});

test('an import takes the public phone (JSON and CSV); an empty CSV cell leaves it as it is; a bad one is refused by record', async () => {
  const refused = await coordinator('POST', '/api/assisters/import', [assister('pp-nav-c', '55101', { publicPhone: '12345' })]);
  expect(refused).toMatchObject({ status: 400 });
  expect(JSON.stringify(refused.body)).toContain('publicPhone must be a valid US phone number');
  expect((await coordinator('POST', '/api/assisters/import', [assister('pp-nav-c', '55101', { publicPhone: '651-555-0111' })])).status).toBe(200);
  expect(await publicPhoneOf('pp-nav-c')).toBe('651-555-0111');

  const dir = testDir('public-phone-');
  const csv = (phone: string) =>
    ['id,name,type,zip,email,status,capacity,certification,certificationExpires,publicPhone', `pp-nav-c,pp-nav-c organization,navigator,55101,pp-nav-c@assisters.example.org,active,10,MN-NAV-1001,2099-12-31,${phone}`].join('\n');
  writeFileSync(join(dir, 'keep.csv'), csv(''));
  writeFileSync(join(dir, 'change.csv'), csv('218-555-0123'));
  expect((await runPal(server.url, tokens.coordinatorToken, 'assister', 'import', '--file', join(dir, 'keep.csv'))).code).toBe(0);
  expect(await publicPhoneOf('pp-nav-c')).toBe('651-555-0111');
  expect((await runPal(server.url, tokens.coordinatorToken, 'assister', 'import', '--file', join(dir, 'change.csv'))).code).toBe(0);
  expect(await publicPhoneOf('pp-nav-c')).toBe('218-555-0123');
});

test('pal assister add and update take --public-phone; update --public-phone none removes it', async () => {
  const pal = (...args: string[]) => runPal(server.url, tokens.coordinatorToken, 'assister', ...args);
  const added = await pal('add', '--id', 'pp-brk-d', '--name', 'Duluth Brokers', '--type', 'broker', '--zip', '55802', '--email', 'pp-brk-d@assisters.example.org', '--capacity', '5', '--certification', '17000002', '--certification-expires', '2099-12-31', '--public-phone', '218-555-0140');
  expect(added.stdout).toContain('publicPhone: (none) → 218-555-0140');
  expect(await publicPhoneOf('pp-brk-d')).toBe('218-555-0140');
  expect((await pal('update', '--assister', 'pp-brk-d', '--public-phone', 'none')).stdout).toContain('publicPhone: 218-555-0140 → (none)');
  expect(await publicPhoneOf('pp-brk-d')).toBeNull();
  const bad = await pal('update', '--assister', 'pp-brk-d', '--public-phone', '555');
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toContain('publicPhone must be a valid US phone number');
  expect((await pal('show', '--assister', 'pp-brk-d')).stdout).toMatch(/^publicPhone\s+-$/m);
});
