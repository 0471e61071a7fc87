// The staff's journey end to end in Chromium, each step by keyboard: a representative signs in by the link `npm run
// dev` prints, fills Intake with a refused phone number and fixes it, previews routing, is held back by the
// consumer's open lead, creates the lead, and finds it again by phone. Its contact deadline passes: the workflow
// escalates it, the coordinator sees Contact overdue in the queue, and the escalation closes itself when the
// assister records contact in the portal. Another overdue lead is reassigned from the queue, and its workflow shows
// the new assister, who asks the coordinators a question in the lead's messages and reads the answer. (OIDC sign-in:
// test/browser/oidc.test.ts.)
import type { Page } from 'playwright-core';
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { findLead } from '../../store/leads';
import { expectAccessible, expectFocusOn, tabTo } from '../support/browser';
import { Visitor } from '../support/browserless';
import { eventually } from '../support/eventually';
import { fillIntake } from '../support/intake-form';
import { pageSuite } from '../support/page-suite';
import { signInStaff } from '../support/staff-sign-in';
import { signIn } from '../support/portal';
import { assister, sampleLead } from '../support/samples';

const suite = pageSuite({ assisters: [assister('sj-nav-a', '55106', { name: 'Eastside Navigators' }), assister('sj-nav-b', '55101', { name: 'Capitol Navigators' })], browser: true });
const DAY = 24 * 60 * 60 * 1000;

/** Signs a staff member in by the link npm run dev prints, by keyboard; waits for their start page. */
const signInByPrintedLink = (page: Page, email: string, role: 'contact-center' | 'coordinator') => signInStaff(page, { sql: suite.t.sql, url: suite.server.url }, email, role);

/** The queue, reloaded until `ready` holds. */
async function queueUntil(page: Page, ready: (text: string) => boolean) {
  return eventually(async () => {
    await page.goto(`${suite.server.url}/coordinator`);
    return page.locator('main').innerText();
  }, ready);
}

test('intake to resolution of an escalation, across the representative, the coordinator and the assister', async () => {
  const { t, server, b } = suite;
  const { page } = b;
  // The consumer already has an open lead (the same phone); the new one is referred ten days ago, so its contact
  // deadline has passed by the time it is created (the activities' clock).
  const earlier = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, firstName: 'Noor', lastName: 'Haddad', phone: '651-555-0190', zip: '55106' } }));
  if (!earlier.ok) throw new Error('refused');
  t.clock.now = new Date(Date.now() - 10 * DAY);

  await signInByPrintedLink(page, 'sj-rep@mnsure.example.org', 'contact-center');
  await fillIntake(page, { firstName: 'Noor', lastName: 'Haddad', phone: '555-0190', zip: '55106', determination: 'Medical Assistance (MA)' });
  await (await tabTo(page, 'button', 'Preview routing')).press('Enter');
  await expectFocusOn(page, 'error-summary');
  await (await tabTo(page, 'link', 'Phone number must be a valid US phone number')).press('Enter');
  await expectFocusOn(page, 'phone');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('651-555-0190');
  await (await tabTo(page, 'button', 'Preview routing')).press('Enter');
  await expectFocusOn(page, 'routing-preview');
  expect(await page.locator('#routing-preview').innerText()).toContain('Eastside Navigators (sj-nav-a)');
  await (await tabTo(page, 'button', 'Create lead')).press('Enter');
  await expectFocusOn(page, 'error-summary');
  expect(await page.getByRole('region', { name: 'This consumer may already have an open lead' }).innerText()).toContain(`Lead ${earlier.lead.reference}`);
  await (await tabTo(page, 'checkbox', 'Create it anyway')).press('Space');
  await (await tabTo(page, 'button', 'Create lead')).press('Enter');
  await page.getByRole('heading', { name: 'Lead created', level: 1 }).waitFor();
  const reference = /\/intake\/leads\/([0-9A-Z]{8})$/.exec(page.url())![1]!;
  await expectAccessible(page, 'journey: lead created');

  // Found again by phone.
  await (await tabTo(page, 'link', 'Find a lead')).press('Enter');
  await tabTo(page, 'textbox', 'Reference, name, phone number or email');
  await page.keyboard.type('(651) 555-0190');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: '2 leads found' }).waitFor();
  await (await tabTo(page, 'link', reference)).press('Enter');
  await page.getByRole('heading', { name: `Lead ${reference}`, level: 1 }).waitFor();

  // The deadline passed: the workflow escalated; the coordinator sees it in the queue, and in Leads.
  const lead = await findLead(t.sql, reference);
  if (!lead || 'problem' in lead) throw new Error(`no lead ${reference}`);
  const handle = t.env.client.workflow.getHandle(leadWorkflowId(lead.id));
  await eventually(() => handle.query(statusQuery), (v) => v.escalated && v.history.some((h) => h.event === 'contact-overdue'));
  await signInByPrintedLink(page, 'sj-coordinator@mnsure.example.org', 'coordinator');
  expect(await queueUntil(page, (text) => text.includes(reference))).toMatch(new RegExp(`Contact overdue\\s+${reference}\\s+Eastside Navigators`));
  await expectAccessible(page, 'journey: the queue with the escalation');

  // The assister records contact in the portal; the escalation closes itself.
  await asAssister(page, 'sj-nav-a@assisters.example.org');
  await page.goto(`${server.url}/portal/leads/${reference}`);
  await tabTo(page, 'textbox', 'Contact date');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
  await page.keyboard.type(today.split('-').slice(1).join('') + today.slice(0, 4)); // mmddyyyy, as a date field takes it
  await (await tabTo(page, 'button', 'Record contact')).press('Enter');
  await page.getByRole('heading', { name: 'Contact recorded' }).waitFor();
  await signInByPrintedLink(page, 'sj-coordinator@mnsure.example.org', 'coordinator');
  expect(await queueUntil(page, (text) => !text.includes(reference))).not.toContain(reference);
  expect(await handle.query(statusQuery)).toMatchObject({ status: 'contacted', escalated: false });

  // Another overdue lead, reassigned from the queue: its workflow shows the new assister.
  const other = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, firstName: 'Omar', phone: '651-555-0191', zip: '55106' } }));
  if (!other.ok || other.lead.assisterId !== 'sj-nav-a') throw new Error('not routed to sj-nav-a');
  t.clock.now = new Date();
  await queueUntil(page, (text) => text.includes(other.lead.reference!));
  await (await tabTo(page, 'link', 'Contact overdue')).press('Enter');
  await page.getByRole('heading', { name: 'Contact overdue', level: 1 }).waitFor();
  const select = await tabTo(page, 'combobox', 'Assister');
  await select.press('ArrowDown');
  expect(await select.inputValue()).toBe('sj-nav-b');
  await (await tabTo(page, 'button', 'Reassign lead')).press('Enter');
  await page.getByRole('heading', { level: 1, name: `Reassign lead ${other.lead.reference} to Capitol Navigators?` }).waitFor();
  await (await tabTo(page, 'button', 'Confirm reassignment')).press('Enter');
  await page.getByRole('heading', { name: 'Lead reassigned' }).waitFor();
  const moved = t.env.client.workflow.getHandle(leadWorkflowId(other.lead.leadId));
  expect(await eventually(() => moved.query(statusQuery), (v) => v.history.some((h) => h.event === 'reassigned'))).toMatchObject({ assisterId: 'sj-nav-b', status: 'awaiting-contact', escalated: false });
  expect(await queueUntil(page, (text) => !text.includes(other.lead.reference!))).not.toContain(other.lead.reference!);

  // The new assister asks the coordinators about it; the coordinator reads it on the lead page and answers; the
  // assister reads the answer.
  await asAssister(page, 'sj-nav-b@assisters.example.org');
  await page.goto(`${server.url}/portal/leads/${other.lead.reference}`);
  await sendMessage(page, 'The consumer asks for an evening appointment. Is that fine?');
  await page.getByText('The consumer asks for an evening appointment. Is that fine?').waitFor();
  await signInByPrintedLink(page, 'sj-coordinator@mnsure.example.org', 'coordinator');
  await page.goto(`${server.url}/leads/${other.lead.reference}`);
  await page.getByText('The consumer asks for an evening appointment. Is that fine?').waitFor();
  await sendMessage(page, 'Yes, evenings are fine.');
  await page.getByText('Yes, evenings are fine.').waitFor();
  await expectAccessible(page, 'journey: staff lead page with the thread');
  await asAssister(page, 'sj-nav-b@assisters.example.org');
  await page.goto(`${server.url}/portal/leads/${other.lead.reference}`);
  await page.getByText('Yes, evenings are fine.').waitFor();
});

/** The assister's person, signed in (the sign-in itself is the portal suites'), carried into the browser. */
async function asAssister(page: Page, email: string) {
  const person = new Visitor(suite.server.url);
  await signIn(person, email);
  await suite.b.context.clearCookies();
  await suite.b.context.addCookies([{ name: 'pal_session', value: person.cookie('pal_session')!, url: suite.server.url }]);
}

/** Types a message and sends it, by keyboard. */
async function sendMessage(page: Page, text: string) {
  await tabTo(page, 'textbox', 'Message', 120);
  await page.keyboard.type(text);
  await (await tabTo(page, 'button', 'Send message')).press('Enter');
}
