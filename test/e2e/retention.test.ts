// The retention policy on the dev server and a real PostgreSQL, with the purge's clock injected: a lead closed past
// the policy loses its consumer data (and the free text that may name the consumer), one inside it keeps everything;
// a workbook file, an email's address and an audit record past theirs go; the run is recorded with counts; running
// it again changes nothing. The daily report cycle runs the purge (its history is kept for the replay test).
import { randomUUID } from 'node:crypto';
import { DEFAULT_RETENTION } from '../../domain/retention';
import { applyRetentionPolicy, latestRetentionRuns } from '../../store/retention';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { assister, sampleLead } from '../support/samples';
import { keepHistory } from '../support/histories';
import { eventually } from '../support/eventually';

const DAY = 86_400_000;
let t: LeadTestEnv;
beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters([assister('ret-nav-stpaul', '55101')]);
});
afterAll(async () => t?.close());

/** A lead made through intake (its workflow routes it), then closed `daysAgo` days before `now`. */
async function closedLead(lastName: string, now: Date, daysAgo: number): Promise<string> {
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, lastName, email: `${lastName.toLowerCase()}@consumers.example.org` }, reasonForHelp: `Needs help, says ${lastName}` }));
  if (!created.ok) throw new Error('refused');
  const id = created.lead.leadId;
  // Routed (its decision recorded) before it is closed, as every closed lead was.
  await eventually(() => t.sql`select 1 from lead_assignments where lead_id = ${id}`, (rows) => rows.length === 1);
  await t.sql`insert into escalations (key, kind, lead_id, note, resolved_at, resolved_by, resolution)
              values (${`ret/${id}`}, 'contact-overdue', ${id}, ${`Called ${lastName}`}, now(), 'staff:ret', ${`${lastName} was reached`})`;
  const closedAt = new Date(now.getTime() - daysAgo * DAY);
  await t.sql`update leads set status = 'resolved', resolution = 'Enrolled in QHP', closed_at = ${closedAt} where id = ${id}`;
  await t.sql`insert into lead_events (lead_id, event_key, type, data) values (${id}, ${`ret/${id}/resolution`}, 'resolution-reported', ${t.sql.json({ resolution: 'Enrolled in QHP', contactMade: true, comment: `${lastName} enrolled at the library` })})`;
  return id;
}

test('a closed lead past the policy is pseudonymized, one inside it is not; files, addresses and audit past theirs go; the run is recorded; twice changes nothing', async () => {
  // The purge's clock is now: this suite's own rows are placed on either side of each cutoff (other suites' rows are
  // younger than every cutoff).
  const now = new Date();
  const old = await closedLead('Oldclosed', now, DEFAULT_RETENTION.consumerDataDays + 5);
  const recent = await closedLead('Recentclosed', now, DEFAULT_RETENTION.consumerDataDays - 5);

  const file = Buffer.from('a workbook naming consumers');
  const submissions = await t.sql<{ id: string; received: string }[]>`
    insert into report_submissions (assister_id, period_number, file_sha256, original, received_at, result) values
      ('ret-nav-stpaul', 1, ${randomUUID()}, ${file}, ${new Date(now.getTime() - (DEFAULT_RETENTION.reportFileDays + 1) * DAY)}, '{}'),
      ('ret-nav-stpaul', 2, ${randomUUID()}, ${file}, ${new Date(now.getTime() - (DEFAULT_RETENTION.reportFileDays - 1) * DAY)}, '{}')
    returning id, received_at::text as received`;
  const oldEmail = `ret-${randomUUID()}`;
  const newEmail = `ret-${randomUUID()}`;
  await t.sql`insert into outbox (key, recipient, message_id, status, sent_at) values
    (${oldEmail}, 'someone@consumers.example.org', '<a@pal>', 'sent', ${new Date(now.getTime() - (DEFAULT_RETENTION.outboxDays + 1) * DAY)}),
    (${newEmail}, 'someone@consumers.example.org', '<b@pal>', 'sent', ${new Date(now.getTime() - (DEFAULT_RETENTION.outboxDays - 1) * DAY)})`;
  const [oldAudit, newAudit] = await t.sql<{ id: string }[]>`insert into audit_events (at, actor, action) values
    (${new Date(now.getTime() - (DEFAULT_RETENTION.auditDays + 1) * DAY)}, 'staff:ret', 'viewed-lead'),
    (${new Date(now.getTime() - (DEFAULT_RETENTION.auditDays - 1) * DAY)}, 'staff:ret', 'viewed-lead') returning id`;

  const progress: unknown[] = [];
  const counts = await applyRetentionPolicy(t.sql, DEFAULT_RETENTION, now, (c) => progress.push(c));
  expect(counts.leadsPseudonymized).toBeGreaterThanOrEqual(1);
  expect(counts.reportFilesDeleted).toBeGreaterThanOrEqual(1);
  expect(counts.emailsForgotten).toBeGreaterThanOrEqual(1);
  expect(counts.auditRecordsDeleted).toBeGreaterThanOrEqual(1);
  expect(progress.length).toBeGreaterThan(0);

  const [purged] = await t.sql`select intake, county, purged_at, reference_number, resolution, assister_id from leads where id = ${old}`;
  expect(purged!.purged_at).toBeInstanceOf(Date);
  expect(purged!.county).toBe('Ramsey County');
  expect(purged!.resolution).toBe('Enrolled in QHP');
  expect(purged!.intake.consumer).toEqual({ firstName: '', lastName: '', phone: '', zip: '' });
  expect(purged!.intake.reasonForHelp).toBe('');
  expect(JSON.stringify(purged!.intake)).not.toMatch(/Oldclosed|consumers\.example/i);
  const [event] = await t.sql`select data from lead_events where event_key = ${`ret/${old}/resolution`}`;
  expect(event!.data).toEqual({ resolution: 'Enrolled in QHP', contactMade: true });
  // Its routing kept who and by which rule, not how far the consumer was from each assister.
  const [assignment] = await t.sql`select decision from lead_assignments where lead_id = ${old}`;
  expect(assignment!.decision).toMatchObject({ assisterId: 'ret-nav-stpaul', rule: expect.any(String) });
  expect(Object.keys(assignment!.decision)).not.toEqual(expect.arrayContaining(['candidates']));
  expect(assignment!.decision.distanceMiles).toBeUndefined();
  const [routed] = await t.sql`select data from lead_events where lead_id = ${old} and type = 'routed'`;
  expect(routed!.data.candidates).toBeUndefined();
  expect(await t.sql`select note, resolution from escalations where key = ${`ret/${old}`}`).toEqual([{ note: null, resolution: null }]);
  expect(await t.sql`select note from escalations where key = ${`ret/${recent}`}`).toEqual([{ note: 'Called Recentclosed' }]);

  const [kept] = await t.sql`select intake, purged_at from leads where id = ${recent}`;
  expect(kept!.purged_at).toBeNull();
  expect(kept!.intake.consumer.lastName).toBe('Recentclosed');
  const [keptEvent] = await t.sql`select data from lead_events where event_key = ${`ret/${recent}/resolution`}`;
  expect(keptEvent!.data.comment).toBe('Recentclosed enrolled at the library');

  const files = await t.sql`select id, original is not null as kept from report_submissions where id in ${t.sql(submissions.map((s) => s.id))} order by period_number`;
  expect(files.map((f) => f.kept)).toEqual([false, true]);
  const emails = await t.sql`select key, recipient, sent_at is not null as sent from outbox where key in ${t.sql([oldEmail, newEmail])} order by key = ${oldEmail} desc`;
  expect(emails).toEqual([{ key: oldEmail, recipient: '', sent: true }, { key: newEmail, recipient: 'someone@consumers.example.org', sent: true }]);
  const audits = await t.sql`select id from audit_events where id in ${t.sql([oldAudit!.id, newAudit!.id])}`;
  expect(audits.map((a) => a.id)).toEqual([newAudit!.id]);

  // Recorded: the run, its instant and policy, and counts only.
  const [run] = await latestRetentionRuns(t.sql, 1);
  expect(run).toMatchObject({ asOf: now, counts });
  expect(run!.finishedAt).toBeInstanceOf(Date);

  // Again: nothing left to do, nothing changes.
  const before = await t.sql`select intake, county, purged_at from leads where id in ${t.sql([old, recent])} order by id`;
  const again = await applyRetentionPolicy(t.sql, DEFAULT_RETENTION, now);
  expect(again).toEqual({ leadsPseudonymized: 0, reportFilesDeleted: 0, submissionsDeleted: 0, emailsForgotten: 0, auditRecordsDeleted: 0 });
  expect(await t.sql`select intake, county, purged_at from leads where id in ${t.sql([old, recent])} order by id`).toEqual(before);
});

test('the daily report cycle runs the purge and records it', async () => {
  const old = await closedLead('Cycleclosed', new Date(), DEFAULT_RETENTION.consumerDataDays + 1);
  const [latest] = await t.sql<{ last: string | null }[]>`select max(id)::text as last from retention_runs`;
  // A day that is no report date: the cycle only reviews, then purges.
  const workflowId = `retention-cycle-${randomUUID()}`;
  await t.env.client.workflow.execute('reportCycleWorkflow', { taskQueue: t.taskQueue, workflowId, args: [{ date: '2026-12-25' }] });
  const runs = await t.sql`select counts from retention_runs where id > ${latest?.last ?? 0} order by id`;
  expect(runs.some((r) => r.counts.leadsPseudonymized >= 1)).toBe(true);
  const [lead] = await t.sql`select purged_at from leads where id = ${old}`;
  expect(lead!.purged_at).toBeInstanceOf(Date);
  await keepHistory(t.env.client, workflowId, 'report-cycle-retention');
});
