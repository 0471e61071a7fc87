// Leads as the lead workflows record them (the row, its events, its referral email), in the latest report period
// whose report went out and the one before it, with each assister's report for them: the figures the program page
// and `pal metrics --json` are computed from.
import { randomUUID } from 'node:crypto';
import { latestSentPeriod, OE5_REPORT_CALENDAR, reportPeriod, type ReportPeriod } from '../../domain/report-calendar';
import { addDays, minnesotaDate, minnesotaInstant } from '../../domain/time';
import type { Sql } from '../../store/database';
import { sampleLead } from './samples';

interface Seed {
  assisterId: string;
  type?: 'navigator' | 'broker';
  zip: string;
  /** Days after the period's first day, at 10:00. */
  day: number;
  contactAfterDays?: number;
  appointmentAfterDays?: number;
  resolution?: string;
  escalations?: string[];
  waited?: boolean;
}

async function seedLead(sql: Sql, period: ReportPeriod, s: Seed) {
  const id = randomUUID();
  const referredAt = minnesotaInstant(addDays(period.referralsFrom, s.day), 10);
  const dayAfter = (days: number) => addDays(period.referralsFrom, s.day + days);
  const contactDate = s.contactAfterDays === undefined ? null : dayAfter(s.contactAfterDays);
  const final = s.resolution && s.resolution !== 'Contact made, appointment scheduled';
  const intake = sampleLead({ consumer: { ...sampleLead().consumer, zip: s.zip } });
  await sql`insert into leads (id, intake, created_by, created_at, status, assignment, assister_id, assister_type, rule, referred_at, contact_deadline_at, contact_date, appointment_date, resolution, closed_at)
    values (${id}, ${sql.json(intake)}, 'rep-118', ${referredAt}, ${final ? 'resolved' : contactDate ? 'contacted' : 'awaiting-contact'}, 1, ${s.assisterId}, ${s.type ?? 'navigator'}, 'closest', ${referredAt},
            ${minnesotaInstant(dayAfter(2), 17)}, ${contactDate}, ${s.appointmentAfterDays === undefined ? null : dayAfter(s.appointmentAfterDays)}, ${s.resolution ?? null}, ${final ? minnesotaInstant(dayAfter(3), 12) : null})`;
  const events: [string, Date, object][] = [];
  if (s.waited) events.push(['no-eligible-assister', referredAt, { assisterType: s.type ?? 'navigator' }]);
  if (contactDate) events.push(['contact-reported', minnesotaInstant(contactDate, 15), { contactDate }]);
  if (s.resolution) events.push(['resolution-reported', minnesotaInstant(dayAfter(3), 12), { resolution: s.resolution, contactMade: contactDate !== null }]);
  for (const type of s.escalations ?? []) events.push([type, minnesotaInstant(dayAfter(2), 17), {}]);
  for (const [type, at, data] of events) await sql`insert into lead_events (lead_id, event_key, type, data, at) values (${id}, ${`${id}/${type}`}, ${type}, ${sql.json(data as never)}, ${at})`;
  await sql`insert into outbox (key, recipient, message_id, status, sent_at) values (${`lead/${id}/1/referral`}, 'x@assisters.example.org', ${`<${id}@pal>`}, 'sent', ${new Date(referredAt.getTime() + 700)})`;
}

/**
 * Two periods of leads for a navigator and a broker (the navigator's in Ramsey and Hennepin counties, one of them
 * waiting for an assister; the broker's in St. Louis County), and their reports: the latest sent period and the one
 * before it, as the program page shows them by default.
 */
export async function seedProgram(sql: Sql, navigator: string, broker: string): Promise<{ latest: ReportPeriod; previous: ReportPeriod }> {
  const latest = latestSentPeriod(OE5_REPORT_CALENDAR, minnesotaDate(new Date()));
  const previous = reportPeriod(OE5_REPORT_CALENDAR, latest.number - 1);
  for (const s of [
    { assisterId: navigator, zip: '55106', day: 1, contactAfterDays: 0, appointmentAfterDays: 4, resolution: 'Contact made, appointment scheduled' },
    { assisterId: navigator, zip: '55106', day: 2, escalations: ['contact-overdue'] },
    { assisterId: navigator, zip: '55401', day: 3, contactAfterDays: 1, resolution: 'Enrolled in QHP', waited: true },
    { assisterId: broker, type: 'broker' as const, zip: '55802', day: 4, resolution: 'Unable to contact' },
    { assisterId: broker, type: 'broker' as const, zip: '55802', day: 5, contactAfterDays: 3, resolution: 'Eligible for MinnesotaCare' },
  ])
    await seedLead(sql, latest, s);
  for (const s of [
    { assisterId: navigator, zip: '55106', day: 0, contactAfterDays: 1 },
    { assisterId: navigator, zip: '55106', day: 6, escalations: ['contact-overdue', 'appointment-overdue'] },
  ])
    await seedLead(sql, previous, s);
  await sql`insert into report_obligations (assister_id, period_number, rows, sent_at, overdue_at, completed_at, on_time) values
    (${navigator}, ${latest.number}, 3, now(), null, now(), false),
    (${broker}, ${latest.number}, 2, now(), null, now(), true),
    (${navigator}, ${previous.number}, 2, now(), now(), null, null)`;
  return { latest, previous };
}
