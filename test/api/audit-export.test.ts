// The audit trail exported for a period (GET /api/audit, pal audit export): the rows of those Minnesota days and no
// others, oldest first, each actor's address and each lead's reference resolved, every cell CSV-escaped and none
// readable as a formula; coordinators only; bad periods refused in words; the export itself audited.
import { testDir } from '../support/temp';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { issueAssisterToken } from '../../client/auth';
import { minnesotaInstant } from '../../domain/time';
import { invitePerson } from '../../store/portal-people';
import { addStaff } from '../../store/staff';
import { runPal, startTestApi, testTokens } from '../support/api';
import { eventually } from '../support/eventually';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { assister, sampleLead } from '../support/samples';

let t: LeadTestEnv;
let api: Awaited<ReturnType<typeof startTestApi>>;
let reference: string;
let leadId: string;
let staffId: number;
let personId: number;

const HEADER = ['at (ISO, UTC)', 'at (Minnesota time)', 'actor', 'actor email', 'action', 'lead reference', 'assister id', 'detail (JSON)'];

const audit = (at: Date, actor: string, action: string, more: { leadId?: string; assisterId?: string; detail?: object } = {}) =>
  t.sql`insert into audit_events (at, actor, action, lead_id, assister_id, detail)
        values (${at}, ${actor}, ${action}, ${more.leadId ?? null}, ${more.assisterId ?? null}, ${t.sql.json((more.detail ?? {}) as never)})`;

const exportOf = (query: string, token: string | null = testTokens.coordinatorToken) =>
  fetch(`${api.url}/api/audit?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters([assister('ax-nav-a', '55106')]);
  api = await startTestApi(t, { mailer: t.mailer });
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, zip: '55106' } }));
  if (!created.ok) throw new Error('refused');
  ({ leadId, reference } = created.lead as { leadId: string; reference: string });
  const staff = await addStaff(t.sql, 'ax-coordinator@mnsure.example.org', 'coordinator', 'test');
  const person = await invitePerson(t.sql, 'ax-nav-a', 'ax-person@assisters.example.org', 'coordinator');
  if ('problem' in staff || 'problem' in person) throw new Error('not added');
  ({ id: staffId } = staff);
  ({ id: personId } = person);

  // 2025-03-08 to 03-10: daylight saving begins on 03-09, so the first midnight is at -06:00 and the last at -05:00.
  await audit(new Date(minnesotaInstant('2025-03-08', 0).getTime() - 1), `staff:${staffId}`, 'viewed-leads-before');
  await audit(minnesotaInstant('2025-03-08', 0), `staff:${staffId}`, 'viewed-lead', { leadId });
  await audit(minnesotaInstant('2025-03-09', 12, 30), `person:${personId}`, 'downloaded-report', { assisterId: 'ax-nav-a', detail: { period: '2025-02-24' } });
  await audit(minnesotaInstant('2025-03-10', 9), 'staff:999999', '=HYPERLINK("http://x.example","y")', { detail: { note: 'a "quoted", comma\nand a line' } });
  await audit(minnesotaInstant('2025-03-10', 10), 'coordinator', '+1', { detail: {} });
  await audit(minnesotaInstant('2025-03-10', 11), 'coordinator', '-2');
  await audit(new Date(minnesotaInstant('2025-03-11', 0).getTime() - 1), '@SUM(A1)', 'signed-out');
  await audit(minnesotaInstant('2025-03-11', 0), `staff:${staffId}`, 'viewed-leads-after');
});
afterAll(async () => {
  await api?.close();
  await t?.close();
});

test("a period's audit rows as CSV: Minnesota days both included, names resolved, every cell escaped, no formula", async () => {
  const res = await exportOf('from=2025-03-08&to=2025-03-10');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="pal-audit-2025-03-08-to-2025-03-10.csv"');
  const text = await res.text();
  expect(text.split('\r\n')[0]).toBe('"at (ISO, UTC)",at (Minnesota time),actor,actor email,action,lead reference,assister id,detail (JSON)');
  // The formula is quoted (it holds quotes and commas) and begins with an apostrophe inside the quotes.
  expect(text).toContain(`"'=HYPERLINK(""http://x.example"",""y"")"`);
  expect(parseCsv(text)).toEqual([
    HEADER,
    ['2025-03-08T06:00:00.000Z', '2025-03-08T00:00:00-06:00', `staff:${staffId}`, 'ax-coordinator@mnsure.example.org', 'viewed-lead', reference, '', '{}'],
    ['2025-03-09T17:30:00.000Z', '2025-03-09T12:30:00-05:00', `person:${personId}`, 'ax-person@assisters.example.org', 'downloaded-report', '', 'ax-nav-a', '{"period":"2025-02-24"}'],
    ['2025-03-10T14:00:00.000Z', '2025-03-10T09:00:00-05:00', 'staff:999999', '', `'=HYPERLINK("http://x.example","y")`, '', '', '{"note":"a \\"quoted\\", comma\\nand a line"}'],
    ['2025-03-10T15:00:00.000Z', '2025-03-10T10:00:00-05:00', 'coordinator', '', "'+1", '', '', '{}'],
    ['2025-03-10T16:00:00.000Z', '2025-03-10T11:00:00-05:00', 'coordinator', '', "'-2", '', '', '{}'],
    ['2025-03-11T04:59:59.999Z', '2025-03-10T23:59:59-05:00', "'@SUM(A1)", '', 'signed-out', '', '', '{}'],
  ]);

  // The export is itself in the audit trail, by the coordinator's token, with the period and how many rows it had.
  const [exported] = await t.sql`select actor, detail from audit_events where action = 'exported-audit' order by id desc limit 1`;
  expect(exported).toEqual({ actor: 'coordinator', detail: { from: '2025-03-08', to: '2025-03-10', rows: 6 } });
});

test('many rows stream from the cursor in batches, oldest first, all of them', async () => {
  await t.sql`insert into audit_events (at, actor, action, detail)
              select ${minnesotaInstant('2025-06-02', 8)}::timestamptz + n * interval '1 second', 'coordinator', 'bulk-' || n, jsonb_build_object('n', n)
              from generate_series(1, 2500) n`;
  const rows = parseCsv(await (await exportOf('from=2025-06-02&to=2025-06-02')).text()) as string[][];
  expect(rows.length).toBe(2501);
  expect(rows.slice(1).map((r) => r[4])).toEqual(Array.from({ length: 2500 }, (_, i) => `bulk-${i + 1}`));
  const [exported] = await t.sql`select detail from audit_events where action = 'exported-audit' order by id desc limit 1`;
  expect(exported!.detail).toEqual({ from: '2025-06-02', to: '2025-06-02', rows: 2500 });
});

test('an abandoned download stops reading the cursor and is audited as incomplete', async () => {
  await t.sql`insert into audit_events (at, actor, action, detail)
              select ${minnesotaInstant('2025-07-01', 8)}::timestamptz + n * interval '1 millisecond', 'coordinator', 'many-' || n, jsonb_build_object('n', n)
              from generate_series(1, 60000) n`;
  const controller = new AbortController();
  const res = await fetch(`${api.url}/api/audit?from=2025-07-01&to=2025-07-01`, { headers: { authorization: `Bearer ${testTokens.coordinatorToken}` }, signal: controller.signal });
  await res.body!.getReader().read();
  controller.abort();
  const exported = await eventually(
    async () => (await t.sql<{ detail: { rows: number; complete?: boolean } }[]>`select detail from audit_events where action = 'exported-audit' and detail->>'from' = '2025-07-01'`)[0],
    (row) => row !== undefined,
  );
  expect(exported!.detail).toMatchObject({ from: '2025-07-01', to: '2025-07-01', complete: false });
  expect(exported!.detail.rows).toBeLessThan(60000);
});

test('only the coordinator may export', async () => {
  const assisterToken = await issueAssisterToken(t.sql, 'ax-nav-a');
  expect((await exportOf('from=2025-03-08&to=2025-03-10', null)).status).toBe(401);
  expect((await exportOf('from=2025-03-08&to=2025-03-10', testTokens.contactCenterToken)).status).toBe(403);
  expect((await exportOf('from=2025-03-08&to=2025-03-10', assisterToken)).status).toBe(403);
});

test('a period that is not one is refused in words: a bad date, from after to, more than 366 days', async () => {
  const refusal = async (query: string) => {
    const res = await exportOf(query);
    return { status: res.status, error: ((await res.json()) as { error: string }).error };
  };
  expect(await refusal('from=2025-03-10&to=2025-03-08')).toEqual({ status: 400, error: 'to must be on or after from' });
  expect(await refusal('from=2025-02-30&to=2025-03-08')).toEqual({ status: 400, error: 'from must be a date written YYYY-MM-DD' });
  expect(await refusal('from=2025-03-08')).toEqual({ status: 400, error: 'to is required (YYYY-MM-DD)' });
  expect(await refusal('from=2024-01-01&to=2025-01-01')).toEqual({ status: 400, error: 'The period is 367 days: export at most 366 days at a time' });
  // A leap year is 366 days: allowed.
  const leapYear = await exportOf('from=2024-01-01&to=2024-12-31');
  expect(leapYear.status).toBe(200);
  expect(await leapYear.text()).toBe(`"at (ISO, UTC)",at (Minnesota time),actor,actor email,action,lead reference,assister id,detail (JSON)\r\n`);
});

test('pal audit export writes the same file as the API', async () => {
  const file = join(testDir('pal-audit-'), 'audit.csv');
  const run = await runPal(api.url, testTokens.coordinatorToken, 'audit', 'export', '--from', '2025-03-08', '--to', '2025-03-10', '--file', file);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout).toMatch(/^Wrote .*audit\.csv \(\d+ bytes\)/);
  expect(readFileSync(file, 'utf8')).toBe(await (await exportOf('from=2025-03-08&to=2025-03-10')).text());

  const refused = await runPal(api.url, testTokens.coordinatorToken, 'audit', 'export', '--from', '2025-03-10', '--to', '2025-03-08', '--file', file);
  expect(refused).toMatchObject({ code: 1, stderr: 'to must be on or after from\n' });
  const badFlag = await runPal(api.url, testTokens.coordinatorToken, 'audit', 'export', '--from', 'yesterday', '--to', '2025-03-08');
  expect(badFlag.code).toBe(1);
  expect(badFlag.stderr).toContain('--from must be a date written YYYY-MM-DD');
  expect(badFlag.stderr).toContain('--file is required');
});
