// The organization page in Chromium: the contact point invites a colleague by keyboard alone (a bad address first:
// the error summary takes the focus), requests a contact point change, suspends the organization, and removes the
// colleague; a colleague sees the page without forms. Axe finds no WCAG 2.1 A/AA violation in any state, and the
// page reflows at 320 CSS pixels.
import { startTestApi } from '../support/api';
import { Visitor } from '../support/browserless';
import { connect, expectFocusOn, expectNoAxeViolations, expectReflowAt320, tabTo, type BrowserSession } from '../support/browser';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { signIn } from '../support/portal';
import { assister } from '../support/samples';

let t: LeadTestEnv;
let server: Awaited<ReturnType<typeof startTestApi>>;
const sessions: BrowserSession[] = [];
const contactPoint = 'ob-nav-a@assisters.example.org';
const colleague = 'colleague@ob-nav-a.example.org';

beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters([assister('ob-nav-a', '55106')]);
  server = await startTestApi(t, { mailer: t.mailer });
});
afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  await server?.close();
  await t?.close();
});

/** A browser signed in as this person (signing in itself is the portal suite's; here its session is carried over). */
async function browserFor(email: string): Promise<BrowserSession> {
  const visitor = new Visitor(server.url);
  await signIn(visitor, email);
  const session = await connect();
  sessions.push(session);
  await session.context.addCookies([{ name: 'pal_session', value: visitor.cookie('pal_session')!, url: server.url }]);
  return session;
}

test('the contact point invites a colleague by keyboard, requests a contact point change, suspends, and removes the colleague', async () => {
  const { page } = await browserFor(contactPoint);
  await page.goto(`${server.url}/portal`);
  await (await tabTo(page, 'link', 'Organization')).press('Enter');
  await page.getByRole('heading', { name: 'Your organization', level: 1 }).waitFor();
  await expectNoAxeViolations(page, 'organization');
  await expectReflowAt320(page, 'organization');

  // A bad address: refused, the error summary takes the focus and links to the field.
  await tabTo(page, 'textbox', 'Email address');
  await page.keyboard.type('not an address');
  await (await tabTo(page, 'button', 'Invite colleague')).press('Enter');
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  expect(await page.title()).toBe('Error: Your organization | PAL');
  await expectFocusOn(page, 'error-summary');
  expect(await page.locator('#email-error').textContent()).toBe('Enter an email address like name@example.org');
  await expectNoAxeViolations(page, 'organization with a refused invitation');
  await expectReflowAt320(page, 'organization with a refused invitation');

  // From the summary's link to the field, then the right address.
  await (await tabTo(page, 'link', 'Enter an email address like name@example.org')).press('Enter');
  await expectFocusOn(page, 'email');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(colleague);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Colleague invited' }).waitFor();
  expect(await page.getByRole('rowheader', { name: colleague }).count()).toBe(1);

  // A colleague's view: the same page without forms.
  const other = (await browserFor(colleague)).page;
  await other.goto(`${server.url}/portal/organization`);
  expect(await other.getByRole('button', { name: 'Invite colleague' }).count()).toBe(0);
  await expectNoAxeViolations(other, 'organization as a colleague');
  await expectReflowAt320(other, 'organization as a colleague');

  // A change of contact point waiting for its steps, and the organization suspended: one state with every form.
  await tabTo(page, 'textbox', 'New contact point address');
  await page.keyboard.type('desk@ob-nav-a.example.org');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Contact point change requested' }).waitFor();
  await tabTo(page, 'combobox', 'Reason');
  await page.keyboard.press('ArrowDown');
  await (await tabTo(page, 'button', 'Suspend organization')).press('Enter');
  await page.getByRole('heading', { name: 'Organization suspended' }).waitFor();
  await page.getByRole('button', { name: 'Approve change' }).waitFor();
  await page.getByRole('button', { name: 'Resume organization' }).waitFor();
  await expectNoAxeViolations(page, 'organization suspended, with a colleague and a pending contact point change');
  await expectReflowAt320(page, 'organization suspended, with a colleague and a pending contact point change');

  await (await tabTo(page, 'button', `Remove ${colleague}`)).press('Enter');
  await page.getByRole('heading', { name: 'Colleague removed' }).waitFor();
  expect(await page.getByRole('rowheader', { name: colleague }).count()).toBe(0);
  await expectNoAxeViolations(page, 'organization after removing the colleague');
  // The colleague's next page is the sign-in page.
  await other.reload();
  await other.getByRole('heading', { name: 'Sign in to PAL' }).waitFor();
});
