// The Program page in Chromium: a coordinator reaches it from the navigation, axe finds no WCAG 2.1 A/AA violation
// and the page reflows at 320 CSS pixels (with its charts, its refused period too), every chart is an image named by
// its title with a table beside it, and another period is chosen by keyboard alone.
import { expectAccessible, expectFocusOn, tabTo } from '../support/browser';
import { pageSuite } from '../support/page-suite';
import { seedProgram } from '../support/program-seed';
import { signInStaff } from '../support/staff-sign-in';
import { assister } from '../support/samples';

const suite = pageSuite({ assisters: [assister('pb-nav-a', '55106'), assister('pb-brk-b', '55802', { type: 'broker' })], browser: true });

test('a coordinator reads the program by period and chooses another period by keyboard alone', async () => {
  const { t, server, b } = suite;
  const { latest, previous } = await seedProgram(t.sql, 'pb-nav-a', 'pb-brk-b');
  const { page } = b;
  await signInStaff(page, { sql: t.sql, url: server.url }, 'pb-coordinator@mnsure.example.org', 'coordinator');
  await (await tabTo(page, 'link', 'Program')).press('Enter');
  await page.getByRole('heading', { name: 'Program', level: 1 }).waitFor();
  expect(await page.getByRole('combobox', { name: 'Report period' }).inputValue()).toBe(latest.referralsFrom);
  await expectAccessible(page, 'program page');

  // Each chart has a section of its own: one image, named by its title, and the table of its figures.
  const sections = page.getByRole('region');
  expect(await sections.count()).toBe(8);
  for (const section of await sections.all()) {
    const chart = section.getByRole('img');
    expect(await chart.count()).toBe(1);
    expect(await chart.getAttribute('aria-labelledby')).toMatch(/-title /);
    expect(await section.getByRole('table').count()).toBe(1);
  }
  expect(await page.getByRole('img', { name: /^Map of Minnesota's counties/ }).count()).toBe(1);
  expect(await page.getByRole('link', { name: 'Download the metrics workbook' }).getAttribute('href')).toBe(`/coordinator/program/workbook?period=${latest.referralsFrom}`);

  // The period before, by keyboard: the list's next entry, then Show period.
  await (await tabTo(page, 'combobox', 'Report period')).press('ArrowDown');
  await (await tabTo(page, 'button', 'Show period')).press('Enter');
  await page.waitForURL(`**/coordinator/program?period=${previous.referralsFrom}`);
  await page.getByRole('heading', { name: 'Program', level: 1 }).waitFor();
  expect(await page.getByRole('combobox', { name: 'Report period' }).inputValue()).toBe(previous.referralsFrom);
  expect(await page.getByRole('link', { name: 'Download the metrics workbook' }).getAttribute('href')).toBe(`/coordinator/program/workbook?period=${previous.referralsFrom}`);
  await expectAccessible(page, 'program page, the period before');

  // A period before the program began is refused; the error summary takes the focus.
  await page.goto(`${server.url}/coordinator/program?period=2016-01-01`);
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await expectFocusOn(page, 'error-summary');
  await expectAccessible(page, 'program page, period refused');
});
