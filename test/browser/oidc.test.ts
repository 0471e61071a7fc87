// Staff sign-in through OpenID Connect in Chromium, by keyboard on PAL's pages: the staff sign-in page's one button
// leads to the provider (the page's CSP lets its form go there), the provider signs the person in and sends them
// back, and a coordinator lands on the Escalations queue. Someone without a PAL role gets a page that says so. Axe finds no
// WCAG 2.1 A/AA violation on PAL's pages, and each reflows at 320 CSS pixels.
import { connect, expectAccessible, tabTo, type BrowserSession } from '../support/browser';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { startPalWithProvider, type TestProvider } from '../support/oidc-provider';

let t: LeadTestEnv;
let pal: Awaited<ReturnType<typeof startPalWithProvider>>;
let provider: TestProvider;
let base: string;
let b: BrowserSession;

beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  pal = await startPalWithProvider(
    t,
    {
      cora: { email: 'cora.oidc@mnsure.example.org', email_verified: true, pal_role: 'coordinator' },
      nils: { email: 'nils.oidc@mnsure.example.org', email_verified: true },
    },
    'the-browser-tests-client-secret-7c21',
  );
  ({ base, provider } = pal);
  b = await connect();
});
afterAll(async () => {
  await b?.close();
  await pal?.close();
  await t?.close();
});

/** From PAL's staff sign-in page, by keyboard, through the provider's own login and consent pages. */
async function signInThroughProvider(login: string) {
  const { page } = b;
  await page.goto(`${base}/staff/sign-in`);
  await (await tabTo(page, 'button', 'Sign in with your organization account')).press('Enter');
  await page.waitForURL((url) => url.origin === provider.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]', { hasText: 'Continue' }).click();
  await page.waitForURL((url) => url.origin === base);
}

test('a coordinator signs in with their organization account and lands on the Escalations queue', async () => {
  const { page } = b;
  await page.goto(`${base}/staff/sign-in`);
  await page.getByRole('heading', { name: 'Staff sign-in', level: 1 }).waitFor();
  await expectAccessible(page, 'staff sign-in');
  await signInThroughProvider('cora');
  await page.getByRole('heading', { name: 'Escalations', level: 1 }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/coordinator');
  await page.goto(`${new URL(page.url()).origin}/coordinator/staff`);
  expect(await page.getByRole('row', { name: /cora\.oidc@mnsure\.example\.org Coordinator/ }).count()).toBe(1);
  await b.context.clearCookies();
});

test('someone without a PAL role is told so, and is not signed in', async () => {
  const { page } = b;
  await signInThroughProvider('nils');
  await page.getByRole('heading', { name: 'You cannot use PAL with this account', level: 1 }).waitFor();
  expect(await page.getByText('has no PAL role').count()).toBe(1);
  await expectAccessible(page, 'staff sign-in refused');
  expect((await b.context.cookies(base)).some((c) => c.name === 'pal_session')).toBe(false);
});
