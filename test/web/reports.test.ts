// The portal's Reports page over HTTP: the organization's reports with their workbooks to download (audited, nothing
// else changed), completed workbooks submitted as a browser sends a form (multipart, CSRF token in the body) through
// the API's own checks: accepted rows applied to their leads, bad rows listed by row, column and reason, bad files,
// oversized ones, forms without a token and the hourly limit (shared with the API) refused with nothing kept.
// Another organization sees none of it; signed out, every route asks to sign in.
import ExcelJS from 'exceljs';
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { issueAssisterToken } from '../../client/auth';
import { WORKBOOK_LIMIT } from '../../client/api/bodies';
import { OE5_REPORT_CALENDAR, periodContaining } from '../../domain/report-calendar';
import { minnesotaDate } from '../../domain/time';
import { startTestApi } from '../support/api';
import { csrfOf, Visitor } from '../support/browserless';
import { eventually } from '../support/eventually';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { signIn } from '../support/portal';
import { assister, sampleLead } from '../support/samples';

const today = minnesotaDate(new Date());
const period = periodContaining(OE5_REPORT_CALENDAR, today)!;
const workbookPath = `/portal/reports/${period.referralsFrom}/workbook`;
let t: LeadTestEnv;
let server: Awaited<ReturnType<typeof startTestApi>>;
let navA: Visitor;
let navB: Visitor;
const leads: { leadId: string; reference: string }[] = [];

beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters([assister('rp-nav-a', '55106'), assister('rp-nav-b', '55802')]);
  server = await startTestApi(t, { mailer: t.mailer });
  for (const lastName of ['Rowan', 'Sable']) {
    const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, firstName: 'Quinta', lastName, zip: '55106' } }));
    if (!created.ok || created.lead.assisterId !== 'rp-nav-a') throw new Error('not routed to rp-nav-a');
    leads.push({ leadId: created.lead.leadId, reference: created.lead.reference! });
  }
  for (const { leadId } of leads) await eventually(() => t.env.client.workflow.getHandle(leadWorkflowId(leadId)).query(statusQuery), (v) => v.history.some((h) => h.event === 'referred'));
  // The report went out (what the cycle's sendReportWorkbook records once it has emailed it).
  await t.sql`insert into report_obligations (assister_id, period_number, rows, sent_at) values ('rp-nav-a', ${period.number}, 2, now())`;
  navA = new Visitor(server.url);
  navB = new Visitor(server.url);
  await signIn(navA, 'rp-nav-a@assisters.example.org');
  await signIn(navB, 'rp-nav-b@assisters.example.org');
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

/** The report form as a browser posts it: multipart, the CSRF token first, then the period and the file. */
async function submitForm(visitor: Visitor, fields: { _csrf?: string; period?: string }, file?: Buffer, base = server.url, how: { headers?: Record<string, string>; chunked?: boolean } = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append('report', new Blob([new Uint8Array(file)]), 'completed.xlsx');
  // Chunked: the same body as a stream, sent without Content-Length.
  const encoded = new Response(form);
  const res = await fetch(new URL('/portal/reports', base), {
    method: 'POST',
    redirect: 'manual',
    ...(how.chunked ? { body: encoded.body, duplex: 'half' } : { body: form }),
    headers: {
      cookie: ['pal_session', '_csrf'].map((c) => `${c}=${visitor.cookie(c) ?? ''}`).join('; '),
      ...(how.chunked && { 'content-type': encoded.headers.get('content-type')! }),
      ...how.headers,
    },
  });
  return { status: res.status, location: res.headers.get('location'), retryAfter: res.headers.get('retry-after'), html: await res.text() };
}
const submit = async (visitor: Visitor, file?: Buffer) => submitForm(visitor, { _csrf: csrfOf((await visitor.request('/portal/reports')).html), period: period.referralsFrom }, file);

async function download(visitor: Visitor): Promise<ExcelJS.Worksheet> {
  const page = await visitor.request('/portal/reports');
  expect(page.html).toContain(`href="${workbookPath}"`);
  const res = await fetch(new URL(workbookPath, server.url), { headers: { cookie: `pal_session=${visitor.cookie('pal_session')}` } });
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  return wb.getWorksheet('Report')!;
}

/** The downloaded workbook with the assister columns of these leads' rows (by index in `leads`) filled in. */
async function completed(fill: Record<number, [string, string | null, string]>): Promise<Buffer> {
  const ws = await download(navA);
  for (const [lead, [made, date, resolution]] of Object.entries(fill)) {
    const r = ws.getRow(rowOf(ws, leads[Number(lead)]!.reference));
    r.getCell(6).value = made;
    r.getCell(7).value = date && new Date(`${date}T00:00:00Z`);
    r.getCell(8).value = resolution;
  }
  return Buffer.from(await ws.workbook.xlsx.writeBuffer());
}

const rowOf = (ws: ExcelJS.Worksheet, reference: string) => [2, 3].find((n) => ws.getRow(n).getCell(1).value === reference)!;

const submissionsOf = (assisterId: string) => t.sql<{ id: string; original: Buffer | null; result: { rejectedFile?: string } }[]>`
  select id, original, result from report_submissions where assister_id = ${assisterId} order by id`;

test('the page lists the report: when it went out, when it is due, and its workbook to download', async () => {
  const page = await navA.request('/portal/reports');
  expect(page.status).toBe(200);
  expect(page.html).toContain('<h1>Reports</h1>');
  expect(page.html).toMatch(/<h3>Referrals .+ to .+<\/h3>/);
  expect(page.html).toMatch(/Sent<\/dt><dd[^>]*>.+, 2 rows/);
  expect(page.html).toContain('Due</dt>');
  expect(page.html).toContain('Nothing received for this report yet.');
  expect(page.html).toMatch(/<a href="[^"]+\/workbook">Download report workbook<\/a>/);
  expect(page.html).toMatch(/<input class="usa-file-input" id="report" name="report" type="file"/);
  expect(page.html).toMatch(/<form[^>]+enctype="multipart\/form-data"/);
});

test('the workbook downloads with the leads by reference; the download is audited and changes nothing else', async () => {
  const before = await t.sql`select * from report_obligations where assister_id = 'rp-nav-a'`;
  const res = await fetch(new URL(workbookPath, server.url), { headers: { cookie: `pal_session=${navA.cookie('pal_session')}` } });
  expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename="pal-report-rp-nav-a-${period.referralsFrom}.xlsx"`);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const ws = wb.getWorksheet('Report')!;
  expect([2, 3].map((n) => ws.getRow(n).getCell(1).value).sort()).toEqual(leads.map((l) => l.reference).sort());

  const audit = await t.sql<{ actor: string; action: string; detail: unknown }[]>`select actor, action, detail from audit_events where assister_id = 'rp-nav-a' and action = 'downloaded-report'`;
  expect(audit[0]).toEqual({ actor: expect.stringMatching(/^person:\d+$/), action: 'downloaded-report', detail: { period: period.referralsFrom } });
  expect(JSON.stringify(audit)).not.toMatch(/Quinta|Rowan|651-555/);
  expect(await t.sql`select * from report_obligations where assister_id = 'rp-nav-a'`).toEqual(before);
  expect(await submissionsOf('rp-nav-a')).toEqual([]);
});

test('an accepted report: a confirmation with its rows, the outcomes applied to the leads, the submission listed and audited', async () => {
  const file = await completed({ 0: ['Y', today, 'Contact made, appointment scheduled'], 1: ['N', null, 'Unable to contact'] });
  const sent = await submit(navA, file);
  expect(sent.status).toBe(303);
  const [submission] = await submissionsOf('rp-nav-a');
  expect(sent.location).toBe(`/portal/reports?submission=${submission!.id}`);
  expect(Buffer.compare(submission!.original!, file)).toBe(0);

  const page = await navA.request(sent.location!);
  expect(page.status).toBe(200);
  expect(page.html).toContain('<title>Reports | PAL</title>');
  expect(page.html).toMatch(/Report received[\s\S]*Referrals .+: 2 rows recorded for your leads\. (All are applied|\d of 2 applied)/);
  expect(page.html).not.toContain('error-summary');
  expect(page.html).toContain('rp-nav-a@assisters.example.org');
  expect(page.html).toMatch(/Accepted: 2 rows recorded, 0 unchanged/);

  const status = (i: number) => t.env.client.workflow.getHandle(leadWorkflowId(leads[i]!.leadId)).query(statusQuery);
  await eventually(() => status(1), (s) => s.status === 'resolved');
  expect(await status(1)).toMatchObject({ resolution: 'Unable to contact' });
  expect(await status(0)).toMatchObject({ status: 'appointment-scheduled', contactDate: today });
  await eventually(async () => (await navA.request('/portal/reports')).html, (html) => html.includes('2 of 2 applied to leads'));
  expect((await navA.request('/portal/reports')).html).toContain('2 of 2 applied to leads');

  // The same file again: nothing changes, and the page says so.
  const again = await submit(navA, file);
  expect(again.location).toBe(`/portal/reports?submission=${submission!.id}&duplicate=1`);
  expect((await navA.request(again.location!)).html).toContain('PAL already had this file');
  expect(await submissionsOf('rp-nav-a')).toHaveLength(1);

  const audit = await t.sql<{ action: string; detail: Record<string, unknown> }[]>`select action, detail from audit_events where assister_id = 'rp-nav-a' and action like 'submitted-report%' order by id`;
  expect(audit).toEqual([
    { action: 'submitted-report', detail: { period: period.referralsFrom, submissionId: Number(submission!.id), fileRefused: false } },
    { action: 'submitted-report', detail: { period: period.referralsFrom, submissionId: Number(submission!.id), fileRefused: false } },
  ]);
});

test('a workbook with bad rows: the error summary first, and a table of the rows by row, column and reason', async () => {
  const file = await completed({ 0: ['N', today, 'Enrolled in QHP'] });
  const row = rowOf(await download(navA), leads[0]!.reference);
  const sent = await submit(navA, file);
  expect(sent.status).toBe(303);
  const page = await navA.request(sent.location!);
  expect(page.html).toContain('<title>Error: Reports | PAL</title>');
  expect(page.html).toMatch(/id="error-summary"[\s\S]*<a href="#row-problems">\d+ problems? in the report's rows: correct/);
  const table = /<table[^>]*id="row-problems"[\s\S]*?<\/table>/.exec(page.html)![0];
  expect(table).toMatch(/<caption>Rows of the report .+ that could not be used<\/caption>/);
  expect(table).toMatch(/<th scope="col">Row<\/th><th scope="col">Column<\/th><th scope="col">Reason<\/th>/);
  expect(table).toContain(`<th scope="row" data-label="Row">${row}</th><td data-label="Column">Contact Date</td><td data-label="Reason">A contact date is given but Contact Made = N</td>`);
  expect(table).toMatch(/data-label="Column">Resolution<\/td><td data-label="Reason">&quot;Enrolled in QHP&quot; needs contact/);
  expect(table).not.toMatch(/Quinta|Rowan|651-555/);
});

test('a file that is not a workbook, one too large, or a form without its token: refused, nothing kept or recorded', async () => {
  const before = (await submissionsOf('rp-nav-a')).length;
  const outcomes = async () => (await t.sql`select count(*)::int as n from report_outcomes`)[0]!.n as number;
  const recorded = await outcomes();

  const notWorkbook = await submit(navA, Buffer.from('Lead Reference,Contact Made\nabc,Y\n'));
  expect(notWorkbook.status).toBe(422);
  expect(notWorkbook.html).toContain('<title>Error: Reports | PAL</title>');
  expect(notWorkbook.html).toMatch(/id="error-summary"[\s\S]*<a href="#report">The file was refused: The file is not an \.xlsx workbook\. Nothing was recorded\.<\/a>/);
  expect(notWorkbook.html).toMatch(/id="report-error"[^>]*>The file was refused/);
  // Its digest and result are kept, as for the API; never the file.
  const refused = (await submissionsOf('rp-nav-a')).slice(before);
  expect(refused).toEqual([{ id: expect.any(String), original: null, result: expect.objectContaining({ rejectedFile: 'The file is not an .xlsx workbook' }) }]);

  // Declared larger than a form may be: refused before it is read. Just past the file limit: read, dropped, refused.
  for (const size of [22 * 1024 * 1024, WORKBOOK_LIMIT + 1]) {
    const huge = await submit(navA, Buffer.alloc(size));
    expect(huge.status).toBe(413);
    expect(huge.html).toMatch(/id="error-summary"[\s\S]*The file is larger than 20 MB: a report workbook is much smaller\. Nothing was recorded\./);
  }

  const noFile = await submit(navA);
  expect(noFile.status).toBe(400);
  expect(noFile.html).toMatch(/<a href="#report">Choose the completed report workbook/);

  const good = await completed({ 0: ['Y', today, 'Eligible for Medical Assistance'] });
  const noToken = await submitForm(navA, { period: period.referralsFrom }, good);
  expect(noToken.status).toBe(403);
  expect(noToken.html).toContain('This form has expired');
  const wrongToken = await submitForm(navA, { _csrf: 'not-the-token', period: period.referralsFrom }, good);
  expect(wrongToken.status).toBe(403);

  expect((await submissionsOf('rp-nav-a')).length).toBe(before + 1);
  expect(await outcomes()).toBe(recorded);
});

test('the hourly limit counts the API and the page together: 429 with Retry-After, nothing read', async () => {
  const limited = await startTestApi(t, { reportSubmissionsPerHour: 1 });
  try {
    const token = await issueAssisterToken(t.sql, 'rp-nav-a');
    const api = await fetch(`${limited.url}/api/reports/rp-nav-a?period=${today}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: 'first' });
    expect(api.status).toBe(422);
    const csrf = csrfOf((await navA.request('/portal/reports')).html);
    const page = await submitForm(navA, { _csrf: csrf, period: period.referralsFrom }, Buffer.from('second'), limited.url);
    expect(page.status).toBe(429);
    expect(Number(page.retryAfter)).toBeGreaterThan(0);
    expect(page.html).toMatch(/id="error-summary"[\s\S]*reached the limit of 1 report an hour\. Try again in \d+ minutes?\. Nothing was recorded\./);
    expect(await t.sql`select id from report_submissions where assister_id = 'rp-nav-a' and file_sha256 = encode(sha256('second'), 'hex')`).toEqual([]);
  } finally {
    await limited.close();
  }
});

test('an upload that does not say its size (chunked) is refused before it is read; nothing is recorded', async () => {
  const before = (await submissionsOf('rp-nav-a')).length;
  const csrf = csrfOf((await navA.request('/portal/reports')).html);
  const chunked = await submitForm(navA, { _csrf: csrf, period: period.referralsFrom }, Buffer.from('not read'), server.url, { chunked: true });
  expect(chunked.status).toBe(411);
  expect(chunked.html).toMatch(/id="error-summary"[\s\S]*PAL could not tell the size of the upload\. Submit the file with the form on this page\. Nothing was recorded\./);
  expect((await submissionsOf('rp-nav-a')).length).toBe(before);
});

test('a form posted from another site is refused before the hourly limit counts it', async () => {
  const limited = await startTestApi(t, { reportSubmissionsPerHour: 1 });
  try {
    const csrf = csrfOf((await navA.request('/portal/reports')).html);
    const fields = { _csrf: csrf, period: period.referralsFrom };
    const elsewhere: Record<string, string>[] = [{ origin: 'https://elsewhere.example.org' }, { 'sec-fetch-site': 'same-site' }, { origin: 'null', 'sec-fetch-site': 'cross-site' }];
    for (const headers of elsewhere) {
      const refused = await submitForm(navA, fields, Buffer.from('from elsewhere'), limited.url, { headers });
      expect(refused.status).toBe(403);
    }
    expect(await t.sql`select id from report_submissions where file_sha256 = encode(sha256('from elsewhere'), 'hex')`).toEqual([]);
    // The organization's own form, as Chromium posts it under PAL's no-referrer policy, is read: the limit was not used up.
    const own = await submitForm(navA, fields, Buffer.from('own form'), limited.url, { headers: { origin: 'null', 'sec-fetch-site': 'same-origin' } });
    expect(own.status).toBe(422);
  } finally {
    await limited.close();
  }
});

test("another organization sees none of the reports, cannot download the workbook or see a submission", async () => {
  const page = await navB.request('/portal/reports');
  expect(page.status).toBe(200);
  expect(page.html).toContain('Your organization has no reports yet.');
  expect(page.html).not.toContain('Download report workbook');
  expect(page.html).not.toContain('rp-nav-a');

  const workbook = await navB.request(workbookPath);
  expect(workbook.status).toBe(404);
  expect(workbook.html).toContain('<h1>Report not found</h1>');
  expect(workbook.html).not.toMatch(/Quinta|Rowan|651-555|rp-nav-a/);

  const [submission] = await submissionsOf('rp-nav-a');
  const shown = await navB.request(`/portal/reports?submission=${submission!.id}`);
  expect(shown.status).toBe(404);
  expect(shown.html).not.toMatch(/rows? recorded|rp-nav-a/);

  // Nor can it submit for a report that is not its own.
  const sent = await submitForm(navB, { _csrf: csrfOf(page.html), period: period.referralsFrom }, Buffer.from('x'));
  expect(sent.status).toBe(400);
  expect(sent.html).toContain('Select the report you are returning');
  expect(await submissionsOf('rp-nav-b')).toEqual([]);
  expect(await t.sql`select 1 from audit_events where assister_id = 'rp-nav-b' and action = 'downloaded-report'`).toEqual([]);
});

test('signed out: every route of the page asks to sign in, and nothing is read', async () => {
  const stranger = new Visitor(server.url);
  for (const path of ['/portal/reports', workbookPath, `/portal/reports?submission=1`]) {
    const res = await stranger.request(path);
    expect(res.status).toBe(303);
    expect(res.location).toBe('/portal/sign-in');
  }
  const posted = await submitForm(stranger, { period: period.referralsFrom }, Buffer.from('x'));
  expect(posted.status).toBe(303);
  expect(posted.location).toBe('/portal/sign-in');
});
