// The figures the worker's Prometheus endpoint shows about PAL itself (README "Metrics"), read from PostgreSQL so
// they are the same whichever process counted and survive restarts. Totals, not rates: Prometheus takes the rate.
import { ESCALATION_KINDS, type EscalationKind } from '../domain/escalations';
import type { Sql } from './database';

export interface OperationsFigures {
  leadsCreated: number;
  /** Referral emails the mail server accepted. */
  referralsSent: number;
  /** Referral emails not delivered yet whose last attempt failed (PAL keeps retrying). */
  referralsFailed: number;
  /** Emails in the outbox not sent yet. */
  outboxBacklog: number;
  /** How long the oldest of them has waited; 0 when none waits. */
  oldestUnsentSeconds: number;
  /** Every kind, 0 when none is open, so a kind's series never vanishes. */
  escalationsOpen: Record<EscalationKind, number>;
  reportSubmissions: number;
}

// A referral's outbox key is lead/<lead id>/<assignment>/referral (activities/leads.ts sendLeadReferral).
export async function operationsFigures(sql: Sql): Promise<OperationsFigures> {
  const [[counts], open] = await Promise.all([
    sql<{ leads: string; sent: string; failed: string; backlog: string; oldest: number | null; submissions: string }[]>`
      select (select count(*) from leads) as leads,
             o.sent, o.failed, o.backlog, o.oldest,
             (select count(*) from report_submissions) as submissions
      from (select count(*) filter (where status = 'sent' and key like 'lead/%/referral') as sent,
                   count(*) filter (where status <> 'sent' and attempts > 0 and key like 'lead/%/referral') as failed,
                   count(*) filter (where status <> 'sent') as backlog,
                   extract(epoch from now() - min(created_at) filter (where status <> 'sent'))::float8 as oldest
            from outbox) o`,
    sql<{ kind: string; open: string }[]>`select kind, count(*) as open from escalations where resolved_at is null group by kind`,
  ]);
  const escalationsOpen = Object.fromEntries(ESCALATION_KINDS.map((k) => [k, 0])) as Record<EscalationKind, number>;
  for (const row of open) if (row.kind in escalationsOpen) escalationsOpen[row.kind as EscalationKind] = Number(row.open);
  return {
    leadsCreated: Number(counts!.leads),
    referralsSent: Number(counts!.sent),
    referralsFailed: Number(counts!.failed),
    outboxBacklog: Number(counts!.backlog),
    oldestUnsentSeconds: Math.max(0, counts!.oldest ?? 0),
    escalationsOpen,
    reportSubmissions: Number(counts!.submissions),
  };
}
