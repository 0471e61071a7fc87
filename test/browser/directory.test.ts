// The coordinators' Directory in Chromium, by keyboard alone: a coordinator finds an assister with the filter,
// suspends it with a reason (first without one: the error summary takes the focus), resumes it, moves its leads and
// revokes its access (each through its confirmation page; Cancel changes nothing), adds an assister
// (refused, then fixed), and imports a directory file: its preview, then Apply import. Axe finds no WCAG 2.1 A/AA
// violation in any state, each state reflows at 320 CSS pixels, and so does the read-only view of the portal (opened
// by the View portal pages button).
import { printedSignInLink } from '../../client/web/dev-sign-in';
import { webConfig } from '../../platform/config';
import { assisterRecord } from '../../store/assisters';
import { addStaff } from '../../store/staff';
import { expectAccessible, expectFocusOn, tabTo } from '../support/browser';
import { pageSuite } from '../support/page-suite';
import { assister } from '../support/samples';

const suite = pageSuite({ assisters: [assister('db-nav-a', '55106'), assister('db-broker-b', '55101', { type: 'broker', name: 'Bluff Brokers' })], browser: true });

test('a coordinator finds an assister, suspends and resumes it, adds one and imports a file, by keyboard alone', async () => {
  const { t, server, b } = suite;
  const coordinator = await addStaff(t.sql, 'db-coordinator@mnsure.example.org', 'coordinator', 'test');
  if ('problem' in coordinator) throw new Error(coordinator.problem);
  const link = new URL(await printedSignInLink(t.sql, webConfig({}), coordinator));
  const { page } = b;
  await page.goto(`${server.url}${link.pathname}${link.search}`);
  await (await tabTo(page, 'button', 'Sign in')).press('Enter');
  await page.getByRole('heading', { name: 'Escalations', level: 1 }).waitFor();

  // Find: Directory from the navigation, filtered to brokers.
  await (await tabTo(page, 'link', 'Directory')).press('Enter');
  await page.getByRole('heading', { name: 'Directory', level: 1 }).waitFor();
  await expectAccessible(page, 'directory');
  await tabTo(page, 'combobox', 'Type');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await (await tabTo(page, 'button', 'Filter')).press('Enter');
  await page.getByRole('caption').getByText('1 assister').waitFor();
  await expectAccessible(page, 'directory, filtered');
  await (await tabTo(page, 'link', 'Bluff Brokers')).press('Enter');
  await page.getByRole('heading', { name: 'Bluff Brokers', level: 1 }).waitFor();
  await expectAccessible(page, 'assister page');

  // Suspend assister: without a reason, refused; with one, done.
  await (await tabTo(page, 'button', 'Suspend assister', 60)).press('Enter');
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await expectFocusOn(page, 'error-summary');
  await expectAccessible(page, 'assister page, suspension refused');
  await tabTo(page, 'combobox', 'Reason', 60);
  await page.keyboard.press('ArrowDown');
  await (await tabTo(page, 'button', 'Suspend assister')).press('Enter');
  await page.getByRole('heading', { name: 'Assister suspended' }).waitFor();
  expect((await assisterRecord(t.sql, 'db-broker-b'))!.status).toBe('suspended');
  await expectAccessible(page, 'assister page, suspended');
  await (await tabTo(page, 'button', 'Resume assister', 60)).press('Enter');
  await page.getByRole('heading', { name: 'Assister resumed' }).waitFor();
  expect((await assisterRecord(t.sql, 'db-broker-b'))!.status).toBe('active');

  // Move leads and Revoke access ask first; Cancel goes back with nothing changed.
  await (await tabTo(page, 'button', 'Move leads', 80)).press('Enter');
  await page.getByRole('heading', { name: 'Move 0 open leads from Bluff Brokers?', level: 1 }).waitFor();
  await expectAccessible(page, 'move leads confirmation');
  await (await tabTo(page, 'link', 'Cancel')).press('Enter');
  await page.getByRole('heading', { name: 'Bluff Brokers', level: 1 }).waitFor();
  expect(await t.sql`select 1 from assister_requests where assister_id = 'db-broker-b' and kind = 'move-leads'`).toHaveLength(0);
  await (await tabTo(page, 'button', 'Move leads', 80)).press('Enter');
  await (await tabTo(page, 'button', 'Confirm move')).press('Enter');
  await page.getByRole('heading', { name: 'Leads moved' }).waitFor();
  await (await tabTo(page, 'button', 'Revoke access', 80)).press('Enter');
  await page.getByRole('heading', { name: 'Revoke the access of Bluff Brokers?', level: 1 }).waitFor();
  await page.getByText('PAL revokes its 0 API tokens and signs its people out of the portal.').waitFor();
  await expectAccessible(page, 'revoke access confirmation');
  await (await tabTo(page, 'button', 'Confirm revoke')).press('Enter');
  await page.getByRole('heading', { name: 'Access revoked' }).waitFor();

  // The read-only view of its portal pages: a banner, no action forms.
  await (await tabTo(page, 'button', 'View portal pages', 60)).press('Enter');
  await page.getByRole('heading', { name: 'Your leads', level: 1 }).waitFor();
  await page.getByText('Read-only: you are viewing the portal pages of Bluff Brokers').waitFor();
  await expectAccessible(page, 'portal leads, read-only');
  await page.goto(`${server.url}/portal/organization`);
  expect(await page.getByRole('button', { name: 'Suspend organization' }).count()).toBe(0);
  await expectAccessible(page, 'portal organization, read-only');
  await page.goto(`${server.url}/portal/reports`);
  await expectAccessible(page, 'portal reports, read-only');
  // Its address opened directly (a link, a reload) only offers the form.
  await page.goto(`${server.url}/coordinator/directory/db-broker-b/portal`);
  await page.getByRole('heading', { name: 'View portal pages of Bluff Brokers', level: 1 }).waitFor();
  await expectAccessible(page, 'view portal pages');

  // Add assister: a refused field keeps what was typed; then fixed.
  await page.goto(`${server.url}/coordinator/directory`);
  await (await tabTo(page, 'link', 'Add assister')).press('Enter');
  await page.getByRole('heading', { name: 'Add assister', level: 1 }).waitFor();
  await expectAccessible(page, 'add assister');
  for (const [label, text] of [
    ['Id', 'db-added'],
    ['Name', 'Added Navigators'],
  ] as const) {
    await tabTo(page, 'textbox', label);
    await page.keyboard.type(text);
  }
  await tabTo(page, 'combobox', 'Type');
  await page.keyboard.press('ArrowDown');
  for (const [label, text] of [
    ['ZIP code', '55104'],
    ['Contact point email', 'added@assisters.example.org'],
    ['Capacity', 'five'],
    ['Certification', 'MN-NAV-4004'],
  ] as const) {
    await tabTo(page, 'textbox', label);
    await page.keyboard.type(text);
  }
  await page.getByLabel('Certification expires').fill('2099-03-31');
  await (await tabTo(page, 'button', 'Add assister')).press('Enter');
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await expectFocusOn(page, 'error-summary');
  await expectAccessible(page, 'add assister, refused');
  await tabTo(page, 'textbox', 'Capacity');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('5');
  await (await tabTo(page, 'button', 'Add assister')).press('Enter');
  await page.getByRole('heading', { name: 'Assister added' }).waitFor();

  // Import directory: the preview changes nothing; Apply import does.
  await page.goto(`${server.url}/coordinator/directory/import`);
  await page.getByRole('heading', { name: 'Import directory', level: 1 }).waitFor();
  await expectAccessible(page, 'import directory');
  const file = JSON.stringify([{ ...assister('db-nav-a', '55106'), capacity: 15 }, assister('db-imported', '55104', { name: 'Imported Navigators' })]);
  const field = await tabTo(page, 'button', 'Directory file');
  await field.setInputFiles({ name: 'directory.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await (await tabTo(page, 'button', 'Preview import')).press('Enter');
  await page.getByRole('heading', { name: 'Import preview', level: 1 }).waitFor();
  expect(await page.getByText('10 → 15').count()).toBe(1);
  expect(await assisterRecord(t.sql, 'db-imported')).toBeUndefined();
  await expectAccessible(page, 'import preview');
  await (await tabTo(page, 'button', 'Apply import')).press('Enter');
  await page.getByRole('heading', { name: 'Import applied' }).waitFor();
  expect((await assisterRecord(t.sql, 'db-nav-a'))!.capacity).toBe(15);
  expect(await assisterRecord(t.sql, 'db-imported')).toMatchObject({ name: 'Imported Navigators' });
  await expectAccessible(page, 'directory after an import');

  // A file PAL will not take: its records listed, the error summary first.
  await page.goto(`${server.url}/coordinator/directory/import`);
  await (await tabTo(page, 'button', 'Directory file')).setInputFiles({ name: 'directory.csv', mimeType: 'text/csv', buffer: Buffer.from('id,name\nBAD,x\n') });
  await (await tabTo(page, 'button', 'Preview import')).press('Enter');
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await expectAccessible(page, 'import directory, refused');
});
