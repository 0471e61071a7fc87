// Program performance (domain.md, "Assister obligations and requests": contact within deadline, time to contact,
// appointment within two weeks, resolution mix, reports on time), computed from what the lead workflows recorded.
// Pure: the facts are gathered from PostgreSQL by activities/metrics.ts.
import { businessHoursBetween, type HolidayCalendar } from './business-days';
import { APPOINTMENT_DEADLINE_CALENDAR_DAYS, END_OF_BUSINESS_HOUR } from './deadlines';
import { greatCircleMiles, type Coordinates } from './geo';
import { isFinalResolution, RESOLUTIONS, type Resolution } from './resolutions';
import type { AssisterType } from './routing';
import { addDays, minnesotaDate, minnesotaInstant, type CalendarDate } from './time';

/** One lead, for its current assister (a lead moved or declined counts for the assister that has it now). */
export interface LeadFacts {
  leadId: string;
  assisterId: string;
  assisterType: AssisterType;
  county?: string;
  createdAt: Date;
  referredAt: Date;
  contactDeadlineAt: Date;
  contactDate?: CalendarDate;
  /** When contact was first reported (through the API or a report). */
  contactReportedAt?: Date;
  appointmentDate?: CalendarDate;
  resolution?: Resolution;
  /** When a final resolution was reported. */
  resolvedAt?: Date;
  referralEmailSentAt?: Date;
  /** Escalations of this lead to the coordinator (contact overdue, appointment overdue, closed unresolved). */
  escalations: number;
  /** The lead waited because no assister of its type could take it. */
  waitedForAssister: boolean;
}

export type ReportReturn = 'on-time' | 'late' | 'missing' | 'pending' | 'none';

export interface AssisterPeriodMetrics {
  assisterId: string;
  periodNumber: number;
  leadsReceived: number;
  /** Shares are 0..1, null when the assister received no lead in the period. */
  contactedWithinDeadline: number | null;
  businessHoursToContact: { contacted: number; median: number | null; p90: number | null };
  appointmentOrResolutionWithin14Days: number | null;
  resolutionMix: Record<Resolution | 'No resolution yet', number>;
  report: ReportReturn;
  /** Lead escalations, plus one when the report went overdue. */
  escalations: number;
}

/** The value at fraction p of the sorted values, interpolated between ranks (Excel's PERCENTILE.INC). */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

const share = (part: number, whole: number) => (whole ? part / whole : null);
const round = (n: number | null, digits = 2) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);

/**
 * Decision: a contact counts at the moment it was reported, or at 17:00 on the contact date if that is earlier (a
 * contact reported later in a report happened on its date).
 */
export function contactInstant(f: Pick<LeadFacts, 'contactDate' | 'contactReportedAt'>): Date | undefined {
  if (!f.contactDate) return undefined;
  const endOfDay = minnesotaInstant(f.contactDate, END_OF_BUSINESS_HOUR);
  return f.contactReportedAt && f.contactReportedAt < endOfDay ? f.contactReportedAt : endOfDay;
}

export function assisterPeriodMetrics(
  assisterId: string,
  periodNumber: number,
  leads: readonly LeadFacts[],
  report: ReportReturn,
  holidays: HolidayCalendar,
): AssisterPeriodMetrics {
  const contacted = leads.map((l) => ({ lead: l, at: contactInstant(l) })).filter((c): c is { lead: LeadFacts; at: Date } => c.at !== undefined);
  const hours = contacted.map((c) => businessHoursBetween(c.lead.referredAt, c.at, holidays));
  const within14 = leads.filter((l) => {
    const lastDay = addDays(minnesotaDate(l.referredAt), APPOINTMENT_DEADLINE_CALENDAR_DAYS);
    const appointment = l.appointmentDate !== undefined && l.appointmentDate <= lastDay;
    const resolved = l.resolution !== undefined && isFinalResolution(l.resolution) && l.resolvedAt !== undefined && l.resolvedAt <= minnesotaInstant(lastDay, END_OF_BUSINESS_HOUR);
    return appointment || resolved;
  });
  const resolutionMix = Object.fromEntries([...RESOLUTIONS, 'No resolution yet'].map((r) => [r, 0])) as AssisterPeriodMetrics['resolutionMix'];
  for (const l of leads) resolutionMix[l.resolution ?? 'No resolution yet']++;
  return {
    assisterId,
    periodNumber,
    leadsReceived: leads.length,
    contactedWithinDeadline: round(share(contacted.filter((c) => c.at <= c.lead.contactDeadlineAt).length, leads.length), 4),
    businessHoursToContact: { contacted: contacted.length, median: round(percentile(hours, 0.5)), p90: round(percentile(hours, 0.9)) },
    appointmentOrResolutionWithin14Days: round(share(within14.length, leads.length), 4),
    resolutionMix,
    report,
    escalations: leads.reduce((n, l) => n + l.escalations, 0) + (report === 'missing' || report === 'late' ? 1 : 0),
  };
}

export interface ProgramMetrics {
  leads: number;
  leadsByTypeAndCounty: { county: string; navigator: number; broker: number }[];
  /** Seconds from the lead's creation to the referral email's acceptance by the mail server. */
  createToEmailSentSeconds: { count: number; p50: number | null; p95: number | null };
  waitedForAssister: number;
  geographicGaps: GeographicGap[];
}

export interface GeographicGap {
  county: string;
  assisterType: AssisterType;
  /** Undefined when no active assister of the type exists at all. */
  nearestAssisterId?: string;
  miles: number | null;
}

/** Counties whose nearest active assister of a type is farther than maxMiles from the county's center. */
export function geographicGaps(
  counties: readonly { county: string; location: Coordinates }[],
  assisters: readonly (Coordinates & { id: string; type: AssisterType; status: string })[],
  maxMiles: number,
): GeographicGap[] {
  const gaps: GeographicGap[] = [];
  for (const assisterType of ['navigator', 'broker'] as const) {
    const active = assisters.filter((a) => a.type === assisterType && a.status === 'active');
    for (const { county, location } of counties) {
      let nearest: { id: string; miles: number } | undefined;
      for (const a of active) {
        const miles = greatCircleMiles(location, a);
        if (!nearest || miles < nearest.miles) nearest = { id: a.id, miles };
      }
      if (!nearest) gaps.push({ county, assisterType, miles: null });
      else if (nearest.miles > maxMiles) gaps.push({ county, assisterType, nearestAssisterId: nearest.id, miles: Math.round(nearest.miles * 10) / 10 });
    }
  }
  return gaps;
}

export function programMetrics(leads: readonly LeadFacts[], gaps: GeographicGap[]): ProgramMetrics {
  const byCounty = new Map<string, { county: string; navigator: number; broker: number }>();
  for (const l of leads) {
    const county = l.county ?? 'Unknown county';
    const row = byCounty.get(county) ?? { county, navigator: 0, broker: 0 };
    row[l.assisterType]++;
    byCounty.set(county, row);
  }
  const seconds = leads.filter((l) => l.referralEmailSentAt).map((l) => (l.referralEmailSentAt!.getTime() - l.createdAt.getTime()) / 1000);
  return {
    leads: leads.length,
    leadsByTypeAndCounty: [...byCounty.values()].sort((a, b) => a.county.localeCompare(b.county)),
    createToEmailSentSeconds: { count: seconds.length, p50: round(percentile(seconds, 0.5), 3), p95: round(percentile(seconds, 0.95), 3) },
    waitedForAssister: leads.filter((l) => l.waitedForAssister).length,
    geographicGaps: gaps,
  };
}

/** Minimum expectations (configuration); an assister below them in two consecutive periods is flagged for review. */
export interface ReviewMinimums {
  contactedWithinDeadline: number;
  appointmentOrResolutionWithin14Days: number;
  reportOnTime: boolean;
}

/** Why the period's figures fall short of the minimums (empty when they do not, or when there was nothing to do). */
export function shortfalls(m: AssisterPeriodMetrics, min: ReviewMinimums): string[] {
  const reasons: string[] = [];
  const pct = (n: number) => `${Math.round(n * 100)}%`;
  if (m.contactedWithinDeadline !== null && m.contactedWithinDeadline < min.contactedWithinDeadline)
    reasons.push(`contacted within the deadline ${pct(m.contactedWithinDeadline)} (minimum ${pct(min.contactedWithinDeadline)})`);
  if (m.appointmentOrResolutionWithin14Days !== null && m.appointmentOrResolutionWithin14Days < min.appointmentOrResolutionWithin14Days)
    reasons.push(`appointment or resolution within 14 days ${pct(m.appointmentOrResolutionWithin14Days)} (minimum ${pct(min.appointmentOrResolutionWithin14Days)})`);
  if (min.reportOnTime && (m.report === 'late' || m.report === 'missing')) reasons.push(`report ${m.report === 'late' ? 'returned late' : 'not returned'}`);
  return reasons;
}

export interface ReviewFlag {
  assisterId: string;
  periodNumber: number;
  reasons: { previous: string[]; current: string[] };
  figures: { previous: AssisterPeriodMetrics; current: AssisterPeriodMetrics };
}

/** Assisters short of the minimums in both the current and the previous period. */
export function reviewFlags(current: readonly AssisterPeriodMetrics[], previous: readonly AssisterPeriodMetrics[], min: ReviewMinimums): ReviewFlag[] {
  const before = new Map(previous.map((m) => [m.assisterId, m]));
  return current.flatMap((m) => {
    const p = before.get(m.assisterId);
    const reasons = { previous: p ? shortfalls(p, min) : [], current: shortfalls(m, min) };
    return p && reasons.previous.length && reasons.current.length ? [{ assisterId: m.assisterId, periodNumber: m.periodNumber, reasons, figures: { previous: p, current: m } }] : [];
  });
}
