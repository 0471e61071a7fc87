// Performance figures from PostgreSQL: the facts of each lead (as its workflow recorded them in leads, lead_events
// and the outbox), each assister's report obligation, the directory and the review flags; domain/metrics.ts does
// the arithmetic.
import type { HolidayCalendar } from '../domain/business-days';
import { minnesotaCounties, minnesotaCounty } from '../domain/counties';
import {
  assisterPeriodMetrics,
  geographicGaps,
  programMetrics,
  type AssisterPeriodMetrics,
  type LeadFacts,
  type ProgramMetrics,
  type ReportReturn,
  type ReviewFlag,
  type ReviewMinimums,
} from '../domain/metrics';
import type { ReportPeriod } from '../domain/report-calendar';
import type { Resolution } from '../domain/resolutions';
import type { AssisterType } from '../domain/routing';
import { addDays, minnesotaInstant } from '../domain/time';
import type { Sql } from './database';

export interface MetricsSettings {
  gapMiles: number;
  minimums: ReviewMinimums;
}

export interface PeriodMetrics {
  period: { number: number; referralsFrom: string; referralsTo: string };
  assisters: AssisterPeriodMetrics[];
  program: ProgramMetrics;
  reviewFlags: { assisterId: string; periodNumber: number; flaggedAt: Date; figures: unknown }[];
}

interface FactRow {
  id: string;
  assister_id: string;
  assister_type: AssisterType;
  zip: string;
  county: string | null;
  created_at: Date;
  referred_at: Date;
  contact_deadline_at: Date;
  contact_date: string | null;
  contact_reported_at: Date | null;
  appointment_date: string | null;
  resolution: Resolution | null;
  resolved_at: Date | null;
  referral_email_sent_at: Date | null;
  escalations: number;
  waited: boolean;
}

/** The facts of every lead referred in the period (to its current assister). */
export async function leadFacts(sql: Sql, period: ReportPeriod, assisterId?: string): Promise<LeadFacts[]> {
  const rows = await sql<FactRow[]>`
    select l.id, l.assister_id, l.assister_type, l.intake->'consumer'->>'zip' as zip, l.county, l.created_at, l.referred_at, l.contact_deadline_at,
      l.contact_date::text as contact_date, l.appointment_date::text as appointment_date, l.resolution,
      (select min(e.at) from lead_events e where e.lead_id = l.id
         and (e.type = 'contact-reported' or (e.type = 'resolution-reported' and (e.data->>'contactMade')::boolean))) as contact_reported_at,
      (select min(e.at) from lead_events e where e.lead_id = l.id and e.type = 'resolution-reported'
         and e.data->>'resolution' <> 'Contact made, appointment scheduled') as resolved_at,
      (select o.sent_at from outbox o where o.key = 'lead/' || l.id || '/1/referral') as referral_email_sent_at,
      (select count(*)::int from lead_events e where e.lead_id = l.id and e.type in ('contact-overdue', 'appointment-overdue', 'closed-unresolved')) as escalations,
      exists (select 1 from lead_events e where e.lead_id = l.id and e.type = 'no-eligible-assister') as waited
    from leads l
    where l.assister_id is not null and l.referred_at >= ${minnesotaInstant(period.referralsFrom, 0)} and l.referred_at < ${minnesotaInstant(addDays(period.referralsTo, 1), 0)}
      ${assisterId ? sql`and l.assister_id = ${assisterId}` : sql``}
    order by l.referred_at`;
  return rows.map((r) => ({
    leadId: r.id,
    assisterId: r.assister_id,
    assisterType: r.assister_type,
    // A lead past the retention policy has no ZIP code left, only its county.
    county: r.county ?? minnesotaCounty(r.zip),
    createdAt: r.created_at,
    referredAt: r.referred_at,
    contactDeadlineAt: r.contact_deadline_at,
    contactDate: r.contact_date ?? undefined,
    contactReportedAt: r.contact_reported_at ?? undefined,
    appointmentDate: r.appointment_date ?? undefined,
    resolution: r.resolution ?? undefined,
    resolvedAt: r.resolved_at ?? undefined,
    referralEmailSentAt: r.referral_email_sent_at ?? undefined,
    escalations: r.escalations,
    waitedForAssister: r.waited,
  }));
}

/** Each assister's report for the period: returned on time, late, missing (overdue), pending, or none owed. */
async function reportReturns(sql: Sql, period: ReportPeriod): Promise<Map<string, ReportReturn>> {
  const rows = await sql<{ assister_id: string; completed: boolean; on_time: boolean | null; overdue: boolean }[]>`
    select assister_id, completed_at is not null as completed, on_time, overdue_at is not null as overdue
    from report_obligations where period_number = ${period.number}`;
  return new Map(rows.map((r) => [r.assister_id, r.completed ? (r.on_time ? 'on-time' : 'late') : r.overdue ? 'missing' : 'pending']));
}

/** Each assister's figures for the period (one assister's only, with assisterId). */
export async function assisterMetrics(sql: Sql, period: ReportPeriod, holidays: HolidayCalendar, assisterId?: string, facts?: LeadFacts[]): Promise<AssisterPeriodMetrics[]> {
  const leads = facts ?? (await leadFacts(sql, period, assisterId));
  const reports = await reportReturns(sql, period);
  const ids = new Set([...leads.map((l) => l.assisterId), ...reports.keys()]);
  if (assisterId) for (const id of ids) if (id !== assisterId) ids.delete(id);
  return [...ids].sort().map((id) => assisterPeriodMetrics(id, period.number, leads.filter((l) => l.assisterId === id), reports.get(id) ?? 'none', holidays));
}

export async function periodMetrics(sql: Sql, period: ReportPeriod, holidays: HolidayCalendar, settings: MetricsSettings, assisterId?: string): Promise<PeriodMetrics> {
  const facts = await leadFacts(sql, period);
  const directory = await sql<{ id: string; type: AssisterType; status: string; latitude: number; longitude: number }[]>`select id, type, status, latitude, longitude from assisters`;
  const flags = await sql<PeriodMetrics['reviewFlags']>`
    select assister_id as "assisterId", period_number as "periodNumber", flagged_at as "flaggedAt", figures from review_flags
    where period_number = ${period.number} ${assisterId ? sql`and assister_id = ${assisterId}` : sql``} order by assister_id`;
  return {
    period: { number: period.number, referralsFrom: period.referralsFrom, referralsTo: period.referralsTo },
    assisters: await assisterMetrics(sql, period, holidays, assisterId, assisterId ? facts.filter((f) => f.assisterId === assisterId) : facts),
    program: programMetrics(facts, geographicGaps(minnesotaCounties(), directory, settings.gapMiles)),
    reviewFlags: flags,
  };
}

/** Flags an assister for review, once per period; true when the flag is new. */
export async function recordReviewFlag(sql: Sql, flag: ReviewFlag): Promise<boolean> {
  const inserted = await sql`insert into review_flags (assister_id, period_number, figures) values (${flag.assisterId}, ${flag.periodNumber}, ${sql.json(JSON.parse(JSON.stringify(flag)))})
                              on conflict do nothing returning assister_id`;
  return inserted.length > 0;
}
