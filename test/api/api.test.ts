// The edge, end to end on the dev server: the `pal` CLI (run as a real process) and the HTTP API, with
// per-role tokens, over a real worker, PostgreSQL and TLS SMTP.
import { runPal, startTestApi, testTokens as tokens } from '../support/api';
import { parseLeadReference, REFERENCE_ALPHABET } from '../../domain/lead-reference';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { eventually } from '../support/eventually';
import { mailsFor, recipient } from '../support/mail';
import { sampleLead } from '../support/samples';

let t: LeadTestEnv;
let server: Awaited<ReturnType<typeof startTestApi>>;
let api: string;

beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  server = await startTestApi(t);
  api = server.url;
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const pal = (token: string | undefined, ...args: string[]) => runPal(api, token, ...args);
const post = (path: string, token: string | undefined, body: unknown) =>
  fetch(`${api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) }, body: JSON.stringify(body) });

test('the coordinator imports the sample Minnesota directory from CSV', async () => {
  const out = await pal(tokens.coordinatorToken, 'assister', 'import', '--file', 'samples/assisters.csv');
  expect(out).toMatchObject({ code: 0 });
  expect(out.stdout).toMatch(/Imported 30 assisters \(30 new, 0 updated\)/);
  const count = (await t.sql<{ count: number }[]>`select count(*)::int as count from assisters where type = 'broker'`)[0]!.count;
  expect(count).toBeGreaterThan(5);
  const bad = await pal(tokens.coordinatorToken, 'assister', 'import', '--file', 'samples/lead.json');
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toMatch(/JSON array of assisters/);
});

test('pal route explains the decision without creating anything, against PAL or a proposed directory', async () => {
  const viaApi = JSON.parse((await pal(tokens.contactCenterToken, 'route', '--file', 'samples/lead.json', '--json')).stdout);
  expect(viaApi).toMatchObject({ assisterType: 'navigator', assisterId: 'nav-stpaul-01', rule: 'public-program' });
  expect(viaApi.distanceMiles).toBeLessThan(5);
  expect(viaApi.candidates.length).toBe(18);
  const whatIf = JSON.parse((await pal(undefined, 'route', '--file', 'samples/lead.json', '--assisters', 'samples/assisters.json', '--json')).stdout);
  expect(whatIf).toEqual(viaApi);
  const count = (await t.sql<{ count: number }[]>`select count(*)::int as count from leads`)[0]!.count;
  expect(count).toBe(0);
});

test('pal lead deadlines prints the deadlines of a lead sent at an instant', async () => {
  const out = await pal(undefined, 'lead', 'deadlines', '--sent-at', '2026-11-25T15:00:00-06:00', '--json');
  expect(JSON.parse(out.stdout)).toEqual({
    contactReminderAt: '2026-11-30T17:00:00-06:00',
    contactDeadlineAt: '2026-12-01T17:00:00-06:00',
    appointmentDeadlineAt: '2026-12-09T17:00:00-06:00',
  });
});

test('a bad lead is refused field by field and nothing is started', async () => {
  const res = await post('/api/leads', tokens.contactCenterToken, { ...sampleLead(), consentToShare: false, consumer: { ...sampleLead().consumer, zip: '90210' } });
  expect(res.status).toBe(400);
  const body = (await res.json()) as { details: { field: string }[] };
  expect(body.details.map((d) => d.field).sort()).toEqual(['consentToShare', 'consumer.zip']);
  expect(JSON.stringify(body)).not.toContain('Lopez');
  const cli = await pal(tokens.contactCenterToken, 'lead', 'create', '--file', 'samples/assisters.json');
  expect(cli.code).toBe(1);
  expect(cli.stderr).toMatch(/The lead is not valid/);
  const count = (await t.sql<{ count: number }[]>`select count(*)::int as count from leads`)[0]!.count;
  expect(count).toBe(0);
});

test('a lead created with the CLI is emailed at once with its reference, deadlines and a link to the portal; the assister reports with its own token', async () => {
  const created = await pal(tokens.contactCenterToken, 'lead', 'create', '--file', 'samples/lead.json', '--json');
  expect(created.code).toBe(0);
  const lead = JSON.parse(created.stdout);
  expect(lead).toMatchObject({ status: 'awaiting-contact', assisterId: 'nav-stpaul-01', assisterName: 'East Side Coverage Partners', assisterType: 'navigator', rule: 'public-program' });
  expect(lead.contactDeadlineAt).toBeDefined();
  const again = await pal(tokens.contactCenterToken, 'lead', 'create', '--file', 'samples/lead.json', '--json');
  expect(JSON.parse(again.stdout).leadId).toBe(lead.leadId);

  // One reference, the same in the API's answer, the email and the CLI; the email does not need the id.
  expect(parseLeadReference(lead.reference)).toMatchObject({ ok: true, reference: lead.reference });
  expect(JSON.parse(again.stdout).reference).toBe(lead.reference);
  const [referral] = await eventually(() => mailsFor(lead), (m) => m.length > 0);
  expect(recipient(referral!)).toBe('leads@nav-stpaul.example.org');
  expect(referral!.Subject).toBe(`PAL lead ${lead.reference}: new navigator referral`);
  // PAL_REFERRAL_EMAIL's default (link): the reference, the deadlines and the lead's page; the consumer is in the portal.
  for (const item of [`Lead reference: ${lead.reference}`, 'no later than', 'Complete an appointment by', `http://127.0.0.1:3000/portal/leads/${lead.reference}`]) expect(referral!.Text).toContain(item);
  for (const pii of ['Ana', 'Lopez', '651-555-0134', 'ana@example.org', 'alopez77', 'renewing coverage', 'pal lead']) expect(referral!.Text).not.toContain(pii);
  expect(referral!.Text).not.toContain(lead.leadId);

  const stpaul = JSON.parse((await pal(tokens.coordinatorToken, 'assister', 'token', '--assister', 'nav-stpaul-01', '--json')).stdout).token as string;
  const other = JSON.parse((await pal(tokens.coordinatorToken, 'assister', 'token', '--assister', 'nav-duluth-01', '--json')).stdout).token as string;
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'America/Chicago' });

  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  expect((await post(`/api/leads/${lead.leadId}/contact`, other, { contactDate: today })).status).toBe(403);
  expect(warn.mock.calls.flat().join(' ')).toMatch(new RegExp(`refused contact on lead ${lead.leadId} for assister nav-duluth-01`));
  expect(warn.mock.calls.flat().join(' ')).not.toMatch(/Ana|Lopez|651-555/);
  warn.mockRestore();
  expect((await post(`/api/leads/${lead.leadId}/contact`, undefined, { contactDate: today })).status).toBe(401);
  expect((await post(`/api/leads/${lead.leadId}/contact`, tokens.contactCenterToken, { contactDate: today })).status).toBe(403);
  expect((await post(`/api/leads/${lead.leadId}/contact`, stpaul, { contactDate: 'soon' })).status).toBe(400);
  const rejected = await post(`/api/leads/${lead.leadId}/contact`, stpaul, { contactDate: '2099-01-01' });
  expect([rejected.status, ((await rejected.json()) as { error: string }).error]).toEqual([422, 'Contact date is in the future']);

  // The reference works wherever the id does, typed as people type it (lower case, a hyphen).
  const typed = `${lead.reference.slice(0, 4)}-${lead.reference.slice(4)}`.toLowerCase();
  expect(await pal(stpaul, 'lead', 'contact', '--lead', typed, '--date', today)).toMatchObject({ code: 0, stdout: expect.stringContaining(`Lead ${lead.reference}: contacted`) });
  const byReference = await fetch(`${api}/api/leads/${lead.reference}`, { headers: { authorization: `Bearer ${tokens.coordinatorToken}` } });
  expect([byReference.status, await byReference.json()]).toEqual([200, expect.objectContaining({ leadId: lead.leadId, reference: lead.reference, status: 'contacted' })]);
  const byId = await fetch(`${api}/api/leads/${lead.leadId}`, { headers: { authorization: `Bearer ${tokens.coordinatorToken}` } });
  expect(await byId.json()).toMatchObject({ leadId: lead.leadId, reference: lead.reference });
  // A mistyped reference finds no lead, and says why; another assister's lead by reference is refused as by id.
  const typo = lead.reference.slice(0, 7) + REFERENCE_ALPHABET[(REFERENCE_ALPHABET.indexOf(lead.reference[7]!) + 1) % 32];
  const mistyped = await fetch(`${api}/api/leads/${typo}`, { headers: { authorization: `Bearer ${tokens.coordinatorToken}` } });
  expect([mistyped.status, ((await mistyped.json()) as { error: string }).error]).toEqual([404, expect.stringMatching(/typo/)]);
  expect((await post(`/api/leads/${lead.reference}/contact`, other, { contactDate: today })).status).toBe(403);
  const resolved = await pal(stpaul, 'lead', 'resolve', '--lead', lead.reference, '--contact-made', 'Y', '--resolution', 'Eligible for Medical Assistance', '--json');
  expect(JSON.parse(resolved.stdout)).toMatchObject({ status: 'resolved', resolution: 'Eligible for Medical Assistance', reference: lead.reference });
});

test('pal report calendar prints the report periods, as the OE5 table by default', async () => {
  const out = await pal(undefined, 'report', 'calendar', '--from', '2017-11-01', '--count', '5', '--json');
  expect(JSON.parse(out.stdout)).toEqual([
    { referralsFrom: '2017-11-01', referralsTo: '2017-11-15', reportSent: '2017-11-22', reportDue: '2017-11-29' },
    { referralsFrom: '2017-11-16', referralsTo: '2017-11-29', reportSent: '2017-12-06', reportDue: '2017-12-13' },
    { referralsFrom: '2017-11-30', referralsTo: '2017-12-13', reportSent: '2017-12-20', reportDue: '2017-12-27' },
    { referralsFrom: '2017-12-14', referralsTo: '2017-12-27', reportSent: '2018-01-03', reportDue: '2018-01-10' },
    { referralsFrom: '2017-12-28', referralsTo: '2018-01-10', reportSent: '2018-01-17', reportDue: '2018-01-24' },
  ]);
  const bad = await pal(undefined, 'report', 'calendar', '--count', 'x');
  expect(bad).toMatchObject({ code: 1, stderr: expect.stringMatching(/--count must be a whole number/) });
});
