// Directory operations on the dev server, through the HTTP API as coordinators and assisters use it: history of
// every change, a contact-point change that gives the new address no PII until confirmed, suspension, the bulk
// move of a suspended assister's open leads, resumption, and routing around an assister at capacity.
import { runPal, startTestApi, testTokens as tokens } from '../support/api';
import { issueAssisterToken } from '../../client/auth';
import { readCaughtMessages } from '../../client/devstack/smtp';
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { eventually } from '../support/eventually';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { recipient } from '../support/mail';
import { assister, sampleLead } from '../support/samples';
import { mailDir } from '../support/stack';
import { keepHistory } from '../support/histories';
import { assisterRequestWorkflowId, contactPointChangeWorkflowId } from '../../contracts/directory';

let t: LeadTestEnv;
let server: Awaited<ReturnType<typeof startTestApi>>;
let api: string;

beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  // St. Paul (near the sample consumer's 55106) and Minneapolis (a little farther): both navigators.
  await t.addAssisters([assister('d-nav-stpaul', '55101'), assister('d-nav-mpls', '55401')]);
  server = await startTestApi(t, { mailer: t.mailer });
  api = server.url;
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

async function call(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${api}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the expectations
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
const coordinator = (method: string, path: string, body?: unknown) => call(tokens.coordinatorToken, method, path, body);
type History = { kind: string; changedBy: string; change: Record<string, unknown> }[];
const mailsTo = async (address: string) => (await readCaughtMessages(mailDir())).filter((m) => recipient(m) === address);
async function newLead(lastName: string) {
  t.clock.now = new Date();
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, lastName } }));
  if (!created.ok) throw new Error('refused');
  return created.lead;
}

test('the coordinator adds and updates an assister; every change is kept with who, when and what', async () => {
  const added = await coordinator('POST', '/api/assisters', assister('d-brk-duluth', '55802', { type: 'broker', capacity: 5 }));
  expect(added).toMatchObject({ status: 201, body: { ok: true, changes: { name: [null, 'd-brk-duluth organization'], capacity: [null, 5] } } });
  expect((await coordinator('POST', '/api/assisters', assister('d-brk-duluth', '55802'))).status).toBe(409);
  expect(await coordinator('PATCH', '/api/assisters/d-brk-duluth', { capacity: 8, name: 'Lake Superior Brokers' })).toMatchObject({
    status: 200,
    body: { changes: { capacity: [5, 8], name: ['d-brk-duluth organization', 'Lake Superior Brokers'] } },
  });
  expect((await coordinator('PATCH', '/api/assisters/d-nobody', { capacity: 8 })).status).toBe(404);
  expect(await coordinator('PATCH', '/api/assisters/d-brk-duluth', { email: 'x@example.org' })).toMatchObject({ status: 400 });

  const shown = await coordinator('GET', '/api/assisters/d-brk-duluth');
  expect(shown.body).toMatchObject({ name: 'Lake Superior Brokers', capacity: 8, openLeads: 0 });
  expect((shown.body.history as History).map((h) => [h.kind, h.changedBy, Object.keys(h.change).sort()])).toEqual([
    ['added', 'coordinator', ['capacity', 'email', 'name', 'openLeads', 'status', 'type', 'zip']],
    ['updated', 'coordinator', ['capacity', 'name']],
  ]);
  // An assister may not change the directory, nor look at another assister.
  const own = await issueAssisterToken(t.sql, 'd-nav-mpls');
  expect((await call(own, 'PATCH', '/api/assisters/d-nav-mpls', { capacity: 99 })).status).toBe(403);
  expect((await call(own, 'GET', '/api/assisters/d-brk-duluth')).status).toBe(403);
  expect((await call(own, 'GET', '/api/assisters/d-nav-mpls')).status).toBe(200);
  // Both requests were acknowledged to the coordinator at once.
  const acks = await eventually(async () => (await readCaughtMessages(mailDir())).filter((m) => /request to (add|update) assister d-brk-duluth done/.test(m.mail.subject ?? '')), (m) => m.length === 2);
  expect(acks.map(recipient)).toEqual(['pal-coordinator@mnsure.example.org', 'pal-coordinator@mnsure.example.org']);
});

test('a new contact point gets no PII until it confirms; leads follow the address after', async () => {
  const token = await issueAssisterToken(t.sql, 'd-nav-stpaul');
  const requested = await call(token, 'POST', '/api/assisters/d-nav-stpaul/contact-point', { email: 'intake@new-stpaul.example.org' });
  expect(requested).toMatchObject({ status: 202, body: { state: 'awaiting-confirmation' } });
  expect((await call(token, 'POST', '/api/assisters/d-nav-stpaul/contact-point', { email: 'other@new-stpaul.example.org' })).status).toBe(409);

  const before = await newLead('Beforeconfirm');
  expect(before.assisterId).toBe('d-nav-stpaul');
  const toNew = await eventually(() => mailsTo('intake@new-stpaul.example.org'), (m) => m.length === 1);
  expect(toNew[0]!.mail.subject).toBe('PAL: confirm this address for assister d-nav-stpaul');
  // The old address has the referral and the notice of the change; the new one only the code.
  const toOld = await eventually(() => mailsTo('d-nav-stpaul@assisters.example.org'), (m) => m.length === 2);
  expect(toOld.map((m) => m.mail.subject).sort()).toEqual([expect.stringMatching(/^PAL lead \w+: new navigator referral$/), 'PAL: change of contact point requested for assister d-nav-stpaul']);
  for (const m of toNew) for (const pii of ['Beforeconfirm', 'Ana', '651-555-0134', 'ana@example.org', 'alopez77']) expect(`${m.mail.subject} ${m.mail.text}`).not.toContain(pii);

  expect(await call(token, 'POST', '/api/assisters/d-nav-stpaul/contact-point/confirm', { code: 'WRONGCODE1' })).toMatchObject({ status: 400, body: { error: 'The confirmation code does not match' } });
  const code = /--code (\w+)/.exec(toNew[0]!.mail.text ?? '')![1]!;
  expect(await call(token, 'POST', '/api/assisters/d-nav-stpaul/contact-point/confirm', { code })).toMatchObject({ status: 200, body: { state: 'confirmed' } });
  await keepHistory(t.env.client, contactPointChangeWorkflowId('d-nav-stpaul', requested.body.changeId), 'contact-point-change-confirmed');

  const after = await newLead('Afterconfirm');
  expect(after.assisterId).toBe('d-nav-stpaul');
  const referral = await eventually(async () => (await mailsTo('intake@new-stpaul.example.org')).filter((m) => m.mail.text?.includes('Afterconfirm')), (m) => m.length === 1);
  expect(referral[0]!.mail.subject).toMatch(/new navigator referral/);
  const shown = await coordinator('GET', '/api/assisters/d-nav-stpaul');
  expect(shown.body).toMatchObject({ email: 'intake@new-stpaul.example.org', pendingContactPoint: null });
  expect(shown.body.history.at(-1)).toMatchObject({ kind: 'contact-point-changed', changedBy: 'assister:d-nav-stpaul', change: { email: ['d-nav-stpaul@assisters.example.org', 'intake@new-stpaul.example.org'] } });
});

test('a suspended assister gets no new leads; the coordinator moves its open leads; it resumes', async () => {
  const token = await issueAssisterToken(t.sql, 'd-nav-stpaul');
  const open = await newLead('Movedlater');
  expect(open.assisterId).toBe('d-nav-stpaul');

  const suspended = await call(token, 'POST', '/api/assisters/d-nav-stpaul/suspend', { reason: 'appointments-delayed' });
  expect(suspended).toMatchObject({ status: 200, body: { ok: true, changes: { status: ['active', 'suspended'] } } });
  await keepHistory(t.env.client, assisterRequestWorkflowId('d-nav-stpaul', 'suspend', suspended.body.requestId), 'assister-request-suspend');
  expect((await call(token, 'POST', '/api/assisters/d-nav-mpls/suspend', { reason: 'no-new-leads' })).status).toBe(403);
  expect((await call(token, 'POST', '/api/assisters/d-nav-stpaul/suspend', { reason: 'tired' })).status).toBe(400);
  const ack = await eventually(async () => (await mailsTo('intake@new-stpaul.example.org')).filter((m) => m.mail.subject?.includes('request to suspend')), (m) => m.length === 1);
  expect(ack[0]!.mail.text).toContain('gets no new leads');

  expect((await newLead('Duringsuspension')).assisterId).toBe('d-nav-mpls');
  await expect(t.env.client.workflow.getHandle(leadWorkflowId(open.leadId)).query(statusQuery)).resolves.toMatchObject({ assisterId: 'd-nav-stpaul' });

  expect((await call(token, 'POST', '/api/assisters/d-nav-stpaul/move-leads')).status).toBe(403);
  const moved = await coordinator('POST', '/api/assisters/d-nav-stpaul/move-leads');
  expect(moved).toMatchObject({ status: 200, body: { ok: true, moved: 3, refused: 0 } });
  await keepHistory(t.env.client, assisterRequestWorkflowId('d-nav-stpaul', 'move-leads', moved.body.requestId), 'assister-request-move-leads');
  for (const leadId of [open.leadId])
    await expect(t.env.client.workflow.getHandle(leadWorkflowId(leadId)).query(statusQuery)).resolves.toMatchObject({ status: 'awaiting-contact', assisterId: 'd-nav-mpls', assignment: 2 });
  expect((await coordinator('GET', '/api/assisters/d-nav-stpaul')).body.openLeads).toBe(0);

  expect(await call(token, 'POST', '/api/assisters/d-nav-stpaul/resume')).toMatchObject({ status: 200, body: { changes: { status: ['suspended', 'active'] } } });
  expect((await newLead('Afterresume')).assisterId).toBe('d-nav-stpaul');
  const history = ((await coordinator('GET', '/api/assisters/d-nav-stpaul')).body.history as History).map((h) => [h.kind, h.changedBy]);
  expect(history.slice(-2)).toEqual([['suspended', 'assister:d-nav-stpaul'], ['resumed', 'assister:d-nav-stpaul']]);
});

test('an assister at its capacity is skipped by routing until one of its leads closes', async () => {
  const { body } = await coordinator('GET', '/api/assisters/d-nav-stpaul');
  expect(await coordinator('PATCH', '/api/assisters/d-nav-stpaul', { capacity: body.openLeads })).toMatchObject({ status: 200 });
  const skipped = await newLead('Overcapacity');
  expect(skipped.assisterId).toBe('d-nav-mpls');
  // One of its leads closes (the assister reports it resolved): it can take a lead again.
  const [openLead] = await t.sql<{ id: string }[]>`select id from leads where assister_id = 'd-nav-stpaul' and closed_at is null limit 1`;
  const token = await issueAssisterToken(t.sql, 'd-nav-stpaul');
  expect((await call(token, 'POST', `/api/leads/${openLead!.id}/resolution`, { contactMade: false, resolution: 'Unable to contact' })).status).toBe(200);
  await eventually(async () => (await t.sql`select closed_at from leads where id = ${openLead!.id}`)[0]!.closed_at, (v) => v !== null);
  expect((await newLead('Roomagain')).assisterId).toBe('d-nav-stpaul');
});

test('pal assister: the coordinator lists the directory; bad flags and values get clear errors', async () => {
  const list = await runPal(api, tokens.coordinatorToken, 'assister', 'list');
  expect(list.code).toBe(0);
  expect(list.stdout).toMatch(/^d-nav-stpaul\s+navigator\s+active\s+\d+\/\d+\s+intake@new-stpaul\.example\.org$/m);
  const shown = JSON.parse((await runPal(api, tokens.coordinatorToken, 'assister', 'show', '--assister', 'd-brk-duluth', '--json')).stdout);
  expect(shown).toMatchObject({ id: 'd-brk-duluth', name: 'Lake Superior Brokers' });
  const bad = await runPal(api, tokens.coordinatorToken, 'assister', 'add', '--id', 'd-new', '--name', 'New', '--type', 'navigator', '--zip', '90210', '--email', 'x@y.org', '--capacity', 'lots');
  expect(bad).toMatchObject({ code: 1 });
  expect(bad.stderr).toContain('zip: zip must be a Minnesota ZIP code');
  expect(bad.stderr).toContain('capacity: capacity must be a whole number');
  expect((await runPal(api, tokens.coordinatorToken, 'assister', 'suspend')).stderr).toContain('--assister is required');
});
