// Staff act on a lead through the API (issue 12): a representative or coordinator withdraws it, or corrects the
// consumer's phone, email or ZIP code; assisters may not; a closed lead refuses with the reason.
import { runPal, startTestApi, testTokens as tokens } from '../support/api';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { eventually } from '../support/eventually';
import { mailLine, mailsFor } from '../support/mail';
import { assister, sampleLead } from '../support/samples';

let t: LeadTestEnv;
let server: Awaited<ReturnType<typeof startTestApi>>;
let api: string;

beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters([assister('a-nav-stpaul', '55101'), assister('a-nav-duluth', '55802')]);
  server = await startTestApi(t);
  api = server.url;
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const post = (path: string, token: string | undefined, body: unknown) =>
  fetch(`${api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) }, body: JSON.stringify(body) });

async function newLead() {
  const res = await post('/api/leads', tokens.contactCenterToken, sampleLead());
  expect(res.status).toBe(201);
  return (await res.json()) as { leadId: string; reference: string; assisterId: string };
}

test('a representative corrects the ZIP code before contact: the lead goes to the closer assister; a bad phone is refused by field without its value', async () => {
  const lead = await newLead();
  expect(lead.assisterId).toBe('a-nav-stpaul');
  const bad = await post(`/api/leads/${lead.reference}/consumer`, tokens.contactCenterToken, { phone: '555-0000', zip: '90210' });
  expect(bad.status).toBe(400);
  const refused = await bad.text();
  expect(JSON.parse(refused).details).toEqual([
    { field: 'phone', message: 'Phone number must be a valid US phone number' },
    { field: 'zip', message: 'ZIP code must be a Minnesota ZIP code (5 digits)' },
  ]);
  expect(refused).not.toMatch(/555-0000|90210/);
  expect((await post(`/api/leads/${lead.reference}/consumer`, tokens.contactCenterToken, {})).status).toBe(400);

  const res = await post(`/api/leads/${lead.reference}/consumer`, tokens.contactCenterToken, { zip: '55802', email: null });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ reference: lead.reference, assisterId: 'a-nav-duluth', assignment: 2 });
  const [row] = await t.sql<{ intake: { consumer: Record<string, string> } }[]>`select intake from leads where id = ${lead.leadId}`;
  expect(row!.intake.consumer.zip).toBe('55802');
  expect(row!.intake.consumer).not.toHaveProperty('email');
});

test('a coordinator withdraws a lead; an assister may not; a closed lead refuses with the reason', async () => {
  const lead = await newLead();
  const token = JSON.parse((await runPal(api, tokens.coordinatorToken, 'assister', 'token', '--assister', 'a-nav-stpaul', '--json')).stdout).token as string;
  expect((await post(`/api/leads/${lead.reference}/withdraw`, token, { reason: 'consent-revoked' })).status).toBe(403);
  expect((await post(`/api/leads/${lead.reference}/withdraw`, tokens.coordinatorToken, { reason: 'changed-mind' })).status).toBe(400);
  expect((await post(`/api/leads/${lead.reference}/withdraw`, tokens.coordinatorToken, { reason: 'consent-revoked', note: 'two\nlines' })).status).toBe(400);

  const res = await post(`/api/leads/${lead.reference}/withdraw`, tokens.coordinatorToken, { reason: 'created-in-error', note: 'Duplicate of another lead' });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ reference: lead.reference, status: 'withdrawn', withdrawalReason: 'created-in-error' });
  const status = await fetch(`${api}/api/leads/${lead.reference}`, { headers: { authorization: `Bearer ${tokens.coordinatorToken}` } });
  expect(await status.json()).toMatchObject({ status: 'withdrawn' });

  const again = await post(`/api/leads/${lead.reference}/withdraw`, tokens.contactCenterToken, { reason: 'consent-revoked' });
  expect(again.status).toBe(422);
  expect((await again.json()).error).toBe('Lead is already closed');
  expect((await post(`/api/leads/${lead.reference}/consumer`, tokens.contactCenterToken, { phone: '651-555-0100' })).status).toBe(422);
  const mails = await eventually(() => mailsFor(lead), (m) => m.length >= 2);
  expect(mails.map(mailLine)).toContain('a-nav-stpaul@assisters.example.org PAL lead REF: withdrawn, do not contact');
});
