// The coordinators' Staff page in Chromium, by keyboard alone: a coordinator signs in with npm run dev's printed
// link, adds a representative (a refused address first: the error summary takes the focus), and removes them. Axe
// finds no WCAG 2.1 A/AA violation in any state, and each state reflows at 320 CSS pixels.
import { expectAccessible, expectFocusOn, tabTo } from '../support/browser';
import { pageSuite } from '../support/page-suite';
import { signInStaff } from '../support/staff-sign-in';

const suite = pageSuite({ browser: true });


test('a coordinator adds and removes a representative, by keyboard alone', async () => {
  const { t, server, b } = suite;
  const { page } = b;
  await signInStaff(page, { sql: t.sql, url: server.url }, 'sb-coordinator@mnsure.example.org', 'coordinator');
  await expectAccessible(page, 'escalations, none open');
  await (await tabTo(page, 'link', 'Staff')).press('Enter');
  await page.getByRole('heading', { name: 'Staff', level: 1 }).waitFor();
  await expectAccessible(page, 'staff');

  await tabTo(page, 'textbox', 'Email address');
  await page.keyboard.type('rep at example');
  await tabTo(page, 'combobox', 'Role');
  await page.keyboard.type('Contact');
  await (await tabTo(page, 'button', 'Add staff member')).press('Enter');
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await expectFocusOn(page, 'error-summary');
  expect(await page.title()).toBe('Error: Staff | PAL');
  await expectAccessible(page, 'staff with a refused address');

  await page.getByRole('textbox', { name: 'Email address' }).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('sb-rep@mnsure.example.org');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Staff member added. They sign in with their email address.' }).waitFor();
  expect(await page.getByRole('row', { name: /sb-rep@mnsure\.example\.org Contact center/ }).count()).toBe(1);
  await expectAccessible(page, 'staff with a member added');

  await (await tabTo(page, 'button', 'Remove sb-rep@mnsure.example.org')).press('Enter');
  await page.getByRole('heading', { name: 'Staff member removed. They are signed out.' }).waitFor();
  expect(await page.getByRole('row', { name: /sb-rep@mnsure\.example\.org/ }).count()).toBe(0);
  await expectAccessible(page, 'staff with a member removed');
});
