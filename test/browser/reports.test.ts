// The portal's Reports page in Chromium, by keyboard alone: no reports yet, then one that went out; its workbook
// downloaded, filled in and returned with Submit report: a file that is not a workbook and one with a bad row are
// refused (the error summary takes the focus; the bad row is listed by row, column and reason), the corrected one is
// received. Axe finds no WCAG 2.1 A/AA violation in any state, and each state reflows at 320 CSS pixels.
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { OE5_REPORT_CALENDAR, periodContaining } from '../../domain/report-calendar';
import { minnesotaDate } from '../../domain/time';
import { expectAccessible, expectFocusOn, tabTo } from '../support/browser';
import { eventually } from '../support/eventually';
import { pageSuite } from '../support/page-suite';
import { nextSignInMail, signInMailCount } from '../support/portal';
import { assister, sampleLead } from '../support/samples';

const today = minnesotaDate(new Date());
const period = periodContaining(OE5_REPORT_CALENDAR, today)!;
const email = 'rb-nav-a@assisters.example.org';
const suite = pageSuite({ assisters: [assister('rb-nav-a', '55106')], browser: true });


/** Chooses the file with the keyboard's focus on the file field, then presses Submit report by keyboard. */
async function submitByKeyboard(page: Page, file: Buffer, name: string) {
  const field = await tabTo(page, 'button', 'Completed report');
  await field.setInputFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });
  await (await tabTo(page, 'button', 'Submit report')).press('Enter');
}

test('an assister downloads the report workbook and returns it, by keyboard alone', async () => {
  const { t, server, b } = suite;
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, firstName: 'Odile', lastName: 'Brandt', zip: '55106' } }));
  if (!created.ok) throw new Error('refused');
  const { leadId, reference } = created.lead;
  await eventually(() => t.env.client.workflow.getHandle(leadWorkflowId(leadId)).query(statusQuery), (v) => v.history.some((h) => h.event === 'referred'));
  const page = b.page;

  await page.goto(`${server.url}/portal/sign-in`);
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  const before = await signInMailCount(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  const { link } = await nextSignInMail(email, before);
  await page.goto(`${server.url}${link.pathname}${link.search}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your leads', level: 1 }).waitFor();

  // No report has gone out yet.
  await (await tabTo(page, 'link', 'Reports')).press('Enter');
  await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
  expect(await page.getByText('Your organization has no reports yet.').count()).toBe(1);
  await expectAccessible(page, 'reports, none yet');

  // The report goes out (what the cycle records once it has emailed it); its workbook downloads by keyboard.
  await t.sql`insert into report_obligations (assister_id, period_number, rows, sent_at) values ('rb-nav-a', ${period.number}, 1, now())`;
  await page.reload();
  await expectAccessible(page, 'reports, with a report');
  const [download] = await Promise.all([page.waitForEvent('download'), (await tabTo(page, 'link', 'Download report workbook')).press('Enter')]);
  expect(download.suggestedFilename()).toBe(`pal-report-rb-nav-a-${period.referralsFrom}.xlsx`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await buffer(await download.createReadStream())) as unknown as ArrayBuffer);
  const row = workbook.getWorksheet('Report')!.getRow(2);
  expect(row.getCell(1).value).toBe(reference);
  const filled = async (made: string, date: Date | null, resolution: string) => {
    row.getCell(6).value = made;
    row.getCell(7).value = date;
    row.getCell(8).value = resolution;
    return Buffer.from(await workbook.xlsx.writeBuffer());
  };

  // Later, back on the page: a file that is not a workbook is refused whole.
  await page.goto(`${server.url}/portal/reports`);
  await submitByKeyboard(page, Buffer.from('Lead Reference,Contact Made\n'), 'completed.csv');
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  expect(await page.title()).toBe('Error: Reports | PAL');
  await expectFocusOn(page, 'error-summary');
  expect(await page.locator('#report-error').textContent()).toMatch(/The file was refused: The file is not an \.xlsx workbook/);
  await expectAccessible(page, 'reports, a file refused');

  // A row that breaks a rule: listed by row, column and reason, the error summary first.
  await submitByKeyboard(page, await filled('N', new Date(`${today}T00:00:00Z`), 'Enrolled in QHP'), 'completed.xlsx');
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  expect(await page.title()).toBe('Error: Reports | PAL');
  await expectFocusOn(page, 'error-summary');
  const problems = page.getByRole('table', { name: /could not be used/ });
  expect(await problems.getByRole('row').first().textContent()).toBe('RowColumnReason');
  expect(await problems.getByRole('row', { name: /Contact Date A contact date is given but Contact Made = N/ }).count()).toBe(1);
  await expectAccessible(page, 'reports, rows to correct');

  // Corrected: received, and the outcome reaches the lead.
  await page.goto(`${server.url}/portal/reports`);
  await submitByKeyboard(page, await filled('Y', new Date(`${today}T00:00:00Z`), 'Eligible for Medical Assistance'), 'completed.xlsx');
  await page.getByRole('heading', { name: 'Report received' }).waitFor();
  expect(await page.title()).toBe('Reports | PAL');
  await expectAccessible(page, 'reports, a report received');
  const status = await eventually(() => t.env.client.workflow.getHandle(leadWorkflowId(leadId)).query(statusQuery), (s) => s.status === 'resolved');
  expect(status).toMatchObject({ status: 'resolved', resolution: 'Eligible for Medical Assistance' });
});
