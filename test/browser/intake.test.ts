// The representative's intake in Chromium, by keyboard alone: the form filled with a refused phone number (the error
// summary takes the focus and links to the field), fixed, previewed, held by an open lead of the same consumer,
// confirmed with Create it anyway, and Lead created. Axe finds no WCAG 2.1 A/AA violation in any state, and each
// reflows at 320 CSS pixels; so do Lead created for an organization without a public phone, for a lead no
// organization can take yet, and Lead not found. Send to a navigator instead, by keyboard: refused without a reason,
// previewed, created, and shown on the staff lead page.
import type { Page } from 'playwright-core';
import { addStaff } from '../../store/staff';
import { Visitor } from '../support/browserless';
import { expectAccessible, expectFocusOn, tabTo } from '../support/browser';
import { fillIntake } from '../support/intake-form';
import { pageSuite } from '../support/page-suite';
import { signIn } from '../support/portal';
import { assister, sampleLead } from '../support/samples';

const suite = pageSuite({
  assisters: [
    assister('ib-nav-full', '55106', { capacity: 0 }),
    assister('ib-nav-near', '55101', { name: 'Capitol Health Navigators', publicPhone: '651-555-0100' }),
    assister('ib-nav-duluth', '55802', { name: 'Lake Superior Navigators' }),
  ],
  browser: true,
});
const repEmail = 'ib-rep@contact-center.example.org';

beforeAll(async () => {
  const rep = await addStaff(suite.t.sql, repEmail, 'contact-center', 'test');
  if ('problem' in rep) throw new Error(rep.problem);
  // Signing in is the sign-in suites'; here the session is carried over to the browser.
  const visitor = new Visitor(suite.server.url);
  await signIn(visitor, repEmail);
  await suite.b.context.addCookies([{ name: 'pal_session', value: visitor.cookie('pal_session')!, url: suite.server.url }]);
});

async function typeInto(page: Page, name: string, text: string) {
  await tabTo(page, 'textbox', name);
  await page.keyboard.type(text);
}
/** The next Yes/No question: Tab reaches its first radio (Yes); Space chooses it, an arrow key the next (No). */
async function answer(page: Page, yes: boolean) {
  await tabTo(page, 'radio', 'Yes');
  await page.keyboard.press(yes ? 'Space' : 'ArrowDown');
}
const sendBy = async (page: Page, button: 'Preview routing' | 'Create lead') => (await tabTo(page, 'button', button)).press('Enter');

test('a lead by keyboard alone: refused, fixed, previewed, held by a duplicate, confirmed, created', async () => {
  const { t, server, b } = suite;
  const { page } = b;
  // The consumer already has an open lead (the same phone).
  const earlier = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, firstName: 'Bea', lastName: 'Keys', phone: '651-555-0142', email: undefined } }));
  if (!earlier.ok) throw new Error('refused');

  await page.goto(`${server.url}/intake`);
  await page.getByRole('heading', { name: 'Intake', level: 1 }).waitFor();
  await expectAccessible(page, 'intake');

  await typeInto(page, 'First name', 'Bea');
  await typeInto(page, 'Last name', 'Keys');
  await typeInto(page, 'Phone', '555-01');
  await typeInto(page, 'Email', 'bea@example.org');
  await typeInto(page, 'ZIP code', '55106');
  await typeInto(page, 'Preferred language', 'Somali');
  await answer(page, true);
  await typeInto(page, 'User login', 'bkeys');
  await answer(page, true);
  await tabTo(page, 'checkbox', 'Medical Assistance (MA)');
  await page.keyboard.press('Space');
  await typeInto(page, 'Reason for help', 'Needs help renewing coverage');
  await answer(page, false);
  await typeInto(page, 'Guidance provided', 'Explained renewal steps');
  await answer(page, true);
  await answer(page, false);
  await sendBy(page, 'Preview routing');

  // Refused: the summary takes the focus and links to the field; what was typed is kept.
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  expect(await page.title()).toBe('Error: Intake | PAL');
  await expectFocusOn(page, 'error-summary');
  expect(await page.locator('#phone-error').textContent()).toBe('Phone number must be a valid US phone number');
  expect(await page.getByRole('textbox', { name: 'Reason for help' }).inputValue()).toBe('Needs help renewing coverage');
  await expectAccessible(page, 'intake with a refused field');
  await (await tabTo(page, 'link', 'Phone number must be a valid US phone number')).press('Enter');
  await expectFocusOn(page, 'phone');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('(651) 555-0142');
  await sendBy(page, 'Preview routing');

  // The preview takes the focus: where the lead would go, and the consumer's open lead.
  await page.getByRole('heading', { name: 'Routing preview' }).waitFor();
  expect(await page.title()).toBe('Intake | PAL');
  await expectFocusOn(page, 'routing-preview');
  const preview = await page.locator('#routing-preview').innerText();
  expect(preview).toContain('Capitol Health Navigators (ib-nav-near)');
  expect(preview).toContain('public-program');
  expect(preview).toMatch(/ib-nav-full organization \(ib-nav-full\), [\d.]+ miles?: at capacity/);
  expect(await page.getByRole('region', { name: 'This consumer may already have an open lead' }).innerText()).toContain(`Lead ${earlier.lead.reference}`);
  await expectAccessible(page, 'intake with the routing preview and an open lead of the consumer');

  // Create lead is held until Create it anyway is checked.
  await sendBy(page, 'Create lead');
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await expectFocusOn(page, 'error-summary');
  await expectAccessible(page, 'intake held by an open lead of the consumer');
  await (await tabTo(page, 'link', 'This consumer may already have an open lead: check Create it anyway to create another')).press('Enter');
  await expectFocusOn(page, 'create-anyway');
  await page.keyboard.press('Space');
  await sendBy(page, 'Create lead');

  await page.getByRole('heading', { name: 'Lead created', level: 1 }).waitFor();
  const reference = /\/intake\/leads\/([0-9A-Z]{8})$/.exec(page.url())![1]!;
  expect(reference).not.toBe(earlier.lead.reference);
  const words = await page.locator('main').innerText();
  expect(words).toContain(`Your reference number is ${reference.slice(0, 4)} ${reference.slice(4)}.`);
  expect(words).toMatch(/Capitol Health Navigators will call you by \w+, \w+ \d+ at 5:00 PM\./);
  expect(words).toContain('their phone number is (651) 555-0100');
  await expectAccessible(page, 'lead created');
});

test('Lead created without a public phone, for a lead no organization can take yet, and Lead not found', async () => {
  const { t, server, b } = suite;
  const { page } = b;
  const created = async (more: Record<string, unknown>, consumer: Record<string, unknown>) => {
    const made = await t.createLead(sampleLead({ ...more, consumer: { ...sampleLead().consumer, ...consumer } }));
    if (!made.ok) throw new Error('refused');
    await page.goto(`${server.url}/intake/leads/${made.lead.reference}`);
    await page.getByRole('heading', { name: 'Lead created', level: 1 }).waitFor();
    return page.locator('main').innerText();
  };
  expect(await created({}, { firstName: 'Dale', phone: '218-555-0143', zip: '55802' })).toContain('The organization will call you');
  await expectAccessible(page, 'lead created, organization without a public phone');
  // No broker in the directory: the lead waits.
  expect(await created({ planSelectionHelp: true }, { firstName: 'Hal', phone: '651-555-0144' })).toContain('An assister organization near you will call you.');
  await expectAccessible(page, 'lead created, no organization yet');
  await page.goto(`${server.url}/intake/leads/ZZZZZZZZ`);
  await page.getByRole('heading', { name: 'Lead not found' }).waitFor();
  await expectAccessible(page, 'lead not found');
});

test('Send to a navigator instead by keyboard alone: the reason refused when missing, then previewed and created', async () => {
  const { server, b } = suite;
  const { page } = b;
  await page.goto(`${server.url}/intake`);
  // The lead's items (the first journey types them); the choice below is made by keyboard alone.
  await fillIntake(page, { firstName: 'Ola', lastName: 'Override', phone: '651-555-0145', zip: '55106', determination: 'Qualified health plan (QHP)' });

  await page.getByRole('group', { name: 'Send to a navigator instead' }).waitFor();
  await tabTo(page, 'checkbox', 'Send the lead to the closest eligible navigator');
  await page.keyboard.press('Space');
  await sendBy(page, 'Preview routing');
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await expectFocusOn(page, 'error-summary');
  expect(await page.locator('#navigator-reason-error').textContent()).toBe('Reason for sending to a navigator is required');
  expect(await page.getByRole('checkbox', { name: 'Send the lead to the closest eligible navigator' }).isChecked()).toBe(true);
  await expectAccessible(page, 'intake with Send to a navigator instead and no reason');
  await (await tabTo(page, 'link', 'Reason for sending to a navigator is required')).press('Enter');
  await expectFocusOn(page, 'navigator-reason');
  await page.keyboard.type('Consumer wants free help in Somali');
  await sendBy(page, 'Preview routing');

  await page.getByRole('heading', { name: 'Routing preview' }).waitFor();
  await expectFocusOn(page, 'routing-preview');
  const preview = await page.locator('#routing-preview').innerText();
  expect(preview).toContain('Navigator');
  expect(preview).toContain('Capitol Health Navigators (ib-nav-near)');
  expect(preview).toMatch(/navigator-by-representative: the representative sent it to a navigator against the rule \(the rule qhp, .* would send it to a broker\)/);
  expect(preview).toMatch(/ib-nav-full organization \(ib-nav-full\), [\d.]+ miles?: at capacity/);
  await expectAccessible(page, 'intake with the routing preview sent to a navigator against the rule');

  await sendBy(page, 'Create lead');
  await page.getByRole('heading', { name: 'Lead created', level: 1 }).waitFor();
  const words = await page.locator('main').innerText();
  expect(words).toContain('Capitol Health Navigators will call you');
  expect(words).toContain('Sent to a navigator against the rule');
  expect(words).toMatch(new RegExp(`Sent to a navigator by\\s+${repEmail}`));
  expect(words).toContain('Consumer wants free help in Somali');
  await expectAccessible(page, 'lead created, sent to a navigator against the rule');
  // The staff lead page says so too, with the reason.
  await page.goto(`${server.url}/leads/${/([0-9A-Z]{8})$/.exec(page.url())![1]}`);
  await page.getByRole('heading', { name: 'Sent to a navigator against the rule' }).waitFor();
  expect(await page.locator('main').innerText()).toContain('Consumer wants free help in Somali');
  await expectAccessible(page, 'staff lead page, sent to a navigator against the rule');
});
