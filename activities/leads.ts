// Lead activities: routing against the directory, the referral email, notices, and the lead's record in
// PostgreSQL. Each is idempotent: keyed by (lead, assignment) or by an event key the workflow chooses.
import type { HolidayCalendar } from '../domain/business-days';
import { leadDeadlines } from '../domain/deadlines';
import { leadSchema, type Lead } from '../domain/lead';
import { CORRECTABLE_FIELDS, type ConsumerCorrection } from '../domain/lead-rules';
import { namedAssisterIneligibility, route, routingFactsOf, type RoutingDecision } from '../domain/routing';
import { minnesotaDate } from '../domain/time';
import { routableAssisters } from '../store/assisters';
import type { Sql } from '../store/database';
import { leadReferenceOf } from '../store/leads';
import { ApplicationFailure } from '@temporalio/common';
import type { Assignment, LeadNotice, LeadRecordUpdate } from '../contracts/lead';
import { type EmailSettings, type RoutingSettings } from '../platform/config';
import { noticeEmail, noticeRecipient, referralEmail, referralLinkEmail } from './lead-emails';
import type { Mailer } from './mailer';
import { sendOnce } from './outbox';
import { escalationOfNotice, escalationsCleared } from '../domain/escalations';
import { clearEscalations, openEscalation } from '../store/escalations';

export async function loadLead(sql: Sql, leadId: string): Promise<Lead> {
  const [row] = await sql<{ intake: Lead }[]>`select intake from leads where id = ${leadId}`;
  if (!row) throw new Error(`Lead ${leadId} is not recorded`);
  return row.intake;
}

export function leadActivities(sql: Sql, mailer: Mailer, holidays: HolidayCalendar, clock: () => Date, emails: EmailSettings, routing: RoutingSettings) {
  return {
    /**
     * Routes assignment number `assignment` of a lead: the closest eligible assister (excluding those that declined
     * or were reassigned away), or `assisterId` when a coordinator reassigns. Retried, it returns the same answer.
     */
    async routeLead(input: { leadId: string; assignment: number; exclude: string[]; assisterId?: string }): Promise<Assignment> {
      const { leadId, assignment } = input;
      const lookup = async (): Promise<Assignment | undefined> => {
        const [done] = await sql<{ decision: RoutingDecision; name: string; referred_at: Date }[]>`
          select la.decision, la.referred_at, a.name from lead_assignments la join assisters a on a.id = la.assister_id
          where la.lead_id = ${leadId} and la.assignment = ${assignment}`;
        if (!done) return undefined;
        const d = leadDeadlines(done.referred_at, holidays);
        const referral = {
          referredAt: done.referred_at.toISOString(),
          contactReminderAt: d.contactReminderAt.toISOString(),
          contactDeadlineAt: d.contactDeadlineAt.toISOString(),
          appointmentDeadlineAt: d.appointmentDeadlineAt.toISOString(),
        };
        return { assignment, ...pick(done.decision), assisterName: done.name, referral };
      };
      const existing = await lookup();
      if (existing) return existing;

      const lead = await loadLead(sql, leadId);
      const decision = route(routingFactsOf(lead), await routableAssisters(sql), input.exclude, { today: minnesotaDate(clock()), target: input.assisterId, ...routing });
      if (decision.overriddenRule) {
        // The representative's override, once, first in the lead's history: who and which rule. The reason is free
        // text and stays with the lead's intake (one copy of it, for correction and retention).
        await sql`insert into lead_events (lead_id, event_key, type, data)
                  values (${leadId}, ${`${leadId}/navigator-override`}, 'sent-to-navigator-against-the-rule',
                          ${sql.json({ by: lead.createdBy, overriddenRule: decision.overriddenRule })})
                  on conflict do nothing`;
      }
      if (!decision.assisterId) {
        // Every routing decision is recorded with its reasons, also when no assister can take the lead.
        await sql`insert into lead_events (lead_id, event_key, type, data)
                  values (${leadId}, ${`${leadId}/unrouted/${assignment}/${excludeKey(input.exclude)}`}, 'no-eligible-assister', ${sql.json(JSON.parse(JSON.stringify(decision)))})
                  on conflict do nothing`;
        return { assignment, ...pick(decision) };
      }

      const referredAt = clock();
      const { contactDeadlineAt } = leadDeadlines(referredAt, holidays);
      await sql.begin(async (tx) => {
        await tx`insert into lead_assignments (lead_id, assignment, assister_id, referred_at, decision)
                 values (${leadId}, ${assignment}, ${decision.assisterId!}, ${referredAt}, ${tx.json(JSON.parse(JSON.stringify(decision)))})
                 on conflict do nothing`;
        await tx`update leads set assignment = ${assignment}, assister_id = ${decision.assisterId!}, assister_type = ${decision.assisterType},
                 rule = ${decision.rule}, status = 'awaiting-contact', referred_at = ${referredAt}, contact_deadline_at = ${contactDeadlineAt}
                 where id = ${leadId}`;
        await tx`insert into lead_events (lead_id, event_key, type, data)
                 values (${leadId}, ${`${leadId}/routed/${assignment}`}, 'routed', ${tx.json(JSON.parse(JSON.stringify(decision)))})
                 on conflict do nothing`;
        await clearEscalations(tx, leadId, escalationsCleared('routed', {}), 'routed');
      });
      return (await lookup())!;
    },

    /**
     * Why the lead should not be reassigned to the named assister (suspended, uncertified, at capacity, the other
     * type), and whether an override may lift it; undefined when the assister is eligible. Read-only.
     */
    async reassignmentIneligibility(input: { leadId: string; assisterId: string }): Promise<{ reason: string; overridable: boolean } | undefined> {
      const facts = routingFactsOf(await loadLead(sql, input.leadId));
      return namedAssisterIneligibility(facts, await routableAssisters(sql), input.assisterId, minnesotaDate(clock()));
    },

    /** Sends the referral of an assignment to its assister, once; an SMTP outage makes it retry, never lose it. */
    async sendLeadReferral(input: { leadId: string; assignment: number; event: 'referred' | 'reassigned' }): Promise<void> {
      const { leadId, assignment } = input;
      const [row] = await sql<{ referred_at: Date; email: string; type: string }[]>`
        select la.referred_at, a.email, a.type from lead_assignments la join assisters a on a.id = la.assister_id
        where la.lead_id = ${leadId} and la.assignment = ${assignment}`;
      if (!row) throw new Error(`Lead ${leadId} has no assignment ${assignment}`);
      const deadlines = leadDeadlines(row.referred_at, holidays);
      const named = { id: leadId, reference: await leadReferenceOf(sql, leadId) };
      // In link mode the consumer's information is not even read: the assister sees it in the portal.
      const email =
        emails.referralEmail === 'link'
          ? referralLinkEmail(named, deadlines, row.type, emails.publicUrl)
          : referralEmail(named, await loadLead(sql, leadId), deadlines, row.type);
      await sendOnce(sql, mailer, `lead/${leadId}/${assignment}/referral`, { to: row.email, ...email });
      await sql`insert into lead_events (lead_id, event_key, type, data)
                values (${leadId}, ${`${leadId}/referral/${assignment}`}, ${input.event}, ${sql.json({ assignment, referredAt: row.referred_at.toISOString() })})
                on conflict do nothing`;
      await clearEscalations(sql, leadId, escalationsCleared(input.event, {}), `${input.event} (referral delivered)`);
    },

    /** A reminder, escalation or withdrawal notice; none of them carries PII. Sent once per lead, assignment and notice. */
    async sendLeadNotice(input: { leadId: string; assignment: number; notice: LeadNotice; assisterId?: string; assisterType?: string; deadline?: string }) {
      const { leadId, assignment, notice } = input;
      let to = mailer.coordinatorEmail;
      if (noticeRecipient[notice] === 'assister') {
        const [a] = await sql<{ email: string }[]>`select email from assisters where id = ${input.assisterId ?? ''}`;
        if (!a) throw new Error(`Assister ${input.assisterId} is not in the directory`);
        to = a.email;
      }
      const named = { id: leadId, reference: await leadReferenceOf(sql, leadId) };
      const email = noticeEmail(notice, named, { ...input, deadline: input.deadline ? new Date(input.deadline) : undefined }, emails);
      const key = `lead/${leadId}/${assignment}/${notice}`;
      // The coordinator's escalation emails are also the queue's records (once each, by the email's key).
      const kind = noticeRecipient[notice] === 'coordinator' ? escalationOfNotice(notice) : undefined;
      if (kind) await openEscalation(sql, { key, kind, leadId, assisterId: input.assisterId });
      await sendOnce(sql, mailer, key, { to, ...email });
    },

    /**
     * Corrects the consumer's phone, email or ZIP code on the lead's row (intake) and records which fields changed,
     * by name only, once per event key: retried, it answers what it did the first time. `reroute` is true when the
     * ZIP code changed, the lead may be rerouted (not contacted yet) and routing from the new ZIP code would choose
     * another assister than `assisterId` (or one at all, for a lead waiting for an assister).
     */
    async correctLeadConsumer(input: {
      leadId: string;
      eventKey: string;
      correction: ConsumerCorrection;
      by: string;
      reroutable: boolean;
      assisterId?: string;
      exclude: string[];
    }): Promise<{ fields: string[]; reroute: boolean }> {
      return sql.begin(async (tx) => {
        const [done] = await tx<{ data: { fields: string[]; reroute: boolean } }[]>`select data from lead_events where event_key = ${input.eventKey}`;
        if (done) return { fields: done.data.fields, reroute: done.data.reroute };
        const [row] = await tx<{ intake: Lead }[]>`select intake from leads where id = ${input.leadId} for update`;
        if (!row) throw new Error(`Lead ${input.leadId} is not recorded`);
        const corrected = correctedConsumer(row.intake.consumer, input.correction);
        // The messages name the field and its rule, never the value.
        if (!corrected.ok) throw ApplicationFailure.nonRetryable(corrected.problems.map((p) => p.message).join('; '), 'InvalidCorrection');
        const before = row.intake.consumer as Record<string, unknown>;
        const after = corrected.consumer as Record<string, unknown>;
        const fields = CORRECTABLE_FIELDS.filter((f) => before[f] !== after[f]);
        const intake = { ...row.intake, consumer: corrected.consumer };
        let reroute = false;
        if (fields.includes('zip') && input.reroutable) {
          const decision = route(routingFactsOf(intake), await routableAssisters(tx as unknown as Sql), input.exclude, { today: minnesotaDate(clock()), ...routing });
          reroute = !!decision.assisterId && decision.assisterId !== input.assisterId;
        }
        if (fields.length) await tx`update leads set intake = ${tx.json(JSON.parse(JSON.stringify(intake)))} where id = ${input.leadId}`;
        await tx`insert into lead_events (lead_id, event_key, type, data)
                 values (${input.leadId}, ${input.eventKey}, 'consumer-corrected', ${tx.json({ fields, reroute, by: input.by })})`;
        return { fields, reroute };
      });
    },

    /** Records an event of the lead and the state it leads to, together, once per event key. */
    async recordLeadEvent(input: { leadId: string; eventKey: string; type: string; data?: Record<string, unknown>; update?: LeadRecordUpdate }) {
      const u = input.update ?? {};
      await sql.begin(async (tx) => {
        const inserted = await tx`insert into lead_events (lead_id, event_key, type, data)
                                  values (${input.leadId}, ${input.eventKey}, ${input.type}, ${tx.json(JSON.parse(JSON.stringify(input.data ?? {})))})
                                  on conflict (event_key) do nothing returning id`;
        if (!inserted.length) return;
        const cleared = escalationsCleared(input.type, u);
        await clearEscalations(tx, input.leadId, cleared, input.type);
        await tx`update leads set
                   status = coalesce(${u.status ?? null}, status),
                   contact_date = coalesce(${u.contactDate ?? null}::date, contact_date),
                   appointment_date = coalesce(${u.appointmentDate ?? null}::date, appointment_date),
                   resolution = coalesce(${u.resolution ?? null}, resolution),
                   escalated = escalated or ${u.escalated ?? false},
                   withdrawal_reason = coalesce(${u.withdrawalReason ?? null}, withdrawal_reason),
                   -- A withdrawn lead is no assister's any more: off its portal, its reports and its figures (the
                   -- assignments and the withdrawal's event still say who held it).
                   assister_id = case when ${u.withdrawalReason ?? null}::text is null then assister_id end,
                   closed_at = case when ${u.closed ?? false} then coalesce(closed_at, now()) else closed_at end
                 where id = ${input.leadId}`;
      });
    },
  };
}

/**
 * The consumer's contact details after a correction, or the problems of the corrected fields (domain/lead's rules,
 * by field, never the value). `email: null` removes the email. Shared by the edge and the activity.
 */
export function correctedConsumer(consumer: Lead['consumer'], correction: ConsumerCorrection): { ok: true; consumer: Lead['consumer'] } | { ok: false; problems: { field: string; message: string }[] } {
  const next: Record<string, unknown> = { ...consumer };
  for (const field of CORRECTABLE_FIELDS) {
    const value = correction[field];
    if (value === null && field === 'email') delete next.email;
    else if (value !== undefined) next[field] = typeof value === 'string' ? value.trim() : value;
  }
  const parsed = leadSchema.shape.consumer.safeParse(next);
  if (parsed.success) return { ok: true, consumer: parsed.data };
  const problems = parsed.error.issues.filter((i) => CORRECTABLE_FIELDS.some((f) => f === i.path[0] && correction[f] !== undefined)).map((i) => ({ field: String(i.path[0]), message: i.message }));
  return { ok: false, problems: problems.length ? problems : [{ field: 'consumer', message: 'The corrected contact details are not valid' }] };
}

const excludeKey = (exclude: string[]) => (exclude.length ? [...exclude].sort().join('+') : 'none');

function pick(d: RoutingDecision): Omit<Assignment, 'assignment' | 'assisterName'> {
  return { assisterType: d.assisterType, rule: d.rule, assisterId: d.assisterId, distanceMiles: d.distanceMiles };
}
