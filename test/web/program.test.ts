// The coordinators' Program page over HTTP: its tables show exactly the figures of `pal metrics --json` (the API's
// GET /api/metrics on the same server) for the chosen period and the one before it; the map draws every county and
// hatches the gaps; the workbook is the one of `pal metrics export`; a bad period is refused beside its field;
// coordinators only, and what they view and download is audited.
import ExcelJS from 'exceljs';
import { minnesotaCounties } from '../../domain/counties';
import { percent } from '../../domain/program-charts';
import type { PeriodMetrics } from '../../store/metrics';
import { addStaff } from '../../store/staff';
import { testTokens } from '../support/api';
import { Visitor } from '../support/browserless';
import { pageSuite } from '../support/page-suite';
import { signIn } from '../support/portal';
import { seedProgram } from '../support/program-seed';
import { assister } from '../support/samples';

const suite = pageSuite({ assisters: [assister('pg-nav-a', '55106'), assister('pg-brk-b', '55802', { type: 'broker' })] });
let seeded: Awaited<ReturnType<typeof seedProgram>>;
let coordinator: Visitor;

beforeAll(async () => {
  seeded = await seedProgram(suite.t.sql, 'pg-nav-a', 'pg-brk-b');
  await addStaff(suite.t.sql, 'pg-coordinator@mnsure.example.org', 'coordinator', 'test');
  coordinator = new Visitor(suite.server.url);
  await signIn(coordinator, 'pg-coordinator@mnsure.example.org');
});

const apiMetrics = async (period: string): Promise<PeriodMetrics> =>
  (await (await fetch(`${suite.server.url}/api/metrics?period=${period}`, { headers: { authorization: `Bearer ${testTokens.coordinatorToken}` } })).json()) as PeriodMetrics;

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&#0?39;|&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();

/** The body rows of the table whose caption starts with `caption`, as cell texts. */
function table(html: string, caption: string): string[][] {
  const found = [...html.matchAll(/<table[^>]*>\s*<caption>([^<]*)<\/caption>([\s\S]*?)<\/table>/g)].find((m) => text(m[1]!).startsWith(caption));
  if (!found) throw new Error(`no table "${caption}"`);
  const body = /<tbody>([\s\S]*)<\/tbody>/.exec(found[2]!)![1]!;
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1]!)));
}

const hours = (n: number | null) => (n === null ? 'None contacted' : `${n} h`);

test("the page's figures are those of pal metrics --json, for the period and the one before it", async () => {
  const page = await coordinator.request('/coordinator/program');
  expect(page.status).toBe(200);
  expect(page.html).toContain('<h1>Program</h1>');
  expect(page.html).toMatch(new RegExp(`<option value="${seeded.latest.referralsFrom}" selected`));
  const m = await apiMetrics(seeded.latest.referralsFrom);
  const before = await apiMetrics(seeded.previous.referralsFrom);
  expect(m.program!.leads).toBe(5);

  // Leads by type: the last two rows are the previous and the chosen period.
  const sum = (p: PeriodMetrics, type: 'navigator' | 'broker') => p.program!.leadsByTypeAndCounty.reduce((n, c) => n + c[type], 0);
  expect(table(page.html, 'Leads per period by assister type').slice(-2).map((r) => r.slice(1))).toEqual(
    [before, m].map((p) => [String(sum(p, 'navigator')), String(sum(p, 'broker')), String(p.program!.leads)]),
  );
  const assisterCells = (rows: string[][]) => rows.map((r) => [/\(([^)]+)\)$/.exec(r[0]!)![1], ...r.slice(1)]);
  expect(assisterCells(table(page.html, 'Contacted within the deadline'))).toEqual(
    m.assisters.map((a) => [a.assisterId, String(a.leadsReceived), percent(a.contactedWithinDeadline), a.contactedWithinDeadline === null ? '—' : a.contactedWithinDeadline < 0.8 ? 'Yes' : 'No']),
  );
  expect(assisterCells(table(page.html, 'Appointment or resolution within 14 days')).map((r) => r.slice(0, 3))).toEqual(
    m.assisters.map((a) => [a.assisterId, String(a.leadsReceived), percent(a.appointmentOrResolutionWithin14Days)]),
  );
  expect(assisterCells(table(page.html, 'Business hours to contact'))).toEqual(
    m.assisters.map((a) => [a.assisterId, String(a.businessHoursToContact.contacted), hours(a.businessHoursToContact.median), hours(a.businessHoursToContact.p90)]),
  );
  const reports = (p: PeriodMetrics) => (['on-time', 'late', 'missing', 'pending'] as const).map((r) => String(p.assisters.filter((a) => a.report === r).length));
  expect(table(page.html, 'Reports per period').slice(-2).map((r) => r.slice(1))).toEqual([reports(before), reports(m)]);
  const mix = Object.fromEntries(table(page.html, 'Leads by resolution').map(([r, n]) => [r, Number(n)]));
  for (const [resolution, count] of Object.entries(mix)) expect(count).toBe(m.assisters.reduce((n, a) => n + a.resolutionMix[resolution as keyof typeof a.resolutionMix], 0));
  expect(mix).toMatchObject({ 'Enrolled in QHP': 1, 'Unable to contact': 1, 'Eligible for MinnesotaCare': 1, 'Contact made, appointment scheduled': 1, 'No resolution yet': 1 });
  expect(table(page.html, 'Leads that waited').slice(-2).map((r) => Number(r[1]))).toEqual([before.program!.waitedForAssister, m.program!.waitedForAssister]);

  // The counties: every one of Minnesota's 87 drawn and listed; leads and gaps as the metrics have them.
  const counties = table(page.html, 'Leads by county and geographic gaps');
  expect(counties.map((r) => r[0])).toEqual(minnesotaCounties().map((c) => c.county));
  for (const c of m.program!.leadsByTypeAndCounty) expect(counties.find((r) => r[0] === c.county)!.slice(1, 4)).toEqual([c.navigator, c.broker, c.navigator + c.broker].map(String));
  for (const g of m.program!.geographicGaps) {
    expect(counties.find((r) => r[0] === g.county)![4]).toContain(g.miles === null ? `no active ${g.assisterType}` : `nearest ${g.assisterType} ${g.miles} mi`);
    expect(page.html).toMatch(new RegExp(`<path id="county-${g.county.toLowerCase().replace(/[^a-z]+/g, '-')}" d="([^"]+)"[^>]*>[\\s\\S]*<path d="\\1" fill="url\\(#pal-gap-${g.assisterType}\\)"`));
  }
  expect(m.program!.geographicGaps.some((g) => g.county === 'Rock County' && g.assisterType === 'navigator')).toBe(true);
  expect(page.html.match(/<path id="county-[^"]+" d="M/g)).toHaveLength(87);
  // Every chart an image with its title, a table beside it; no script, no style attribute (the CSP).
  const charts = [...page.html.matchAll(/<svg class="pal-chart[^"]*" role="img" aria-labelledby="([^ "]+)/g)].map((c) => c[1]);
  expect(charts).toHaveLength(8);
  for (const id of charts) expect(page.html).toMatch(new RegExp(`<title id="${id}">`));
  expect(page.html.match(/<table /g)).toHaveLength(8);
  expect(page.html).not.toMatch(/ style=|<script(?! src="\/assets\/session-timeout\.js")/);

  const trail = await suite.t.sql`select detail from audit_events where action = 'viewed-program' order by id desc limit 1`;
  expect(trail[0]!.detail).toEqual({ period: seeded.latest.referralsFrom });
});

test('another period is chosen in the URL; a bad one is refused beside the field', async () => {
  const earlier = await coordinator.request(`/coordinator/program?period=${seeded.previous.referralsTo}`);
  expect(earlier.status).toBe(200);
  expect(earlier.html).toMatch(new RegExp(`<option value="${seeded.previous.referralsFrom}" selected`));
  expect(earlier.html).toContain(`/coordinator/program/workbook?period=${seeded.previous.referralsFrom}`);
  const before = await apiMetrics(seeded.previous.referralsFrom);
  expect(table(earlier.html, 'Leads per period by assister type').at(-1)![3]).toBe(String(before.program!.leads));

  for (const bad of ['2016-12-31', 'someday', '2026-02-30']) {
    const refused = await coordinator.request(`/coordinator/program?period=${bad}`);
    expect(refused.status).toBe(400);
    expect(refused.html).toMatch(/id="period-error"[^>]*>Select a report period from the list/);
    expect(refused.html).toContain('<title>Error: Program | PAL</title>');
    expect(refused.html).not.toContain('<svg class="pal-chart');
  }
});

test('the metrics workbook is the one of pal metrics export, audited', async () => {
  const res = await fetch(`${suite.server.url}/coordinator/program/workbook?period=${seeded.latest.referralsFrom}`, { headers: { cookie: `pal_session=${coordinator.cookie('pal_session')}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename="pal-metrics-${seeded.latest.referralsFrom}.xlsx"`);
  const api = await fetch(`${suite.server.url}/api/metrics.xlsx?period=${seeded.latest.referralsFrom}`, { headers: { authorization: `Bearer ${testTokens.coordinatorToken}` } });
  const read = async (bytes: ArrayBuffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes);
    return wb.worksheets.map((w) => [w.name, w.getSheetValues().map((row) => (Array.isArray(row) ? row.slice(1) : row))]);
  };
  expect(await read(await res.arrayBuffer())).toEqual(await read(await api.arrayBuffer()));
  const trail = await suite.t.sql`select detail from audit_events where action = 'downloaded-metrics-workbook' order by id desc limit 1`;
  expect(trail[0]!.detail).toEqual({ period: seeded.latest.referralsFrom });
});

test('only coordinators see the page and the workbook', async () => {
  const { t, server } = suite;
  await addStaff(t.sql, 'pg-rep@mnsure.example.org', 'contact-center', 'test');
  const rep = new Visitor(server.url);
  await signIn(rep, 'pg-rep@mnsure.example.org');
  expect((await rep.request('/coordinator/program')).status).toBe(403);
  expect((await rep.request('/coordinator/program/workbook')).status).toBe(403);
  expect((await new Visitor(server.url).request('/coordinator/program')).location).toBe('/portal/sign-in');
  expect((await new Visitor(server.url).request('/coordinator/program/workbook')).location).toBe('/portal/sign-in');
});
