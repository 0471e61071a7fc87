// Messages about a lead in Chromium, by keyboard alone: the assister sends a message from the lead page (first an
// empty one: the error summary takes the focus), the coordinator finds it under Unanswered messages once a business
// day has passed, answers on the staff lead page, and the assister reads the answer. Axe finds no WCAG 2.1 A/AA
// violation in any state of the thread on either side (empty, with messages, refused), and each reflows at 320 px.
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { printedSignInLink } from '../../client/web/dev-sign-in';
import { webConfig } from '../../platform/config';
import { addStaff } from '../../store/staff';
import { connect, expectAccessible, expectFocusOn, tabTo, type BrowserSession } from '../support/browser';
import { eventually } from '../support/eventually';
import { pageSuite } from '../support/page-suite';
import { nextSignInMail, signInMailCount } from '../support/portal';
import { assister, sampleLead } from '../support/samples';

const suite = pageSuite({ assisters: [assister('mb-nav-a', '55106')], browser: true });
let staff: BrowserSession;
beforeAll(async () => {
  staff = await connect();
});
afterAll(async () => {
  await staff?.close();
});

/** Types a message and sends it, by keyboard; then waits for the page that answers. */
async function sendMessage(page: BrowserSession['page'], text: string) {
  await tabTo(page, 'textbox', 'Message', 120);
  await page.keyboard.type(text);
  await (await tabTo(page, 'button', 'Send message')).press('Enter');
}

test('assister and coordinator write to each other by keyboard alone; the unanswered thread shows in the queue and clears', async () => {
  const { t, server, b } = suite;
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, zip: '55106' } }));
  if (!created.ok) throw new Error('refused');
  const { leadId } = created.lead;
  const reference = created.lead.reference!;
  await eventually(() => t.env.client.workflow.getHandle(leadWorkflowId(leadId)).query(statusQuery), (v) => v.history.some((h) => h.event === 'referred'));

  // The coordinator's view of the empty thread.
  const coordinator = await addStaff(t.sql, 'mb-coordinator@mnsure.example.org', 'coordinator', 'test');
  if ('problem' in coordinator) throw new Error(coordinator.problem);
  const cp = staff.page;
  const link = new URL(await printedSignInLink(t.sql, webConfig({}), coordinator));
  await cp.goto(`${server.url}${link.pathname}${link.search}`);
  await (await tabTo(cp, 'button', 'Sign in')).press('Enter');
  await cp.getByRole('heading', { name: 'Escalations', level: 1 }).waitFor();
  expect(await cp.getByText('No unanswered messages.').count()).toBe(1);
  await cp.goto(`${server.url}/leads/${reference}`);
  await cp.getByRole('heading', { name: 'Messages', level: 2 }).waitFor();
  expect(await cp.getByText('No messages yet.').count()).toBe(1);
  await expectAccessible(cp, 'staff lead page, no messages');

  // The assister signs in from the lead's link and finds the empty thread.
  const email = 'mb-nav-a@assisters.example.org';
  const ap = b.page;
  await ap.goto(`${server.url}/portal/leads/${reference}`);
  await ap.waitForURL('**/portal/sign-in');
  await tabTo(ap, 'textbox', 'Email address');
  await ap.keyboard.type(email);
  const before = await signInMailCount(email);
  await ap.keyboard.press('Enter');
  await ap.getByRole('heading', { name: 'Check your email' }).waitFor();
  const { link: signIn } = await nextSignInMail(email, before);
  await ap.goto(`${server.url}${signIn.pathname}${signIn.search}`);
  await (await tabTo(ap, 'button', 'Sign in')).press('Enter');
  await ap.getByRole('heading', { name: `Lead ${reference}`, level: 1 }).waitFor();
  expect(await ap.getByText('No messages yet.').count()).toBe(1);
  await expectAccessible(ap, 'portal lead page, no messages');

  // An empty message is refused: the error summary takes the focus, the reason stands beside the field.
  await (await tabTo(ap, 'button', 'Send message', 120)).press('Enter');
  await ap.getByRole('heading', { name: 'There is a problem' }).waitFor();
  expect(await ap.title()).toBe(`Error: Messages about lead ${reference} | PAL`);
  await expectFocusOn(ap, 'error-summary');
  expect(await ap.locator('#message-error').textContent()).toBe('Enter a message');
  await expectAccessible(ap, 'portal thread, refused');

  // Written by keyboard: sent, and shown in the thread on the lead page.
  await sendMessage(ap, 'The consumer asks whether MNsure can call them back on Friday.');
  await ap.getByRole('heading', { name: 'Message sent' }).waitFor();
  expect(ap.url()).toBe(`${server.url}/portal/leads/${reference}?done=message#messages`);
  expect(await ap.getByText('The consumer asks whether MNsure can call them back on Friday.').count()).toBe(1);
  await expectAccessible(ap, 'portal lead page, with a message');

  // A business day later (the thread's clock, set back), the coordinators' queue lists it under Unanswered messages.
  await t.sql`update lead_threads set awaiting_since = now() - interval '4 days' where lead_id = ${leadId}`;
  await t.sql`update lead_messages set sent_at = now() - interval '4 days' where lead_id = ${leadId}`;
  await cp.goto(`${server.url}/coordinator`);
  await cp.getByRole('heading', { name: 'Unanswered messages', level: 2 }).waitFor();
  expect(await cp.getByRole('row', { name: new RegExp(`${reference} mb-nav-a organization 4 days`) }).count()).toBe(1);
  await expectAccessible(cp, 'queue with an unanswered message');

  // The coordinator follows it to the lead page, reads it, first sends nothing, then answers.
  await (await tabTo(cp, 'link', reference)).press('Enter');
  await cp.getByRole('heading', { name: `Lead ${reference}`, level: 1 }).waitFor();
  expect(await cp.getByText('The consumer asks whether MNsure can call them back on Friday.').count()).toBe(1);
  await expectAccessible(cp, 'staff lead page, with a message');
  await (await tabTo(cp, 'button', 'Send message', 120)).press('Enter');
  await cp.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await expectFocusOn(cp, 'error-summary');
  await expectAccessible(cp, 'staff thread, refused');
  await sendMessage(cp, 'Yes, Friday morning works. We will call them.');
  await cp.getByRole('heading', { name: 'Message sent' }).waitFor();
  await expectAccessible(cp, 'staff lead page, answered');
  await (await tabTo(cp, 'link', 'Escalations')).press('Enter');
  await cp.getByRole('heading', { name: 'Unanswered messages', level: 2 }).waitFor();
  expect(await cp.getByText('No unanswered messages.').count()).toBe(1);

  // The assister reads the answer.
  await ap.goto(`${server.url}/portal/leads/${reference}#messages`);
  expect(await ap.getByText('Yes, Friday morning works. We will call them.').count()).toBe(1);
  expect(await ap.getByText('Coordinator mb-coordinator@mnsure.example.org').count()).toBe(1);
  await expectAccessible(ap, 'portal lead page, answered');
});
