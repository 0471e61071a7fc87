// The program page's chart data: the figures of domain/metrics.ts for a run of periods regrouped into the rows each
// chart and table shows, the axes' scales and the map's bands.
import { holidayCalendar } from '../../domain/business-days';
import { assisterPeriodMetrics, programMetrics, type GeographicGap, type LeadFacts, type ReportReturn } from '../../domain/metrics';
import {
  bandOf,
  countyRows,
  leadBands,
  leadsByType,
  niceScale,
  percent,
  position,
  reportReturns,
  resolutionMix,
  sharesAgainstMinimum,
  timeToContact,
  waitedForAssister,
  type ProgramPeriod,
} from '../../domain/program-charts';
import { RESOLUTIONS } from '../../domain/resolutions';
import { minnesotaInstant } from '../../domain/time';

const holidays = holidayCalendar();
const at = (date: string, hour: number) => minnesotaInstant(date, hour);
const minimums = { contactedWithinDeadline: 0.8, appointmentOrResolutionWithin14Days: 0.5, reportOnTime: true };

let n = 0;
const lead = (f: Partial<LeadFacts> & Pick<LeadFacts, 'assisterId' | 'referredAt'>): LeadFacts => ({
  leadId: `L${++n}`,
  assisterType: 'navigator',
  county: 'Ramsey County',
  createdAt: f.referredAt,
  contactDeadlineAt: new Date(f.referredAt.getTime() + 2 * 86_400_000),
  escalations: 0,
  waitedForAssister: false,
  ...f,
});

/** A period's figures as periodMetrics makes them, from its leads and each assister's report. */
function period(number: number, from: string, to: string, leads: LeadFacts[], reports: Record<string, ReportReturn>, gaps: GeographicGap[] = []): ProgramPeriod {
  const ids = [...new Set([...leads.map((l) => l.assisterId), ...Object.keys(reports)])].sort();
  return {
    period: { number, referralsFrom: from, referralsTo: to },
    assisters: ids.map((id) => assisterPeriodMetrics(id, number, leads.filter((l) => l.assisterId === id), reports[id] ?? 'none', holidays)),
    program: programMetrics(leads, gaps),
  };
}

const p23 = period(23, '2026-11-02', '2026-11-15', [lead({ assisterId: 'nav-a', referredAt: at('2026-11-03', 9), waitedForAssister: true })], { 'nav-a': 'missing', 'brk-b': 'on-time' });
const p24 = period(
  24,
  '2026-11-16',
  '2026-11-29',
  [
    // nav-a: one of two contacted within the deadline (50%, below 80%); the contacted one has an appointment in time.
    lead({ assisterId: 'nav-a', referredAt: at('2026-11-16', 10), contactDate: '2026-11-16', contactReportedAt: at('2026-11-16', 14), appointmentDate: '2026-11-20', resolution: 'Contact made, appointment scheduled' }),
    lead({ assisterId: 'nav-a', referredAt: at('2026-11-17', 9), county: 'Hennepin County' }),
    // brk-b: its one lead contacted in time and enrolled (100%); in a county no ZIP names.
    lead({ assisterId: 'brk-b', assisterType: 'broker', county: undefined, referredAt: at('2026-11-18', 9), contactDate: '2026-11-18', contactReportedAt: at('2026-11-18', 11), resolution: 'Enrolled in QHP', resolvedAt: at('2026-11-19', 9) }),
  ],
  { 'nav-a': 'late', 'brk-b': 'pending', 'nav-c': 'on-time' },
  [
    { county: 'Rock County', assisterType: 'navigator', nearestAssisterId: 'nav-a', miles: 172.4 },
    { county: 'Rock County', assisterType: 'broker', miles: null },
    { county: 'Cook County', assisterType: 'broker', miles: null },
  ],
);

test('a nice scale: 1, 2 or 5 times a power of ten, from 0 past the largest value', () => {
  expect(niceScale(0)).toEqual({ max: 1, ticks: [0, 1] });
  expect(niceScale(7)).toEqual({ max: 8, ticks: [0, 2, 4, 6, 8] });
  expect(niceScale(93)).toEqual({ max: 100, ticks: [0, 20, 40, 60, 80, 100] });
  expect(niceScale(1)).toEqual({ max: 1, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
  expect(niceScale(2_140)).toEqual({ max: 2_500, ticks: [0, 500, 1_000, 1_500, 2_000, 2_500] });
  expect(position(niceScale(7), 6, 200)).toBe(150);
});

test('leads per period by assister type, reports per period, and the leads that waited', () => {
  expect(leadsByType([p23, p24])).toEqual([
    { periodNumber: 23, referralsFrom: '2026-11-02', referralsTo: '2026-11-15', navigator: 1, broker: 0, total: 1 },
    { periodNumber: 24, referralsFrom: '2026-11-16', referralsTo: '2026-11-29', navigator: 2, broker: 1, total: 3 },
  ]);
  expect(reportReturns([p23, p24]).map(({ periodNumber, ...counts }) => ({ periodNumber, counts }))).toEqual([
    { periodNumber: 23, counts: { referralsFrom: '2026-11-02', referralsTo: '2026-11-15', 'on-time': 1, late: 0, missing: 1, pending: 0 } },
    { periodNumber: 24, counts: { referralsFrom: '2026-11-16', referralsTo: '2026-11-29', 'on-time': 1, late: 1, missing: 0, pending: 1 } },
  ]);
  expect(waitedForAssister([p23, p24]).map((w) => w.waited)).toEqual([1, 0]);
});

test("each assister's shares against the review minimums; no leads is no share and not below", () => {
  expect(sharesAgainstMinimum(p24.assisters, 'contactedWithinDeadline', minimums)).toEqual([
    { assisterId: 'brk-b', leads: 1, share: 1, belowMinimum: false },
    { assisterId: 'nav-a', leads: 2, share: 0.5, belowMinimum: true },
    { assisterId: 'nav-c', leads: 0, share: null, belowMinimum: false },
  ]);
  expect(sharesAgainstMinimum(p24.assisters, 'appointmentOrResolutionWithin14Days', minimums).map((r) => [r.assisterId, r.share, r.belowMinimum])).toEqual([
    ['brk-b', 1, false],
    ['nav-a', 0.5, false],
    ['nav-c', null, false],
  ]);
  expect(timeToContact(p24.assisters)).toEqual([
    { assisterId: 'brk-b', contacted: 1, median: 2, p90: 2 },
    { assisterId: 'nav-a', contacted: 1, median: 4, p90: 4 },
    { assisterId: 'nav-c', contacted: 0, median: null, p90: null },
  ]);
});

test('the resolution mix adds up every assister, in the order of the report', () => {
  const mix = resolutionMix(p24.assisters);
  expect(mix.map((m) => m.resolution)).toEqual([...RESOLUTIONS, 'No resolution yet']);
  expect(mix.filter((m) => m.leads).map((m) => [m.resolution, m.leads])).toEqual([
    ['Enrolled in QHP', 1],
    ['Contact made, appointment scheduled', 1],
    ['No resolution yet', 1],
  ]);
});

test("every county with its leads and gaps, and 'Unknown county' for a ZIP without one", () => {
  const rows = countyRows(['Cook County', 'Hennepin County', 'Ramsey County', 'Rock County'], p24.program);
  expect(rows).toEqual([
    { county: 'Cook County', navigator: 0, broker: 0, total: 0, gaps: { broker: null } },
    { county: 'Hennepin County', navigator: 1, broker: 0, total: 1, gaps: {} },
    { county: 'Ramsey County', navigator: 1, broker: 0, total: 1, gaps: {} },
    { county: 'Rock County', navigator: 0, broker: 0, total: 0, gaps: { navigator: 172.4, broker: null } },
    { county: 'Unknown county', navigator: 0, broker: 1, total: 1, gaps: {} },
  ]);
});

test("the map's bands: none alone, then up to four bands of equal width that hold the largest", () => {
  expect(leadBands(0)).toEqual([{ from: 0, to: 0 }]);
  expect(leadBands(3)).toEqual([{ from: 0, to: 0 }, { from: 1, to: 1 }, { from: 2, to: 2 }, { from: 3, to: 3 }]);
  const bands = leadBands(10);
  expect(bands).toEqual([{ from: 0, to: 0 }, { from: 1, to: 3 }, { from: 4, to: 6 }, { from: 7, to: 9 }, { from: 10, to: 12 }]);
  expect([0, 1, 3, 4, 10].map((leads) => bandOf(bands, leads))).toEqual([0, 1, 1, 2, 4]);
});

test('shares print exactly, in per cent', () => {
  expect([0.5, 0.3333, 1, 0, null].map(percent)).toEqual(['50%', '33.33%', '100%', '0%', 'No leads']);
});

test('a counted axis has whole ticks: no half a lead', () => {
  expect(niceScale(2, 5, true)).toEqual({ max: 2, ticks: [0, 1, 2] });
  expect(niceScale(1, 5, true)).toEqual({ max: 1, ticks: [0, 1] });
  expect(niceScale(2).ticks).toContain(0.5);
});
