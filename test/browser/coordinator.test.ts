// The coordinators' console in Chromium, by keyboard alone: the Leads list filtered to the escalated leads, a bad
// filter refused (the error summary takes the focus), an escalation opened from the queue and its lead reassigned
// from there; the escalation closes itself when the new referral is delivered. Axe finds no WCAG 2.1 A/AA violation
// in any state, and each state reflows at 320 CSS pixels.
import { createActivities } from '../../activities';
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { expectAccessible, expectFocusOn, tabTo } from '../support/browser';
import { eventually } from '../support/eventually';
import { pageSuite } from '../support/page-suite';
import { signInStaff } from '../support/staff-sign-in';
import { assister, sampleLead } from '../support/samples';

const suite = pageSuite({ assisters: [assister('cb-nav-a', '55106'), assister('cb-nav-b', '55101')], browser: true });

test('a coordinator lists the escalated leads and reassigns one from the queue, by keyboard alone', async () => {
  const { t, server, b } = suite;
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, zip: '55106' } }));
  if (!created.ok || created.lead.assisterId !== 'cb-nav-a') throw new Error('not routed to cb-nav-a');
  const reference = created.lead.reference!;
  const lead = t.env.client.workflow.getHandle(leadWorkflowId(created.lead.leadId));
  await eventually(() => lead.query(statusQuery), (v) => v.status === 'awaiting-contact');
  // The contact deadline's escalation, as the workflow's activity opens it.
  await createActivities({ sql: t.sql, mailer: t.mailer, client: t.env.client }).sendLeadNotice({ leadId: created.lead.leadId, assignment: 1, notice: 'contact-overdue', assisterId: 'cb-nav-a' });

  const { page } = b;
  await signInStaff(page, { sql: t.sql, url: server.url }, 'cb-coordinator@mnsure.example.org', 'coordinator');

  // Leads: only those with an open escalation.
  await (await tabTo(page, 'link', 'Leads')).press('Enter');
  await page.getByRole('heading', { name: 'Leads', level: 1 }).waitFor();
  await expectAccessible(page, 'leads, all');
  await (await tabTo(page, 'checkbox', 'Only leads with an open escalation')).press('Space');
  await (await tabTo(page, 'button', 'Show leads')).press('Enter');
  await page.waitForURL('**/coordinator/leads?*escalated=yes*');
  await page.getByRole('link', { name: reference }).waitFor();
  expect(await page.getByRole('cell', { name: 'Contact overdue' }).count()).toBe(1);
  await expectAccessible(page, 'leads, escalated');

  // A status PAL does not know (an edited address) is refused beside its field.
  await page.goto(`${server.url}/coordinator/leads?status=lost`);
  await expectFocusOn(page, 'error-summary');
  await expectAccessible(page, 'leads, refused filter');
  await page.goto(`${server.url}/coordinator/leads?status=withdrawn&assister=cb-nav-b`);
  await page.getByText('No leads match.').waitFor();
  await expectAccessible(page, 'leads, none match');

  // The queue: the escalation's page offers Reassign lead; the other navigator chosen by keyboard.
  await page.goto(`${server.url}/coordinator`);
  await (await tabTo(page, 'link', 'Contact overdue')).press('Enter');
  await page.getByRole('heading', { name: 'Contact overdue', level: 1 }).waitFor();
  await expectAccessible(page, 'escalation with Reassign lead');
  const select = await tabTo(page, 'combobox', 'Assister');
  await select.press('ArrowDown');
  expect(await select.inputValue()).toBe('cb-nav-b');
  await tabTo(page, 'textbox', 'Reason');
  await page.keyboard.type('No answer from cb-nav-a');
  await (await tabTo(page, 'button', 'Reassign lead')).press('Enter');
  // It asks first; Cancel goes back to the escalation with the lead where it was.
  const confirmation = page.getByRole('heading', { level: 1, name: `Reassign lead ${reference} to cb-nav-b organization?` });
  await confirmation.waitFor();
  await expectAccessible(page, 'reassign lead confirmation');
  await (await tabTo(page, 'link', 'Cancel')).press('Enter');
  await page.getByRole('heading', { name: 'Contact overdue', level: 1 }).waitFor();
  expect((await lead.query(statusQuery)).assisterId).toBe('cb-nav-a');
  await (await tabTo(page, 'combobox', 'Assister')).press('ArrowDown');
  await tabTo(page, 'textbox', 'Reason');
  await page.keyboard.type('No answer from cb-nav-a');
  await (await tabTo(page, 'button', 'Reassign lead')).press('Enter');
  await confirmation.waitFor();
  await (await tabTo(page, 'button', 'Confirm reassignment')).press('Enter');
  await page.getByRole('heading', { name: 'Lead reassigned' }).waitFor();
  await expectAccessible(page, 'escalation after reassigning');
  expect(await eventually(() => lead.query(statusQuery), (v) => v.assisterId === 'cb-nav-b')).toMatchObject({ assisterId: 'cb-nav-b' });
  // The new referral delivered, the escalation closed itself: the queue is empty.
  await eventually(async () => (await page.goto(`${server.url}/coordinator`), await page.getByText('No open escalations.').count()), (n) => n === 1);
});
