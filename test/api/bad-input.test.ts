// Hostile and malformed input, generated with fast-check, through the HTTP API on the dev server: every bad lead,
// assister update and directory import gets a 400 with a field-level error; nothing is written and no workflow is
// started. Then the HTTP edge itself: size limits, missing, wrong and expired tokens, one assister acting for another.
import fc from 'fast-check';
import { z } from 'zod';
import { issueAssisterToken } from '../../client/auth';
import { isMinnesotaZip } from '../../domain/zip';
import { startTestApi, testTokens } from '../support/api';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { assister, sampleLead } from '../support/samples';

let t: LeadTestEnv;
let api: Awaited<ReturnType<typeof startTestApi>>;
beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters([assister('b-nav-a', '55101'), assister('b-nav-b', '55401')]);
  api = await startTestApi(t);
});
afterAll(async () => {
  await api?.close();
  await t?.close();
});

async function post(path: string, body: string, token = testTokens.coordinatorToken, method = 'POST') {
  const res = await fetch(`${api.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: method === 'GET' ? undefined : body });
  return { status: res.status, body: (await res.json()) as { error?: string; details?: { field?: string; record?: number; message: string }[] } };
}

/** A 400 that says what is wrong: a message, and for a parsed body a list naming each field. */
function expectClearRefusal(r: Awaited<ReturnType<typeof post>>) {
  expect(r.status).toBe(400);
  expect(typeof r.body.error).toBe('string');
  if (r.body.error !== 'Request body is not valid JSON' && !/must be a JSON array|may not contain the keys/.test(r.body.error!)) {
    expect(r.body.details!.length).toBeGreaterThan(0);
    for (const d of r.body.details!) expect(d.message).toEqual(expect.any(String));
  }
}

type Json = Record<string, unknown>;
const setPath = (obj: Json, path: string, value: unknown): Json => {
  const copy = structuredClone(obj);
  const keys = path.split('.');
  let node = copy;
  for (const k of keys.slice(0, -1)) node = node[k] as Json;
  if (value === undefined) delete node[keys.at(-1)!];
  else node[keys.at(-1)!] = value;
  return copy;
};

const REQUIRED = ['consumer', 'consumer.firstName', 'consumer.lastName', 'consumer.phone', 'consumer.zip', 'account', 'account.active', 'application', 'application.active', 'determinations', 'reasonForHelp', 'planSelectionHelp', 'guidanceProvided', 'consentToShare', 'workingWithAssister', 'createdBy'];
const STRINGS = ['consumer.firstName', 'consumer.lastName', 'consumer.phone', 'consumer.email', 'consumer.preferredLanguage', 'account.userLogin', 'reasonForHelp', 'guidanceProvided', 'createdBy'];
const BOOLEANS = ['account.active', 'application.active', 'planSelectionHelp'];
const notString = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }));
const notBoolean = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant('true'), fc.array(fc.boolean(), { maxLength: 2 }));
const control = fc.constantFrom(...[0, 1, 7, 8, 11, 12, 14, 27, 31, 127].map((c) => String.fromCharCode(c)));
const isEmail = (s: string) => z.email().safeParse(s).success;

/** A lead with exactly one thing wrong with it (the rest as the contact center would send it). */
const badLead = fc.oneof(
  fc.constantFrom(...REQUIRED).map((p) => setPath(sampleLead(), p, undefined)),
  fc.tuple(fc.constantFrom(...STRINGS), notString).map(([p, v]) => setPath(sampleLead(), p, v)),
  fc.tuple(fc.constantFrom(...BOOLEANS), notBoolean).map(([p, v]) => setPath(sampleLead(), p, v)),
  fc.tuple(fc.constantFrom('consumer.firstName', 'consumer.lastName', 'reasonForHelp', 'createdBy'), fc.integer({ min: 2001, max: 5000 })).map(([p, n]) => setPath(sampleLead(), p, 'x'.repeat(n))),
  fc.tuple(fc.constantFrom('consumer.firstName', 'consumer.lastName', 'guidanceProvided'), fc.string({ minLength: 1, maxLength: 10 }), control).map(([p, s, c]) => setPath(sampleLead(), p, `A${s}${c}b`)),
  fc.string({ maxLength: 20 }).filter((s) => !/^\+?[\d\s().-]{10,}$/.test(s)).map((phone) => setPath(sampleLead(), 'consumer.phone', phone)),
  fc.oneof(fc.constantFrom('90210', '10001', '00000', '99999', '5510', '551066', 'ABCDE', ''), fc.string({ maxLength: 8 })).filter((z) => !isMinnesotaZip(z)).map((zip) => setPath(sampleLead(), 'consumer.zip', zip)),
  fc.string({ maxLength: 30 }).filter((s) => !isEmail(s)).map((email) => setPath(sampleLead(), 'consumer.email', email)),
  fc.oneof(fc.constant(false), fc.constant('yes'), fc.integer(), fc.constant(null)).map((v) => setPath(sampleLead(), 'consentToShare', v)),
  fc.oneof(fc.constant(true), fc.constant('no'), fc.integer()).map((v) => setPath(sampleLead(), 'workingWithAssister', v)),
  fc.oneof(fc.array(fc.string({ maxLength: 12 }).filter((s) => !['MA', 'MinnesotaCare', 'QHP'].includes(s)), { minLength: 1, maxLength: 3 }), fc.constant(['MA', 'MA']), fc.string()).map((v) => setPath(sampleLead(), 'determinations', v)),
  fc.tuple(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(k in sampleLead())), fc.jsonValue()).map(([k, v]) => ({ ...sampleLead(), [k]: v })),
);

const leadsAndWorkflows = async () => {
  const [row] = await t.sql<{ n: number }[]>`select count(*)::int as n from leads`;
  const n = row!.n;
  const handles = [];
  for await (const wf of t.env.client.workflow.list({ query: `TaskQueue = '${t.taskQueue}'` })) handles.push(wf.workflowId);
  return { leads: n, workflows: handles.length };
};

test('thousands of malformed leads: each refused field by field; none written, no workflow started', async () => {
  await fc.assert(fc.asyncProperty(badLead, async (lead) => expectClearRefusal(await post('/api/leads', JSON.stringify(lead), testTokens.contactCenterToken))), { numRuns: 1500 });
  await fc.assert(fc.asyncProperty(fc.jsonValue().filter((v) => v === null || typeof v !== 'object' || Array.isArray(v) || !('consumer' in v)), async (body) => expectClearRefusal(await post('/api/leads', JSON.stringify(body), testTokens.contactCenterToken))), { numRuns: 300 });
  await fc.assert(fc.asyncProperty(fc.string().filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }), async (raw) => expectClearRefusal(await post('/api/leads', raw, testTokens.contactCenterToken))), { numRuns: 200 });
  expect(await leadsAndWorkflows()).toEqual({ leads: 0, workflows: 0 });
  // The API is still well: a good lead goes through.
  expect((await post('/api/leads', JSON.stringify(sampleLead()), testTokens.contactCenterToken)).status).toBe(201);
}, 300_000);

const badUpdate = fc.oneof(
  fc.constant({}),
  fc.record({ capacity: fc.oneof(fc.integer({ max: -1 }), fc.double({ noInteger: true, noNaN: true }), fc.string().filter((s) => !/^\s*\d+\s*$/.test(s) && s.trim() !== '')) }),
  fc.record({ zip: fc.string({ maxLength: 6 }).filter((z) => !isMinnesotaZip(z)) }),
  fc.record({ type: fc.string().filter((s) => s !== 'navigator' && s !== 'broker') }),
  fc.record({ name: fc.oneof(fc.constant(''), fc.constant('   '), fc.string({ minLength: 201, maxLength: 300 }).filter((s) => s.trim().length > 200), control.map((c) => `Na${c}me`)) }),
  fc.record({ email: fc.emailAddress() }),
  fc.record({ status: fc.constantFrom('suspended', 'active') }),
  fc.record({ certification: fc.oneof(fc.constant('  '), fc.string({ minLength: 41, maxLength: 60 }).filter((s) => s.trim().length > 40), control.map((c) => `MN${c}1`), fc.integer()) }),
  fc.record({ certificationExpires: fc.oneof(fc.string().filter((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s) && s !== ''), fc.constantFrom('2027-02-30', '2027-13-01'), fc.integer()) }),
  fc.record({ type: fc.constant('broker'), certification: fc.constantFrom('MN-NAV-1001', '12345678901', 'NPN-1') }),
  fc.tuple(fc.string({ minLength: 1, maxLength: 10 }).filter((k) => !['name', 'type', 'zip', 'capacity', 'openLeads'].includes(k)), fc.jsonValue()).map(([k, v]) => ({ [k]: v })),
);

test('malformed assister updates and directory imports are refused whole; nothing changes', async () => {
  const before = await t.sql`select * from assisters order by id`;
  await fc.assert(fc.asyncProperty(badUpdate, async (update) => expectClearRefusal(await post('/api/assisters/b-nav-a', JSON.stringify(update), testTokens.coordinatorToken, 'PATCH'))), { numRuns: 400 });
  // status and email are fields of a directory record (not of an update), so those mutations stay out here.
  const badRecord = badUpdate.filter((u) => Object.keys(u).length > 0 && !['status', 'email', 'id'].some((k) => k in u)).map((u) => ({ ...assister('b-nav-new', '55101'), ...u }));
  const directory = fc.tuple(fc.array(fc.constant(assister('b-nav-ok', '55802')), { maxLength: 2 }), badRecord, fc.nat(3)).map(([good, bad, at]) => [...good.slice(0, at), bad, ...good.slice(at)]);
  await fc.assert(
    fc.asyncProperty(directory, async (records) => {
      const r = await post('/api/assisters/import', JSON.stringify(records));
      expectClearRefusal(r);
      // Each problem names its record; a body refused at the edge (a key such as __proto__) has none to name.
      if (r.body.details) expect(r.body.details.every((d) => typeof d.record === 'number')).toBe(true);
      else expect(r.body.error).toMatch(/not valid JSON|may not contain the keys/);
    }),
    { numRuns: 300 },
  );
  expect(await t.sql`select * from assisters order by id`).toEqual(before);
  expect(await t.sql`select * from assister_requests`).toEqual([]);
  expect(await t.sql`select * from assister_changes where kind <> 'imported'`).toEqual([]);
}, 300_000);

test('the HTTP edge: size limits, missing, wrong and expired tokens, roles, and one assister acting for another', async () => {
  expect((await post('/api/leads', JSON.stringify({ ...sampleLead(), reasonForHelp: 'x'.repeat(300 * 1024) }), testTokens.contactCenterToken)).status).toBe(413);
  const bare = await fetch(`${api.url}/api/leads`, { method: 'POST', body: JSON.stringify(sampleLead()) });
  expect(bare.status).toBe(401);
  expect((await post('/api/leads', JSON.stringify(sampleLead()), 'pal_not-a-real-token-at-all')).status).toBe(401);
  const expired = await issueAssisterToken(t.sql, 'b-nav-a');
  await t.sql`update assister_tokens set expires_at = now() - interval '1 minute' where assister_id = 'b-nav-a'`;
  expect((await post('/api/assisters/b-nav-a/resume', '{}', expired)).status).toBe(401);
  const tokenA = await issueAssisterToken(t.sql, 'b-nav-a');
  const tokenB = await issueAssisterToken(t.sql, 'b-nav-b');
  // A key that could poison prototypes is refused at the edge, saying so.
  const poisoned = await post('/api/assisters/import', `[{"id":"b-nav-x","__proto__":{"status":"active"}}]`, testTokens.coordinatorToken);
  expect(poisoned.status).toBe(400);
  expect(poisoned.body.error).toBe('Request body may not contain the keys "__proto__" or "constructor.prototype"');
  // Coordinator-only routes.
  for (const [method, path] of [['POST', '/api/assisters/import'], ['POST', '/api/assisters'], ['PATCH', '/api/assisters/b-nav-a'], ['POST', '/api/assisters/b-nav-a/move-leads'], ['POST', '/api/assisters/b-nav-a/tokens'], ['DELETE', '/api/assisters/b-nav-a/tokens'], ['GET', '/api/assisters']] as const) {
    expect([path, (await post(path, '{}', tokenA, method)).status]).toEqual([path, 403]);
    expect([path, (await post(path, '{}', testTokens.contactCenterToken, method)).status]).toEqual([path, 403]);
  }
  // One assister on another's lead, report and directory entry.
  const lead = (await post('/api/leads', JSON.stringify({ ...sampleLead(), requestId: 'edge-1' }), testTokens.contactCenterToken)).body as unknown as { leadId: string; assisterId: string };
  expect(lead.assisterId).toBe('b-nav-a');
  expect((await post(`/api/leads/${lead.leadId}/contact`, JSON.stringify({ contactDate: '2026-11-25' }), tokenB)).status).toBe(403);
  expect((await fetch(`${api.url}/api/reports/b-nav-a.xlsx`, { headers: { authorization: `Bearer ${tokenB}` } })).status).toBe(403);
  expect((await post('/api/reports/b-nav-a', 'PK', tokenB)).status).toBe(403);
  expect((await post('/api/assisters/b-nav-a/suspend', JSON.stringify({ reason: 'no-new-leads' }), tokenB)).status).toBe(403);
  expect((await post('/api/assisters/b-nav-a/contact-point', JSON.stringify({ email: 'evil@example.org' }), tokenB)).status).toBe(403);
  // Invalid dates: one the calendar does not have (2026-02-30) or malformed is a 400 at the edge (the one date rule); a real date the lead cannot accept is the workflow's 422.
  for (const [contactDate, status] of [['11/25/2026', 400], ['', 400], ['yesterday', 400], ['2026-02-30', 400], ['2999-01-01', 422], ['2020-01-01', 422]] as const)
    expect([contactDate, (await post(`/api/leads/${lead.leadId}/contact`, JSON.stringify({ contactDate }), tokenA)).status]).toEqual([contactDate, status]);
});
