// A contact-point change nobody confirms, with time skipping: escalated to the coordinator at 17:00 on the 2nd
// business day after the request, then lapses after 30 days; the old address stays the contact point throughout.
// The same for a change asked for with the assister's own token that its new address confirms but nobody approves.
import { confirmContactPoint, requestContactPointChange } from '../../client/api/directory-requests';
import { holidayCalendar } from '../../domain/business-days';
import { contactPointChangeDeadlines } from '../../domain/deadlines';
import { contactPointChangeQuery, contactPointChangeWorkflowId } from '../../contracts/directory';
import { eventually } from '../support/eventually';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { mailsMatching, recipient } from '../support/mail';
import { assister } from '../support/samples';
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
  const escalations = () => mailsMatching({ subject: 'PAL escalation: contact point change for assister cp-nav-a not confirmed' });
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

describe('on a time-skipping server of its own (the first test moved its clock a month ahead of the database)', () => {
  let t: LeadTestEnv;
  beforeAll(async () => {
    t = await openLeadTestEnv({ server: 'time-skipping' });
    await t.addAssisters([assister('cp-nav-b', '55101')]);
  });
  afterAll(async () => t?.close());

  test('a change asked for with the assister token that nobody approves never takes effect: escalated, then lapses', async () => {
    const deps = { client: t.env.client, sql: t.sql, taskQueue: t.taskQueue };
    const { changeId, approval } = await requestContactPointChange(deps, 'cp-nav-b', 'stolen-token@cp-nav-b.example.org', 'assister:cp-nav-b');
    expect(approval).toBe('awaiting');
    const handle = t.env.client.workflow.getHandle(contactPointChangeWorkflowId('cp-nav-b', changeId));
    const [toNew] = await eventually(() => mailsMatching({ to: 'stolen-token@cp-nav-b.example.org' }), (m) => m.length === 1);
    const code = /Code: (\w+)/.exec(toNew!.Text)![1]!;
    await expect(confirmContactPoint(deps, 'cp-nav-b', code, 'assister:cp-nav-b')).resolves.toMatchObject({ state: 'awaiting-approval', approval: 'awaiting' });
    const approvalAsked = await mailsMatching({ to: 'cp-nav-b@assisters.example.org' });
    expect(approvalAsked.map((m) => m.Subject)).toEqual(['PAL: approve the change of contact point for assister cp-nav-b']);
    expect(approvalAsked[0]!.Text).toMatch(/someone may be using your PAL token/);

    const [change] = await t.sql<{ requested_at: Date }[]>`select requested_at from contact_point_changes where id = ${changeId}`;
    const { escalateAt, expireAt } = contactPointChangeDeadlines(change!.requested_at, holidayCalendar());
    await t.env.sleep(escalateAt.getTime() - (await t.env.currentTimeMs()) + 60_000);
    const [escalation] = await eventually(
      () => mailsMatching({ subject: 'PAL escalation: contact point change for assister cp-nav-b not confirmed' }),
      (m) => m.length === 1,
    );
    expect(escalation!.Text).toMatch(/was confirmed by the new address but not approved/);
    expect(escalation!.Text).toContain('pal assister revoke-tokens --assister cp-nav-b');
    expect(await handle.query(contactPointChangeQuery)).toMatchObject({ state: 'awaiting-approval', escalated: true });

    await t.env.sleep(expireAt.getTime() - (await t.env.currentTimeMs()) + 60_000);
    await eventually(() => t.sql`select expired_at from contact_point_changes where id = ${changeId}`, (r) => r[0]!.expired_at !== null);
    expect(await handle.result()).toMatchObject({ state: 'expired', approval: 'awaiting' });
    const [b] = await t.sql`select email from assisters where id = 'cp-nav-b'`;
    expect(b).toEqual({ email: 'cp-nav-b@assisters.example.org' });
    await keepHistory(t.env.client, handle.workflowId, 'contact-point-change-unapproved-expired');
  });
});
