// The program page's charts as data: what `pal metrics --json` says for a run of report periods, turned into the
// rows each chart and its table show, and the scales they are drawn on. Pure: the figures are domain/metrics.ts's,
// regrouped and never recomputed from the leads.
import type { AssisterPeriodMetrics, ProgramMetrics, ReportReturn, ReviewMinimums } from './metrics';
import { RESOLUTIONS } from './resolutions';
import type { AssisterType } from './routing';

/** One period's figures, as store/metrics.ts periodMetrics gives them to a coordinator. */
export interface ProgramPeriod {
  period: { number: number; referralsFrom: string; referralsTo: string };
  assisters: AssisterPeriodMetrics[];
  program: ProgramMetrics;
}

/**
 * An axis from 0 to `max` with 'nice' ticks (steps of 1, 2 or 5 × 10ⁿ), at most about `count` of them; for what is
 * counted (`whole`), steps of at least 1: there is no half a lead.
 */
export interface Scale {
  max: number;
  ticks: number[];
}

export function niceScale(largest: number, count = 5, whole = false): Scale {
  if (!(largest > 0)) return { max: 1, ticks: [0, 1] };
  const rough = largest / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const nice = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  const step = whole ? Math.max(1, nice) : nice;
  const max = Math.ceil(largest / step) * step;
  const ticks = Array.from({ length: Math.round(max / step) + 1 }, (_, i) => Number((i * step).toPrecision(12)));
  return { max, ticks };
}

/** Where `value` falls along an axis `length` long (0 at the start). */
export const position = (scale: Scale, value: number, length: number) => (value / scale.max) * length;

const COUNTED_REPORTS = ['on-time', 'late', 'missing', 'pending'] as const satisfies readonly ReportReturn[];

export interface PeriodRow {
  periodNumber: number;
  referralsFrom: string;
  referralsTo: string;
}

const periodRow = (p: ProgramPeriod): PeriodRow => ({ periodNumber: p.period.number, referralsFrom: p.period.referralsFrom, referralsTo: p.period.referralsTo });

/** Leads referred in each period by the type of assister they went to (oldest period first). */
export function leadsByType(periods: readonly ProgramPeriod[]): (PeriodRow & Record<AssisterType, number> & { total: number })[] {
  return periods.map((p) => {
    const sum = (type: AssisterType) => p.program.leadsByTypeAndCounty.reduce((n, c) => n + c[type], 0);
    return { ...periodRow(p), navigator: sum('navigator'), broker: sum('broker'), total: p.program.leads };
  });
}

/** How many assisters returned each period's report on time, late, not at all (overdue), or not yet. */
export function reportReturns(periods: readonly ProgramPeriod[]): (PeriodRow & Record<(typeof COUNTED_REPORTS)[number], number>)[] {
  return periods.map((p) => ({ ...periodRow(p), ...Object.fromEntries(COUNTED_REPORTS.map((r) => [r, p.assisters.filter((a) => a.report === r).length])) }) as PeriodRow & Record<(typeof COUNTED_REPORTS)[number], number>);
}

/** Leads of each period that waited because no eligible assister could take them. */
export const waitedForAssister = (periods: readonly ProgramPeriod[]) => periods.map((p) => ({ ...periodRow(p), waited: p.program.waitedForAssister }));

export interface ShareRow {
  assisterId: string;
  leads: number;
  /** 0..1; null when the assister received no lead in the period. */
  share: number | null;
  belowMinimum: boolean;
}

/** Each assister's share (contact within the deadline, or the 14-day outcome) against the review minimum. */
export function sharesAgainstMinimum(assisters: readonly AssisterPeriodMetrics[], figure: 'contactedWithinDeadline' | 'appointmentOrResolutionWithin14Days', minimums: ReviewMinimums): ShareRow[] {
  return assisters.map((a) => {
    const share = a[figure];
    return { assisterId: a.assisterId, leads: a.leadsReceived, share, belowMinimum: share !== null && share < minimums[figure] };
  });
}

/** Business hours from referral to contact, each assister's median and 90th percentile. */
export const timeToContact = (assisters: readonly AssisterPeriodMetrics[]) => assisters.map((a) => ({ assisterId: a.assisterId, ...a.businessHoursToContact }));

/** The period's leads by resolution, over every assister (the order of the report's resolutions). */
export function resolutionMix(assisters: readonly AssisterPeriodMetrics[]): { resolution: string; leads: number }[] {
  return [...RESOLUTIONS, 'No resolution yet' as const].map((resolution) => ({ resolution, leads: assisters.reduce((n, a) => n + a.resolutionMix[resolution], 0) }));
}

export interface CountyRow {
  county: string;
  navigator: number;
  broker: number;
  total: number;
  /** The type's gap: miles to its nearest active assister (null: none active at all); absent when it is no gap. */
  gaps: Partial<Record<AssisterType, number | null>>;
}

/** Every county (and 'Unknown county' when a lead's ZIP has none) with its leads and its geographic gaps. */
export function countyRows(counties: readonly string[], program: ProgramMetrics): CountyRow[] {
  const names = [...new Set([...counties, ...program.leadsByTypeAndCounty.map((c) => c.county)])].sort((a, b) => a.localeCompare(b));
  return names.map((county) => {
    const leads = program.leadsByTypeAndCounty.find((c) => c.county === county) ?? { navigator: 0, broker: 0 };
    const gaps = Object.fromEntries(program.geographicGaps.filter((g) => g.county === county).map((g) => [g.assisterType, g.miles]));
    return { county, navigator: leads.navigator, broker: leads.broker, total: leads.navigator + leads.broker, gaps };
  });
}

/**
 * The map's shading classes for leads per county: 0 alone, then up to four equal bands up to a nice maximum; each
 * band's bounds are printed in the legend, so the class is read from words as well as from its shade.
 */
export function leadBands(largest: number): { from: number; to: number }[] {
  if (largest <= 0) return [{ from: 0, to: 0 }];
  const count = Math.min(4, largest);
  const width = Math.ceil(largest / count);
  return [{ from: 0, to: 0 }, ...Array.from({ length: Math.ceil(largest / width) }, (_, i) => ({ from: i * width + 1, to: (i + 1) * width }))];
}

export const bandOf = (bands: readonly { from: number; to: number }[], leads: number) => bands.findIndex((b) => leads >= b.from && leads <= b.to);

/** A share as the page prints it: the exact figure in per cent (0.3333 → "33.33%"), "No leads" for none. */
export const percent = (share: number | null) => (share === null ? 'No leads' : `${Number((share * 100).toFixed(2))}%`);
