// The Audit trail page in Chromium, by keyboard alone: a coordinator types a period and previews it, types one that
// ends before it begins (the error summary takes the focus), corrects it and downloads the CSV with Export audit
// trail. Axe finds no WCAG 2.1 A/AA violation in any state, and each state reflows at 320 CSS pixels.
import { buffer } from 'node:stream/consumers';
import { minnesotaInstant } from '../../domain/time';
import { expectAccessible, expectFocusOn, tabTo } from '../support/browser';
import { pageSuite } from '../support/page-suite';
import { signInStaff } from '../support/staff-sign-in';

const suite = pageSuite({ browser: true });

test('a coordinator previews a period and exports its audit trail, by keyboard alone', async () => {
  const { t, server, b } = suite;
  const { page } = b;
  const me = await signInStaff(page, { sql: t.sql, url: server.url }, 'ab-coordinator@mnsure.example.org', 'coordinator');
  for (let i = 0; i < 3; i++) await t.sql`insert into audit_events (at, actor, action) values (${minnesotaInstant('2025-04-10', 9 + i)}, ${`staff:${me.id}`}, 'viewed-lead')`;

  await (await tabTo(page, 'link', 'Audit trail')).press('Enter');
  await page.getByRole('heading', { name: 'Audit trail', level: 1 }).waitFor();
  await expectAccessible(page, 'audit trail, the last 30 days');

  const typeDate = async (label: string, mmddyyyy: string) => {
    await tabTo(page, 'textbox', label);
    await page.keyboard.type(mmddyyyy);
  };
  await typeDate('From', '04012025');
  await typeDate('To', '04302025');
  await (await tabTo(page, 'button', 'Show preview')).press('Enter');
  await page.getByText('3 audit records from Tue, Apr 1, 2025 to Wed, Apr 30, 2025.').waitFor();
  expect(await page.getByRole('cell', { name: `ab-coordinator@mnsure.example.org (staff:${me.id})` }).count()).toBe(3);
  await expectAccessible(page, 'audit trail, April 2025');

  // To before From: refused, the error beside To, the summary focused.
  await typeDate('To', '03012025');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await expectFocusOn(page, 'error-summary');
  expect(await page.locator('#to-error').textContent()).toBe('To must be on or after From');
  await expectAccessible(page, 'audit trail, To before From');

  await typeDate('To', '04302025');
  const [download] = await Promise.all([page.waitForEvent('download'), (await tabTo(page, 'button', 'Export audit trail')).press('Enter')]);
  expect(download.suggestedFilename()).toBe('pal-audit-2025-04-01-to-2025-04-30.csv');
  const lines = (await buffer(await download.createReadStream())).toString('utf8').trim().split('\r\n');
  expect(lines).toHaveLength(4);
  expect(lines[0]).toBe('"at (ISO, UTC)",at (Minnesota time),actor,actor email,action,lead reference,assister id,detail (JSON)');
  expect(lines[1]).toBe(`2025-04-10T14:00:00.000Z,2025-04-10T09:00:00-05:00,staff:${me.id},ab-coordinator@mnsure.example.org,viewed-lead,,,{}`);
});
