// The assister's journey in Chromium, by keyboard alone: from the referral email's link (no consumer data in it) to
// sign-in, back to the lead and its consumer, Record contact (first a date the lead refuses: the error summary takes
// the focus), a resolution the rules refuse, the report workbook returned with a bad row, and the audit trail; then
// the idle warning. Axe finds no WCAG 2.1 A/AA violation on any page or state, and pages reflow at 320 CSS pixels.
import { randomUUID } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { OE5_REPORT_CALENDAR, periodContaining } from '../../domain/report-calendar';
import { minnesotaDate } from '../../domain/time';
import { webConfig } from '../../platform/config';
import { startTestApi } from '../support/api';
import { connect, expectFocusOn, expectNoAxeViolations, expectReflowAt320, tabTo, type BrowserSession } from '../support/browser';
import { eventually } from '../support/eventually';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { mailsFor, mailsMatching } from '../support/mail';
import { nextSignInMail, signInMailCount } from '../support/portal';
import { assister, sampleLead } from '../support/samples';

let t: LeadTestEnv;
let server: Awaited<ReturnType<typeof startTestApi>>;
let b: BrowserSession;
const email = 'br-nav-a@assisters.example.org';

beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters([assister('br-nav-a', '55106')]);
  server = await startTestApi(t, { mailer: t.mailer });
  b = await connect();
});
afterAll(async () => {
  await b?.close();
  await server?.close();
  await t?.close();
});

/** Types into the field with this label, reached by Tab. */
async function typeInto(label: string, text: string) {
  await tabTo(b.page, 'textbox', label);
  await b.page.keyboard.type(text);
}

test('the journey by keyboard alone: the referral email\'s link, sign-in, the consumer, Record contact, a refused resolution, a report with a bad row, the audit trail', async () => {
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, firstName: 'Brenna', lastName: 'Okafor', zip: '55106', email: 'brenna.okafor@example.com' } }));
  if (!created.ok) throw new Error('refused');
  const { leadId, reference } = created.lead;
  const handle = t.env.client.workflow.getHandle(leadWorkflowId(leadId));
  const page = b.page;

  // The referral email carries the reference, the deadlines and a link; nothing of the consumer, no attachment.
  const [referral] = await eventually(() => mailsFor(created.lead), (m) => m.some((x) => x.Subject.includes('referral')));
  for (const item of ['Brenna', 'Okafor', '651-555-0134', 'brenna.okafor@example.com', '55106']) {
    expect(referral!.Text).not.toContain(item);
    expect(referral!.HTML).not.toContain(item);
  }
  expect(referral!.Attachments).toHaveLength(0);
  const link = new URL(/(http\S+\/portal\/leads\/\S+)/.exec(referral!.Text)![1]!);
  expect(link.pathname).toBe(`/portal/leads/${reference}`);

  // Following it asks for sign-in: a refused address first, then the right one.
  await page.goto(`${server.url}${link.pathname}`);
  await page.waitForURL('**/portal/sign-in');
  await expectNoAxeViolations(page, 'sign-in');
  await expectReflowAt320(page, 'sign-in');
  await typeInto('Email address', 'not an address');
  await (await tabTo(page, 'button', 'Email me a sign-in link')).press('Enter');
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  expect(await page.title()).toBe('Error: Sign in to PAL | PAL');
  await expectFocusOn(page, 'error-summary');
  await expectNoAxeViolations(page, 'sign-in with an error');
  await page.getByRole('textbox', { name: 'Email address' }).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(email);
  const before = await signInMailCount(email);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await expectNoAxeViolations(page, 'check your email');

  // The sign-in link signs in this browser and comes back to the lead, which shows the consumer.
  const { link: signInLink } = await nextSignInMail(email, before);
  await page.goto(`${server.url}${signInLink.pathname}${signInLink.search}`);
  await expectNoAxeViolations(page, 'sign-in link');
  await (await tabTo(page, 'button', 'Sign in')).press('Enter');
  await page.getByRole('heading', { name: `Lead ${reference}` }).waitFor();
  expect(await page.getByText('Brenna Okafor').count()).toBeGreaterThan(0);
  await expectNoAxeViolations(page, 'lead page');
  await expectReflowAt320(page, 'lead page');

  // A contact date before the referral: refused with the rule's reason, which takes the focus.
  await typeInto('Contact date', '01012020');
  await (await tabTo(page, 'button', 'Record contact')).press('Enter');
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  expect(await page.title()).toBe(`Error: Lead ${reference} | PAL`);
  await expectFocusOn(page, 'error-summary');
  expect(await page.locator('#contact-date-error').textContent()).toMatch(/Contact date is before the referral/);
  await expectNoAxeViolations(page, 'lead page with a refused contact date');
  expect((await handle.query(statusQuery)).status).toBe('awaiting-contact');

  // Today: recorded; the workflow's status and search attributes show it.
  const today = minnesotaDate(new Date());
  const [y, m, d] = today.split('-');
  await page.getByRole('textbox', { name: 'Contact date' }).focus();
  await page.keyboard.type(`${m}${d}${y}`);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Contact recorded' }).waitFor();
  await expectNoAxeViolations(page, 'lead page after recording contact');
  expect(await handle.query(statusQuery)).toMatchObject({ status: 'contacted', contactDate: today });
  expect((await handle.describe()).searchAttributes.PalStatus).toEqual(['contacted']);

  // A resolution against the rules (no contact made, yet enrolled): its reason shown, nothing changed.
  await tabTo(page, 'radio', 'Yes');
  await page.keyboard.press('ArrowDown');
  expect(await page.getByRole('radio', { name: 'No' }).isChecked()).toBe(true);
  await tabTo(page, 'combobox', 'Resolution');
  await page.keyboard.type('Enrolled in QHP');
  expect(await page.getByRole('combobox', { name: 'Resolution' }).inputValue()).toBe('Enrolled in QHP');
  await (await tabTo(page, 'button', 'Record resolution')).press('Enter');
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await expectFocusOn(page, 'error-summary');
  expect(await page.locator('#resolution-error').textContent()).toMatch(/needs contact with the consumer/);
  await expectNoAxeViolations(page, 'lead page with a refused resolution');
  const unchanged = await handle.query(statusQuery);
  expect(unchanged.status).toBe('contacted');
  expect(unchanged.resolution).toBeUndefined();

  // The report goes out (the daily cycle on its report date): its email links to the Reports page, where the
  // workbook downloads and comes back with a row that breaks a rule, listed by row, column and reason.
  const period = periodContaining(OE5_REPORT_CALENDAR, today)!;
  await t.env.client.workflow.execute('reportCycleWorkflow', { taskQueue: t.taskQueue, workflowId: `journey-cycle-${randomUUID()}`, args: [{ date: period.reportSent }] });
  const [report] = await eventually(() => mailsMatching({ to: email, subject: 'Preferred Assister Report' }), (r) => r.length > 0);
  expect(report!.Attachments).toHaveLength(0);
  expect(report!.Text).toContain('/portal/reports');
  await (await tabTo(page, 'link', 'Reports')).press('Enter');
  await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), (await tabTo(page, 'link', 'Download report workbook')).press('Enter')]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await buffer(await download.createReadStream())) as unknown as ArrayBuffer);
  const row = workbook.getWorksheet('Report')!.getRow(2);
  expect(row.getCell(1).value).toBe(reference);
  row.getCell(6).value = 'N';
  row.getCell(7).value = new Date(`${today}T00:00:00Z`);
  row.getCell(8).value = 'Enrolled in QHP';
  const field = await tabTo(page, 'button', 'Completed report');
  await field.setInputFiles({ name: 'completed.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await workbook.xlsx.writeBuffer()) });
  await (await tabTo(page, 'button', 'Submit report')).press('Enter');
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await expectFocusOn(page, 'error-summary');
  expect(await page.getByRole('table', { name: /could not be used/ }).getByRole('row', { name: /Contact Date A contact date is given but Contact Made = N/ }).count()).toBe(1);
  await expectNoAxeViolations(page, 'reports with a bad row');

  // The audit trail shows each view and action, by person and lead reference, without the consumer.
  await (await tabTo(page, 'link', 'Organization')).press('Enter');
  await page.getByRole('heading', { name: 'Your organization', level: 1 }).waitFor();
  const trail = page.getByRole('table', { name: /most recent events/ });
  for (const what of ['Signed in', 'Viewed a lead', 'Record contact: refused', 'Recorded contact', 'Record resolution: refused', 'Downloaded a report', 'Submitted a report'])
    expect(await trail.getByRole('row', { name: new RegExp(`${email}.*${what}`) }).count()).toBeGreaterThan(0);
  expect(await trail.getByRole('row', { name: new RegExp(`Viewed a lead.*${reference}`) }).count()).toBeGreaterThan(0);
  expect(await trail.textContent()).not.toMatch(/Brenna|Okafor/);
  await expectNoAxeViolations(page, 'organization page');

  await (await tabTo(page, 'button', 'Sign out', 80)).press('Enter');
  await page.getByRole('heading', { name: 'You are signed out' }).waitFor();
  await expectNoAxeViolations(page, 'signed out');
});

test("the portal's other pages and states: no axe violations, reflow at 320 CSS pixels", async () => {
  const s = await connect();
  try {
    const { page } = s;
    const check = async (label: string, heading: string) => {
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await expectNoAxeViolations(page, label);
      await expectReflowAt320(page, label);
    };
    const other = 'br-nav-b@assisters.example.org';
    await t.addAssisters([assister('br-nav-b', '55802')]);

    // The code page, empty and refused.
    await page.goto(`${server.url}/portal/sign-in/code`);
    await check('sign-in code', 'Enter your sign-in code');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await check('sign-in code refused', 'Enter your sign-in code');
    await expectFocusOn(page, 'error-summary');

    // A link opened in another browser, then one that was used.
    const before = await signInMailCount(other);
    const asking = await connect();
    await asking.page.goto(`${server.url}/portal/sign-in`);
    await asking.page.getByRole('textbox', { name: 'Email address' }).fill(other);
    await asking.page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    const { link } = await nextSignInMail(other, before);
    await page.goto(`${server.url}${link.pathname}${link.search}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await check('link in another browser', 'Use the browser where you asked');
    await asking.page.goto(`${server.url}${link.pathname}${link.search}`);
    await asking.page.getByRole('button', { name: 'Sign in' }).click();
    await asking.page.getByRole('heading', { name: 'Your leads', level: 1 }).waitFor();
    await asking.close();
    await page.goto(`${server.url}${link.pathname}${link.search}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await check('used link', 'This sign-in link no longer works');

    // Too many requests for one address from this client.
    await t.sql`insert into portal_sign_ins (email, token_sha256, code_sha256, browser_sha256, client, expires_at)
                select 'flood@example.org', md5(random()::text), 'x', 'x', '127.0.0.1', now() + interval '15 minutes' from generate_series(1, 5)`;
    await page.goto(`${server.url}/portal/sign-in`);
    await page.getByRole('textbox', { name: 'Email address' }).fill('flood@example.org');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await check('too many sign-in requests', 'Too many sign-in requests');

    // Signed in (an organization without leads): the empty lists, a lead that is not its own, an expired form.
    const beforeOwn = await signInMailCount(other);
    await page.goto(`${server.url}/portal/sign-in`);
    await page.getByRole('textbox', { name: 'Email address' }).fill(other);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    const own = await nextSignInMail(other, beforeOwn);
    await page.goto(`${server.url}${own.link.pathname}${own.link.search}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await check('no open leads', 'Your leads');
    expect(await page.getByText('Your organization has no open leads.').count()).toBe(1);
    await page.getByRole('link', { name: 'Show closed leads' }).click();
    await page.waitForURL('**/portal?show=closed');
    await check('no closed leads', 'Your leads');
    const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, zip: '55106' } }));
    if (!created.ok) throw new Error('refused');
    await page.goto(`${server.url}/portal/leads/${created.lead.reference}`);
    await check("another organization's lead", 'Lead not found');
    await s.context.clearCookies({ name: '_csrf' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await check('an expired form', 'This form has expired');
  } finally {
    await s.close();
  }
});

test('the idle warning comes before the session ends, keeps what was typed, and Stay signed in keeps the session', async () => {
  // A session of 8 seconds: the warning comes halfway, at 4.
  const shortServer = await startTestApi(t, { mailer: t.mailer, web: { ...webConfig(), sessionIdleSeconds: 8 } });
  const s = await connect();
  try {
    const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, zip: '55106' } }));
    if (!created.ok) throw new Error('refused');
    const { page } = s;
    await page.goto(`${shortServer.url}/portal/sign-in`);
    await page.getByRole('textbox', { name: 'Email address' }).fill(email);
    const before = await signInMailCount(email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    const { link } = await nextSignInMail(email, before);
    await page.goto(`${shortServer.url}${link.pathname}${link.search}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your leads', level: 1 }).waitFor();
    await page.goto(`${shortServer.url}/portal/leads/${created.lead.reference}`);

    const reason = 'Our office is closed until January';
    await typeIntoPage(s, 'Reason for declining', reason);
    const warning = page.getByRole('alertdialog', { name: 'Your session is ending' });
    await warning.waitFor({ timeout: 10_000 });
    expect(await warning.evaluate((el) => el === (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)).toBe(true);
    expect(await warning.textContent()).toMatch(/You will be signed out in 1 minute.*What you typed stays on this page/);
    await expectNoAxeViolations(page, 'lead page with the idle warning');

    // By keyboard: the button, then back to the field, which kept its text; the session goes on past its first end.
    await (await tabTo(page, 'button', 'Stay signed in')).press('Enter');
    await warning.waitFor({ state: 'hidden' });
    const field = page.getByRole('textbox', { name: 'Reason for declining' });
    expect(await field.inputValue()).toBe(reason);
    expect(await field.evaluate((el) => el === (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)).toBe(true);
    await page.waitForTimeout(5_000);
    const stillSignedIn = await s.context.request.get(`${shortServer.url}/portal`, { maxRedirects: 0 });
    expect(stillSignedIn.status()).toBe(200);
    // That request kept the session too: it ends 8 seconds after it.
    const endsAt = Date.now() + 8_000;

    // Left alone: signed out, the typed text still there, and a way to sign in again.
    await page.getByText('You have been signed out').waitFor({ timeout: 15_000 });
    expect(await field.inputValue()).toBe(reason);
    expect(await page.getByRole('link', { name: 'Sign in again in a new tab' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'lead page after the session ended');
    await page.waitForTimeout(Math.max(0, endsAt - Date.now()) + 1_000);
    const signedOut = await s.context.request.get(`${shortServer.url}/portal`, { maxRedirects: 0 });
    expect(signedOut.headers().location).toBe('/portal/sign-in');
  } finally {
    await s.close();
    await shortServer.close();
  }
});

async function typeIntoPage(s: BrowserSession, label: string, text: string) {
  await s.page.getByRole('textbox', { name: label }).focus();
  await s.page.keyboard.type(text);
}
