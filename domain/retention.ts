// The retention policy: how long PAL keeps what it holds, and what a record looks like once its time is up. The
// daily purge (activities/retention.ts) applies it; the README's "Records and retention" says what remains where.
import type { Lead } from './lead';
import { minnesotaCounty } from './counties';

export interface RetentionPolicy {
  /** Days after a lead closes until its consumer data (and free text that may name the consumer) is removed. */
  consumerDataDays: number;
  /** Days after a returned report workbook was received until the file is deleted (its result stays). */
  reportFileDays: number;
  /** Days after a report submission was received until the submission and the outcomes it carried are deleted. */
  submissionDays: number;
  /** Days after an email was sent until the outbox forgets its recipient and error (the send record stays). */
  outboxDays: number;
  /** Days an audit record is kept. */
  auditDays: number;
}

// A year after closing covers the next open enrollment's questions about a lead; six months of workbook files covers
// a dispute over a report; two years of submissions covers two program years; an email's address is needed only
// while it may be retried or questioned; six years of audit matches HIPAA's documentation retention (45 CFR 164.316).
export const DEFAULT_RETENTION: RetentionPolicy = { consumerDataDays: 365, reportFileDays: 180, submissionDays: 730, outboxDays: 90, auditDays: 2190 };

/**
 * Days Temporal keeps a closed workflow (the namespace's retention), so coordinators can open it in Temporal UI: a
 * lead closed at the start of a report period is still on that period's report, sent a week after the period and due
 * a week later (four weeks in all); 45 days leaves two weeks to settle what the report raised.
 */
export const DEFAULT_TEMPORAL_RETENTION_DAYS = 45;

export type RetentionCutoffs = { [K in keyof RetentionPolicy]: Date };

/** The instants before which each kind of record is past the policy, on `now`. */
export function retentionCutoffs(policy: RetentionPolicy, now: Date): RetentionCutoffs {
  const before = (days: number) => new Date(now.getTime() - days * 86_400_000);
  return {
    consumerDataDays: before(policy.consumerDataDays),
    reportFileDays: before(policy.reportFileDays),
    submissionDays: before(policy.submissionDays),
    outboxDays: before(policy.outboxDays),
    auditDays: before(policy.auditDays),
  };
}

/**
 * Keys of a lead's recorded JSON (its events, routing decisions and report outcomes) removed with its consumer data:
 * free text that may name the consumer (comments, reasons, notes), the preferred language, and the distances from
 * the consumer to each assister (with the assisters' known places, a few of them locate the consumer).
 */
export const PURGED_KEYS = ['comment', 'reason', 'note', 'language', 'candidates', 'distanceMiles'] as const;

/**
 * A closed lead's intake once its consumer data is removed: the same shape (pages and reports still read it), every
 * consumer field and every free text emptied, the facts the program counts kept (determinations, yes/no answers).
 * The county stays, apart, for the program's map.
 */
export function pseudonymizedIntake(intake: Lead): { intake: Lead; county: string | undefined } {
  // Written for any stored intake, even one missing parts (rows written by hand or before a field existed).
  const stored = intake as Partial<Lead>;
  const { email: _email, preferredLanguage: _language, ...consumer } = stored.consumer ?? ({} as Partial<Lead['consumer']>);
  const { userLogin: _login, ...account } = stored.account ?? ({} as Partial<Lead['account']>);
  const zip = stored.consumer?.zip;
  return {
    county: zip ? minnesotaCounty(zip) : undefined,
    intake: {
      ...stored,
      consumer: { ...consumer, firstName: '', lastName: '', phone: '', zip: '' },
      ...(stored.account && { account }),
      ...(stored.reasonForHelp !== undefined && { reasonForHelp: '' }),
      ...(stored.guidanceProvided !== undefined && { guidanceProvided: '' }),
      ...(stored.navigatorOverride && { navigatorOverride: { reason: '' } }),
    } as Lead,
  };
}

export interface RetentionCounts {
  /** Closed leads whose consumer data was removed. */
  leadsPseudonymized: number;
  /** Returned workbook files deleted. */
  reportFilesDeleted: number;
  /** Submissions deleted (with their outcomes). */
  submissionsDeleted: number;
  /** Sent emails whose recipient was forgotten. */
  emailsForgotten: number;
  /** Audit records deleted. */
  auditRecordsDeleted: number;
}
