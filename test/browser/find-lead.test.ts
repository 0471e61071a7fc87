// Find a lead in Chromium, by keyboard alone: a representative signs in with a printed link, searches with a text
// that is refused (the error summary takes the focus), then by phone, and opens the lead; a correction with a bad
// phone number is refused the same way, and the lead is withdrawn. Axe finds no WCAG 2.1
// A/AA violation in any state, and each state reflows at 320 CSS pixels.
import { DEFAULT_RETENTION } from '../../domain/retention';
import { applyRetentionPolicy } from '../../store/retention';
import { expectAccessible, expectFocusOn, tabTo } from '../support/browser';
import { eventually } from '../support/eventually';
import { pageSuite } from '../support/page-suite';
import { signInStaff } from '../support/staff-sign-in';
import { assister, sampleLead } from '../support/samples';

const suite = pageSuite({ assisters: [assister('fb-nav-a', '55106')], browser: true });

test('a representative finds a lead by phone and opens it, by keyboard alone', async () => {
  const { t, server, b } = suite;
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, firstName: 'Ilse', lastName: 'Brekke', zip: '55106', phone: '651-555-0188' } }));
  if (!created.ok) throw new Error('refused');
  const { page } = b;
  await signInStaff(page, { sql: t.sql, url: server.url }, 'fb-rep@mnsure.example.org', 'contact-center');

  await page.goto(`${server.url}/leads/find`);
  await page.getByRole('heading', { name: 'Find a lead', level: 1 }).waitFor();
  await expectAccessible(page, 'find a lead');
  await tabTo(page, 'textbox', 'Reference, name, phone number or email');
  await page.keyboard.type('555-01');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await expectFocusOn(page, 'error-summary');
  await expectAccessible(page, 'find a lead, refused');

  await page.getByRole('textbox', { name: 'Reference, name, phone number or email' }).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('651 555 0188');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: '1 lead found' }).waitFor();
  expect(page.url()).toBe(`${server.url}/leads/find`);
  await expectAccessible(page, 'find a lead, found');
  await (await tabTo(page, 'link', created.lead.reference!)).press('Enter');
  await page.getByRole('heading', { name: `Lead ${created.lead.reference}`, level: 1 }).waitFor();
  expect(await page.getByText('Ilse Brekke').count()).toBeGreaterThan(0);
  await expectAccessible(page, 'lead page for staff');

  // Correct contact details: a phone number that is not one is refused; the error summary takes the focus.
  await tabTo(page, 'textbox', 'Phone');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('555-0000');
  await (await tabTo(page, 'button', 'Correct contact details')).press('Enter');
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await expectFocusOn(page, 'error-summary');
  await expectAccessible(page, 'lead page for staff, correction refused');

  // Withdraw lead: the reason chosen by keyboard; the lead closes and the page says so.
  await (await tabTo(page, 'radio', 'Consent revoked')).press('Space');
  await (await tabTo(page, 'button', 'Withdraw lead')).press('Enter');
  await page.getByRole('heading', { name: 'Lead withdrawn' }).waitFor();
  expect(await page.getByRole('button', { name: 'Withdraw lead' }).count()).toBe(0);
  await expectAccessible(page, 'lead page for staff, withdrawn');
});

test("a coordinator's view of a lead, with Reassign lead, passes axe and reflows", async () => {
  const { t, server, b } = suite;
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, zip: '55106' } }));
  if (!created.ok) throw new Error('refused');
  const { page } = b;
  await signInStaff(page, { sql: t.sql, url: server.url }, 'fb-coordinator@mnsure.example.org', 'coordinator');
  await page.goto(`${server.url}/leads/${created.lead.reference}`);
  await page.getByRole('heading', { name: 'Reassign lead' }).waitFor();
  expect(await page.getByRole('combobox', { name: 'Assister' }).count()).toBe(1);
  await expectAccessible(page, 'lead page for a coordinator');
});

test("a lead past the retention policy: the coordinator's view says the consumer's details were removed, passes axe and reflows", async () => {
  const { t, server, b } = suite;
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, lastName: 'Purgedsen', zip: '55106' } }));
  if (!created.ok) throw new Error('refused');
  await eventually(() => t.sql`select 1 from lead_assignments where lead_id = ${created.lead.leadId}`, (rows) => rows.length === 1);
  await t.sql`update leads set status = 'resolved', resolution = 'Enrolled in QHP', closed_at = now() - make_interval(days => ${DEFAULT_RETENTION.consumerDataDays + 1}) where id = ${created.lead.leadId}`;
  await applyRetentionPolicy(t.sql, DEFAULT_RETENTION, new Date());
  const { page } = b;
  await signInStaff(page, { sql: t.sql, url: server.url }, 'fb-coordinator2@mnsure.example.org', 'coordinator');
  await page.goto(`${server.url}/leads/${created.lead.reference}`);
  await page.getByText("The consumer's details were removed on").waitFor();
  expect(await page.getByText('Purgedsen').count()).toBe(0);
  await expectAccessible(page, 'lead page for a coordinator, consumer details removed');
});
