// A contact-point change nobody confirms, with time skipping: escalated to the coordinator at 17:00 on the 2nd
// business day after the request, then lapses after 30 days; the old address stays the contact point throughout.
import { requestContactPointChange } from '../../client/api/directory-requests';
import { readCaughtMessages } from '../../client/devstack/smtp';
import { holidayCalendar } from '../../domain/business-days';
import { contactPointChangeDeadlines } from '../../domain/deadlines';
import { contactPointChangeQuery, contactPointChangeWorkflowId } from '../../contracts/directory';
import { eventually } from '../support/eventually';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { recipient } from '../support/mail';
import { assister } from '../support/samples';
import { mailDir } from '../support/stack';
import { keepHistory } from '../support/histories';

let t: LeadTestEnv;
beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'time-skipping' });
  await t.addAssisters([assister('cp-nav-a', '55101')]);
});
afterAll(async () => t?.close());

test('an unconfirmed change is escalated after two business days and lapses after thirty days', async () => {
  const { changeId } = await requestContactPointChange({ client: t.env.client, sql: t.sql, taskQueue: t.taskQueue }, 'cp-nav-a', 'typo@new-a.example.org', 'coordinator');
  const handle = t.env.client.workflow.getHandle(contactPointChangeWorkflowId('cp-nav-a', changeId));
  const [change] = await t.sql<{ requested_at: Date }[]>`select requested_at from contact_point_changes where id = ${changeId}`;
  const { escalateAt, expireAt } = contactPointChangeDeadlines(change!.requested_at, holidayCalendar());
  const escalations = async () => (await readCaughtMessages(mailDir())).filter((m) => m.mail.subject === 'PAL escalation: contact point change for assister cp-nav-a not confirmed');
  await eventually(() => t.sql`select 1 from outbox where key = ${`contact-point-change/${changeId}/confirm`} and status = 'sent'`, (r) => r.length === 1);

  await t.env.sleep(escalateAt.getTime() - (await t.env.currentTimeMs()) - 60_000);
  expect(await handle.query(contactPointChangeQuery)).toMatchObject({ state: 'awaiting-confirmation', escalated: false });
  expect(await escalations()).toHaveLength(0);
  await t.env.sleep(2 * 60_000);
  const [escalation] = await eventually(escalations, (m) => m.length === 1);
  expect(recipient(escalation!)).toBe('pal-coordinator@mnsure.example.org');
  expect(await handle.query(contactPointChangeQuery)).toMatchObject({ state: 'awaiting-confirmation', escalated: true });

  await t.env.sleep(expireAt.getTime() - (await t.env.currentTimeMs()) + 60_000);
  const closed = await eventually(() => t.sql`select expired_at from contact_point_changes where id = ${changeId}`, (r) => r[0]!.expired_at !== null);
  expect(closed).toHaveLength(1);
  const [a] = await t.sql`select email from assisters where id = 'cp-nav-a'`;
  expect(a).toEqual({ email: 'cp-nav-a@assisters.example.org' });
  await keepHistory(t.env.client, handle.workflowId, 'contact-point-change-expired');
});
