// Directory operations on the dev server, through the HTTP API as coordinators and assisters use it: history of
// every change, a contact-point change that gives the new address no PII until confirmed (and, asked with an
// assister's token, approved), tokens listed and revoked, suspension and who may lift it, the bulk move of a
// suspended assister's open leads, resumption, imports that never bypass confirmation, certification, and routing
// around an assister at capacity.
import { runPal, startTestApi, testTokens as tokens } from '../support/api';
import { issueAssisterToken } from '../../client/auth';
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { eventually } from '../support/eventually';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { mailLine, mailsMatching, recipient } from '../support/mail';
import { assister, sampleLead } from '../support/samples';
import { keepHistory } from '../support/histories';
import { assisterRequestWorkflowId, contactPointChangeWorkflowId } from '../../contracts/directory';
import { addDays, minnesotaDate } from '../../domain/time';
import { reportCycleWorkflow } from '../../workflows/report';
import { randomUUID } from 'node:crypto';

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
const mailsTo = (address: string) => mailsMatching({ to: address });
async function newLead(lastName: string) {
  t.clock.now = new Date();
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, lastName } }));
  if (!created.ok) throw new Error('refused');
  return created.lead;
}

test('the coordinator adds and updates an assister; every change is kept with who, when and what', async () => {
  const { certification: _, ...uncertified } = assister('d-brk-duluth', '55802', { type: 'broker', capacity: 5 });
  expect(await coordinator('POST', '/api/assisters', uncertified)).toMatchObject({ status: 400, body: { details: [{ field: 'certification', message: expect.stringMatching(/^certification is required/) }] } });
  const added = await coordinator('POST', '/api/assisters', assister('d-brk-duluth', '55802', { type: 'broker', capacity: 5 }));
  expect(added).toMatchObject({ status: 201, body: { ok: true, changes: { name: [null, 'd-brk-duluth organization'], capacity: [null, 5], certification: [null, '17000001'] } } });
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
    ['added', 'coordinator', ['capacity', 'certification', 'certificationExpires', 'email', 'name', 'openLeads', 'status', 'type', 'zip']],
    ['updated', 'coordinator', ['capacity', 'name']],
  ]);
  // An assister may not change the directory, nor look at another assister.
  const own = await issueAssisterToken(t.sql, 'd-nav-mpls');
  expect((await call(own, 'PATCH', '/api/assisters/d-nav-mpls', { capacity: 99 })).status).toBe(403);
  expect((await call(own, 'GET', '/api/assisters/d-brk-duluth')).status).toBe(403);
  expect((await call(own, 'GET', '/api/assisters/d-nav-mpls')).status).toBe(200);
  // Both requests were acknowledged to the coordinator at once.
  const acks = await eventually(async () => (await mailsMatching({ subject: 'assister d-brk-duluth done' })).filter((m) => /request to (add|update) assister d-brk-duluth done/.test(m.Subject)), (m) => m.length === 2);
  expect(acks.map(recipient)).toEqual(['pal-coordinator@mnsure.example.org', 'pal-coordinator@mnsure.example.org']);
});

test('a new contact point gets no PII until it confirms and the current one approves; leads follow the address after', async () => {
  const token = await issueAssisterToken(t.sql, 'd-nav-stpaul');
  const requested = await call(token, 'POST', '/api/assisters/d-nav-stpaul/contact-point', { email: 'intake@new-stpaul.example.org' });
  expect(requested).toMatchObject({ status: 202, body: { state: 'awaiting-confirmation', approval: 'awaiting' } });
  expect((await call(token, 'POST', '/api/assisters/d-nav-stpaul/contact-point', { email: 'other@new-stpaul.example.org' })).status).toBe(409);

  const before = await newLead('Beforeconfirm');
  expect(before.assisterId).toBe('d-nav-stpaul');
  const toNew = await eventually(() => mailsTo('intake@new-stpaul.example.org'), (m) => m.length === 1);
  expect(toNew[0]!.Subject).toBe('PAL: confirm this address for assister d-nav-stpaul');
  // The old address has the referral and the request for its approval; the new one only the code.
  const toOld = await eventually(() => mailsTo('d-nav-stpaul@assisters.example.org'), (m) => m.length === 2);
  expect(toOld.map((m) => m.Subject).sort()).toEqual([expect.stringMatching(/^PAL lead \w+: new navigator referral$/), 'PAL: approve the change of contact point for assister d-nav-stpaul']);
  for (const m of [...toNew, toOld.find((m) => /approve/.test(m.Subject))!])
    for (const pii of ['Beforeconfirm', 'Ana', '651-555-0134', 'ana@example.org', 'alopez77']) expect(`${m.Subject} ${m.Text}`).not.toContain(pii);

  expect(await call(token, 'POST', '/api/assisters/d-nav-stpaul/contact-point/confirm', { code: 'WRONGCODE1' })).toMatchObject({ status: 400, body: { error: 'The confirmation code does not match' } });
  const code = /Code: (\w+)/.exec(toNew[0]!.Text)![1]!;
  expect(await call(token, 'POST', '/api/assisters/d-nav-stpaul/contact-point/confirm', { code })).toMatchObject({ status: 200, body: { state: 'awaiting-approval', approval: 'awaiting' } });
  expect((await coordinator('GET', '/api/assisters/d-nav-stpaul')).body).toMatchObject({ email: 'd-nav-stpaul@assisters.example.org', pendingContactPoint: 'intake@new-stpaul.example.org' });
  // The assister's token alone does not approve it, nor does the new address's code: only the current address's code.
  expect(await call(token, 'POST', '/api/assisters/d-nav-stpaul/contact-point/approve', {})).toMatchObject({ status: 400, body: { error: 'The approval code sent to the current contact point is required' } });
  expect(await call(token, 'POST', '/api/assisters/d-nav-stpaul/contact-point/approve', { code })).toMatchObject({ status: 400, body: { error: 'The approval code does not match' } });
  const approvalCode = /Code: (\w+)/.exec(toOld.find((m) => /approve/.test(m.Subject))!.Text)![1]!;
  expect(await call(token, 'POST', '/api/assisters/d-nav-stpaul/contact-point/approve', { code: approvalCode })).toMatchObject({ status: 200, body: { state: 'confirmed', approval: 'approved' } });
  await keepHistory(t.env.client, contactPointChangeWorkflowId('d-nav-stpaul', requested.body.changeId), 'contact-point-change-approved');

  const after = await newLead('Afterconfirm');
  expect(after.assisterId).toBe('d-nav-stpaul');
  const referral = await eventually(async () => (await mailsTo('intake@new-stpaul.example.org')).filter((m) => m.Subject.includes(after.reference!)), (m) => m.length === 1);
  expect(referral[0]!.Subject).toMatch(/new navigator referral/);
  const shown = await coordinator('GET', '/api/assisters/d-nav-stpaul');
  expect(shown.body).toMatchObject({ email: 'intake@new-stpaul.example.org', pendingContactPoint: null });
  expect(shown.body.history.at(-1)).toMatchObject({
    kind: 'contact-point-changed',
    changedBy: 'assister:d-nav-stpaul',
    change: { email: ['d-nav-stpaul@assisters.example.org', 'intake@new-stpaul.example.org'], reason: 'requested by assister:d-nav-stpaul, approved by the current contact point' },
  });
});

test('a stolen assister token cannot redirect leads: the change waits for approval; the coordinator revokes the tokens', async () => {
  const stolen = await issueAssisterToken(t.sql, 'd-nav-mpls', 30);
  expect(await call(stolen, 'POST', '/api/assisters/d-nav-mpls/contact-point', { email: 'thief@elsewhere.example.org' })).toMatchObject({ status: 202, body: { approval: 'awaiting' } });
  const [toThief] = await eventually(() => mailsTo('thief@elsewhere.example.org'), (m) => m.length === 1);
  const code = /Code: (\w+)/.exec(toThief!.Text)![1]!;
  expect(await call(stolen, 'POST', '/api/assisters/d-nav-mpls/contact-point/confirm', { code })).toMatchObject({ status: 200, body: { state: 'awaiting-approval' } });
  // Confirmation again, or approval without the current address's code, changes nothing.
  expect(await call(stolen, 'POST', '/api/assisters/d-nav-mpls/contact-point/confirm', { code })).toMatchObject({ status: 422, body: { error: expect.stringMatching(/already confirmed/) } });
  expect((await call(stolen, 'POST', '/api/assisters/d-nav-mpls/contact-point/approve', { code: 'ABCDEFGHJK' })).status).toBe(400);
  expect((await coordinator('GET', '/api/assisters/d-nav-mpls')).body.email).toBe('d-nav-mpls@assisters.example.org');

  // The coordinator sees the assister's tokens (never the tokens themselves), revokes them and withdraws the change.
  const listed = await coordinator('GET', '/api/assisters/d-nav-mpls/tokens');
  expect(listed.status).toBe(200);
  expect(listed.body).toHaveLength(2);
  expect(listed.body[0]).toEqual({ id: expect.any(Number), issuedAt: expect.any(String), expiresAt: expect.any(String), lastUsedAt: expect.any(String), revokedAt: null });
  expect(Date.parse(listed.body[0].expiresAt) - Date.parse(listed.body[0].issuedAt)).toBeCloseTo(30 * 86_400_000, -5);
  expect(JSON.stringify(listed.body)).not.toContain(stolen);
  expect((await call(stolen, 'GET', '/api/assisters/d-nav-mpls/tokens')).status).toBe(200);
  expect((await call(stolen, 'DELETE', '/api/assisters/d-nav-mpls/tokens')).status).toBe(403);
  expect(await coordinator('DELETE', '/api/assisters/d-nav-mpls/tokens')).toMatchObject({ status: 200, body: { assisterId: 'd-nav-mpls', revoked: 2 } });
  expect((await call(stolen, 'GET', '/api/assisters/d-nav-mpls')).status).toBe(401);
  expect(((await coordinator('GET', '/api/assisters/d-nav-mpls/tokens')).body as { revokedAt: string | null }[]).every((k) => k.revokedAt)).toBe(true);
  expect(await coordinator('POST', '/api/assisters/d-nav-mpls/contact-point/cancel')).toMatchObject({ status: 200, body: { state: 'cancelled' } });

  // A token lives at most a year.
  expect(await coordinator('POST', '/api/assisters/d-nav-mpls/tokens', { days: 366 })).toMatchObject({
    status: 400,
    body: { details: [{ field: 'days', message: 'days must be at most 365: an assister token lives at most a year; issue a new one when it expires' }] },
  });
  const cli = await runPal(api, tokens.coordinatorToken, 'assister', 'token', '--assister', 'd-nav-mpls', '--days', '400');
  expect(cli).toMatchObject({ code: 1, stderr: expect.stringContaining('days must be at most 365') });
  expect((await runPal(api, tokens.coordinatorToken, 'assister', 'revoke-tokens', '--assister', 'd-nav-mpls')).stdout).toMatch(/^Revoked 0 token\(s\) of d-nav-mpls/);
  expect((await runPal(api, tokens.coordinatorToken, 'assister', 'tokens', '--assister', 'd-nav-mpls')).stdout).toMatch(/^id\s+issued\s+expires\s+last used\s+revoked\n\d+\s+\S+\s+\S+\s+\S+\s+\S+$/m);
});

test("a coordinator approves an assister's change, before or after the new address confirms", async () => {
  const own = await issueAssisterToken(t.sql, 'd-nav-mpls');
  const requested = await call(own, 'POST', '/api/assisters/d-nav-mpls/contact-point', { email: 'intake@new-mpls.example.org' });
  expect(requested.status).toBe(202);
  expect(await coordinator('POST', '/api/assisters/d-nav-mpls/contact-point/approve')).toMatchObject({ status: 200, body: { state: 'awaiting-confirmation', approval: 'approved' } });
  expect(await coordinator('POST', '/api/assisters/d-nav-mpls/contact-point/approve')).toMatchObject({ status: 422, body: { error: 'This contact point change is already approved' } });
  const [toNew] = await eventually(() => mailsTo('intake@new-mpls.example.org'), (m) => m.length === 1);
  const code = /Code: (\w+)/.exec(toNew!.Text)![1]!;
  expect(await call(own, 'POST', '/api/assisters/d-nav-mpls/contact-point/confirm', { code })).toMatchObject({ status: 200, body: { state: 'confirmed' } });
  expect((await coordinator('GET', '/api/assisters/d-nav-mpls')).body.email).toBe('intake@new-mpls.example.org');
  // A coordinator's own request needs no approval.
  expect(await coordinator('POST', '/api/assisters/d-nav-mpls/contact-point', { email: 'd-nav-mpls@assisters.example.org' })).toMatchObject({ status: 202, body: { approval: 'not-needed' } });
  expect(await coordinator('POST', '/api/assisters/d-nav-mpls/contact-point/approve')).toMatchObject({ status: 422, body: { error: 'This contact point change needs no approval' } });
  const back = await eventually(() => mailsTo('d-nav-mpls@assisters.example.org'), (m) => m.some((x) => /confirm this address/.test(x.Subject)));
  const backCode = /Code: (\w+)/.exec(back.find((x) => /confirm this address/.test(x.Subject))!.Text)![1]!;
  expect(await coordinator('POST', '/api/assisters/d-nav-mpls/contact-point/confirm', { code: backCode })).toMatchObject({ status: 200, body: { state: 'confirmed' } });
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
  const ack = await eventually(async () => (await mailsTo('intake@new-stpaul.example.org')).filter((m) => m.Subject.includes('request to suspend')), (m) => m.length === 1);
  expect(ack[0]!.Text).toContain('gets no new leads');

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

test("an assister lifts only its own suspension: the coordinator's stays until a coordinator lifts it", async () => {
  const token = await issueAssisterToken(t.sql, 'd-nav-stpaul');
  expect(await coordinator('POST', '/api/assisters/d-nav-stpaul/suspend', { reason: 'appointments-delayed' })).toMatchObject({ status: 200, body: { changes: { suspendedBy: [null, 'coordinator'] } } });
  const refused = await call(token, 'POST', '/api/assisters/d-nav-stpaul/resume');
  expect(refused).toMatchObject({ status: 403, body: { error: 'Assister d-nav-stpaul was suspended by the coordinator; only a coordinator can lift that suspension', requestId: expect.any(String) } });
  // Suspending itself again does not make the suspension its own.
  expect((await call(token, 'POST', '/api/assisters/d-nav-stpaul/suspend', { reason: 'no-new-leads' })).status).toBe(200);
  expect((await call(token, 'POST', '/api/assisters/d-nav-stpaul/resume')).status).toBe(403);
  expect((await coordinator('GET', '/api/assisters/d-nav-stpaul')).body).toMatchObject({ status: 'suspended', suspendedBy: 'coordinator' });
  expect(await coordinator('POST', '/api/assisters/d-nav-stpaul/resume')).toMatchObject({ status: 200, body: { changes: { status: ['suspended', 'active'], suspendedBy: ['coordinator', null] } } });
});

test('an import never bypasses a request: a changed email starts a contact-point change, a changed status refuses the whole import', async () => {
  const current = (await coordinator('GET', '/api/assisters')).body as { id: string; email: string; status: string; certification: string; certificationExpires: string }[];
  const record = (id: string, zip: string, more: Record<string, unknown> = {}) => {
    const { email, status } = current.find((a) => a.id === id)!;
    const { certification: _c, certificationExpires: _e, ...rest } = assister(id, zip, { email, status: status as 'active' });
    return { ...rest, ...more };
  };
  const refused = await coordinator('POST', '/api/assisters/import', [
    record('d-nav-stpaul', '55101', { status: 'suspended' }),
    assister('d-nav-new', '55104', { status: 'suspended' }),
    { ...assister('d-nav-uncertified', '55104'), certification: undefined, certificationExpires: undefined },
    record('d-nav-mpls', '55401', { capacity: 99, email: 'moved@new-mpls.example.org' }),
  ]);
  expect(refused).toMatchObject({ status: 409, body: { error: 'The import would change what only a request may change: nothing was imported' } });
  expect(refused.body.details).toEqual([
    { record: 1, field: 'status', message: 'status would change from active to suspended: an import never changes a status; use pal assister suspend' },
    { record: 3, field: 'certification', message: 'A new assister needs its certification and certificationExpires' },
  ]);
  expect((await coordinator('GET', '/api/assisters/d-nav-mpls')).body).toMatchObject({ capacity: 10, pendingContactPoint: null });
  expect((await coordinator('GET', '/api/assisters/d-nav-new')).status).toBe(404);

  const imported = await coordinator('POST', '/api/assisters/import', [record('d-nav-stpaul', '55101'), record('d-nav-mpls', '55401', { capacity: 99, email: 'moved@new-mpls.example.org' })]);
  expect(imported).toMatchObject({ status: 200, body: { inserted: 0, updated: 2, contactPointChanges: [{ record: 2, assisterId: 'd-nav-mpls', email: 'moved@new-mpls.example.org', started: true }] } });
  // The import changed the capacity at once, the contact point not: the new address confirms it first.
  expect((await coordinator('GET', '/api/assisters/d-nav-mpls')).body).toMatchObject({ capacity: 99, email: current.find((a) => a.id === 'd-nav-mpls')!.email, pendingContactPoint: 'moved@new-mpls.example.org' });
  const [toNew] = await eventually(() => mailsTo('moved@new-mpls.example.org'), (m) => m.length === 1);
  expect(toNew!.Subject).toBe('PAL: confirm this address for assister d-nav-mpls');
  // The same file again starts nothing new.
  const again = await coordinator('POST', '/api/assisters/import', [record('d-nav-mpls', '55401', { capacity: 99, email: 'moved@new-mpls.example.org' })]);
  expect(again.body.contactPointChanges).toEqual([expect.objectContaining({ assisterId: 'd-nav-mpls', started: false, changeId: imported.body.contactPointChanges[0].changeId })]);
  expect(await coordinator('POST', '/api/assisters/d-nav-mpls/contact-point/cancel')).toMatchObject({ status: 200, body: { state: 'cancelled' } });
  expect((await coordinator('PATCH', '/api/assisters/d-nav-mpls', { capacity: 10 })).status).toBe(200);
});

test('routing skips an assister whose certification has lapsed; the daily cycle alerts the coordinator and reminds the assister 30 days ahead, once', async () => {
  const today = minnesotaDate(new Date());
  expect(await coordinator('PATCH', '/api/assisters/d-nav-stpaul', { certificationExpires: addDays(today, -1) })).toMatchObject({ status: 200, body: { changes: { certificationExpires: [expect.any(String), addDays(today, -1)] } } });
  const explained = await call(tokens.contactCenterToken, 'POST', '/api/route', sampleLead());
  expect(explained.body).toMatchObject({ assisterId: 'd-nav-mpls' });
  expect(explained.body.candidates).toContainEqual(expect.objectContaining({ assisterId: 'd-nav-stpaul', skipped: 'certification-lapsed' }));
  expect((await newLead('Lapsedcertification')).assisterId).toBe('d-nav-mpls');
  expect(await coordinator('PATCH', '/api/assisters/d-nav-mpls', { certification: 'MN-NAV-2002', certificationExpires: addDays(today, 29) })).toMatchObject({ status: 200 });

  const cycle = async () => {
    const workflowId = `d-cycle-${randomUUID()}`;
    await t.env.client.workflow.execute(reportCycleWorkflow, { taskQueue: t.taskQueue, workflowId, args: [{ date: today }] });
    return workflowId;
  };
  await keepHistory(t.env.client, await cycle(), 'report-cycle-certification-alerts');
  await cycle();
  const alerts = await eventually(
    async () => (await mailsMatching({ subject: 'certification' })).filter((m) => /^PAL (alert|reminder): (your )?certification/.test(m.Subject) && /d-nav-(stpaul|mpls)|new-stpaul/.test(`${recipient(m)} ${m.Subject}`)),
    (m) => m.length >= 4,
  );
  expect(alerts.map(mailLine).sort()).toEqual([
    'd-nav-mpls@assisters.example.org PAL reminder: your certification lapses soon',
    'intake@new-stpaul.example.org PAL reminder: your certification has lapsed',
    'pal-coordinator@mnsure.example.org PAL alert: certification of assister d-nav-mpls lapses soon',
    'pal-coordinator@mnsure.example.org PAL alert: certification of assister d-nav-stpaul has lapsed',
  ]);
  expect((await t.sql`select key from outbox where key like 'certification/d-nav-%' order by key`).map((r) => r.key)).toEqual([
    `certification/d-nav-mpls/${addDays(today, 29)}/assister`,
    `certification/d-nav-mpls/${addDays(today, 29)}/coordinator`,
    `certification/d-nav-stpaul/${addDays(today, -1)}/assister`,
    `certification/d-nav-stpaul/${addDays(today, -1)}/coordinator`,
  ]);
  expect(alerts.find((m) => /d-nav-mpls lapses/.test(m.Subject))!.Text).toContain(`certification MN-NAV-2002 of preferred assister d-nav-mpls lapses after ${addDays(today, 29)}`);
  // Each alert is also an escalation in the coordinators' queue, once; recording the renewal ends it.
  const certifications = () => t.sql`select assister_id, resolution from escalations where kind = 'certification-lapsing' and assister_id like 'd-nav-%' order by assister_id`;
  expect(await certifications()).toEqual([
    { assister_id: 'd-nav-mpls', resolution: null },
    { assister_id: 'd-nav-stpaul', resolution: null },
  ]);
  expect(await coordinator('PATCH', '/api/assisters/d-nav-stpaul', { certificationExpires: '2099-12-31' })).toMatchObject({ status: 200 });
  expect(await coordinator('PATCH', '/api/assisters/d-nav-mpls', { certificationExpires: '2099-12-31' })).toMatchObject({ status: 200 });
  expect(await certifications()).toEqual([
    { assister_id: 'd-nav-mpls', resolution: 'certification expiry updated' },
    { assister_id: 'd-nav-stpaul', resolution: 'certification expiry updated' },
  ]);
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

  // Full again: the coordinator sends a lead there only with an override and a reason.
  const elsewhere = await newLead('Overridden');
  expect(elsewhere.assisterId).toBe('d-nav-mpls');
  expect(await coordinator('POST', `/api/leads/${elsewhere.leadId}/reassign`, { assisterId: 'd-nav-stpaul' })).toMatchObject({
    status: 422,
    body: { error: 'Assister d-nav-stpaul is at capacity: reassign with an override and a reason to send it there anyway' },
  });
  expect(await coordinator('POST', `/api/leads/${elsewhere.leadId}/reassign`, { assisterId: 'd-nav-stpaul', override: true })).toMatchObject({ status: 400, body: { details: [{ field: 'override' }] } });
  const cli = await runPal(api, tokens.coordinatorToken, 'lead', 'reassign', '--lead', elsewhere.leadId, '--assister', 'd-nav-stpaul', '--override', '--reason', 'Consumer asked for this office');
  expect(cli).toMatchObject({ code: 0, stdout: expect.stringContaining('d-nav-stpaul') });
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

test('an assister cannot withdraw a contact point change the coordinator requested (403); its own it can', async () => {
  const own = await issueAssisterToken(t.sql, 'd-brk-duluth');
  expect(await coordinator('POST', '/api/assisters/d-brk-duluth/contact-point', { email: 'desk@d-brk-duluth.example.org' })).toMatchObject({ status: 202 });
  expect(await call(own, 'POST', '/api/assisters/d-brk-duluth/contact-point/cancel')).toMatchObject({
    status: 403,
    body: { error: 'The PAL coordinator requested this change: only a coordinator can withdraw it' },
  });
  expect((await coordinator('GET', '/api/assisters/d-brk-duluth')).body.pendingContactPoint).toBe('desk@d-brk-duluth.example.org');
  expect(await coordinator('POST', '/api/assisters/d-brk-duluth/contact-point/cancel')).toMatchObject({ status: 200, body: { state: 'cancelled' } });
  expect((await call(own, 'POST', '/api/assisters/d-brk-duluth/contact-point', { email: 'desk@d-brk-duluth.example.org' })).status).toBe(202);
  expect(await call(own, 'POST', '/api/assisters/d-brk-duluth/contact-point/cancel')).toMatchObject({ status: 200, body: { state: 'cancelled' } });
});
