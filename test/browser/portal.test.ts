// The assister portal in Chromium, by keyboard alone: sign in by the emailed link, find the lead, see the consumer,
// record contact (first a date the lead refuses: the error summary takes the focus), sign out. Axe finds no WCAG 2.1
// A/AA violation on any page or state, and each page reflows at 320 CSS pixels.
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { minnesotaDate } from '../../domain/time';
import { webConfig } from '../../platform/config';
import { startTestApi } from '../support/api';
import { connect, expectFocusOn, expectNoAxeViolations, expectReflowAt320, tabTo, type BrowserSession } from '../support/browser';
import { eventually } from '../support/eventually';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
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

test('an assister signs in by the emailed link and records contact, by keyboard alone', async () => {
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, firstName: 'Brenna', lastName: 'Okafor', zip: '55106' } }));
  if (!created.ok) throw new Error('refused');
  const { leadId, reference } = created.lead;
  await eventually(() => t.env.client.workflow.getHandle(leadWorkflowId(leadId)).query(statusQuery), (v) => v.history.some((h) => h.event === 'referred'));
  const page = b.page;

  // Sign in: a refused address first, then the right one.
  await page.goto(`${server.url}/portal/sign-in`);
  await expectNoAxeViolations(page, 'sign-in');
  await expectReflowAt320(page, 'sign-in');
  await typeInto('Email address', 'not an address');
  await (await tabTo(page, 'button', 'Email me a sign-in link')).press('Enter');
  await page.waitForURL('**/portal/sign-in');
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

  const { link } = await nextSignInMail(email, before);
  await page.goto(`${server.url}${link.pathname}${link.search}`);
  await expectNoAxeViolations(page, 'sign-in link');
  await (await tabTo(page, 'button', 'Sign in')).press('Enter');
  await page.getByRole('heading', { name: 'Your leads', level: 1 }).waitFor();
  await expectNoAxeViolations(page, 'your leads');
  await expectReflowAt320(page, 'your leads');

  // The lead, by its reference.
  await (await tabTo(page, 'link', reference!)).press('Enter');
  await page.getByRole('heading', { name: `Lead ${reference}` }).waitFor();
  expect(await page.getByText('Brenna Okafor').count()).toBeGreaterThan(0);
  await expectNoAxeViolations(page, 'lead page');
  await expectReflowAt320(page, 'lead page');

  // A contact date before the referral: refused with the rule's reason, which takes the focus.
  await tabTo(page, 'textbox', 'Contact date');
  await page.keyboard.type('01012020');
  await (await tabTo(page, 'button', 'Record contact')).press('Enter');
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  expect(await page.title()).toBe(`Error: Lead ${reference} | PAL`);
  await expectFocusOn(page, 'error-summary');
  expect(await page.locator('#contact-date-error').textContent()).toMatch(/Contact date is before the referral/);
  await expectNoAxeViolations(page, 'lead page with a refused contact date');
  expect((await t.env.client.workflow.getHandle(leadWorkflowId(leadId)).query(statusQuery)).status).toBe('awaiting-contact');

  // Today: recorded, and the workflow shows it.
  const [y, m, d] = minnesotaDate(new Date()).split('-');
  await page.getByRole('textbox', { name: 'Contact date' }).focus();
  await page.keyboard.type(`${m}${d}${y}`);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Contact recorded' }).waitFor();
  await expectNoAxeViolations(page, 'lead page after recording contact');
  const status = await t.env.client.workflow.getHandle(leadWorkflowId(leadId)).query(statusQuery);
  expect(status).toMatchObject({ status: 'contacted', contactDate: `${y}-${m}-${d}` });

  await (await tabTo(page, 'button', 'Sign out')).press('Enter');
  await page.getByRole('heading', { name: 'You are signed out' }).waitFor();
  await expectNoAxeViolations(page, 'signed out');
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
