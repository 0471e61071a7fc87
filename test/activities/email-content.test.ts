// What emails to assisters carry (PAL_REFERRAL_EMAIL, platform/config emailConfig). In link mode, the default: the
// lead's reference, its deadlines and a link to the portal; none of the consumer's information, no command line, no
// token, no attachment. In full mode: the consumer's information and the report workbook, as before. The referral,
// the contact reminder, the report and its reminder are sent by the activities and read back through Mailpit.
import type { Client } from '@temporalio/client';
import ExcelJS from 'exceljs';
import { createActivities } from '../../activities';
import { createMailer, type Mailer } from '../../activities/mailer';
import { startWorkerProcess } from '../../client/devstack/worker-process';
import { validateLead } from '../../domain/lead';
import { OE5_REPORT_CALENDAR, periodContaining, reportDueAt } from '../../domain/report-calendar';
import { minnesotaIso } from '../../domain/time';
import { emailConfig, mailConfig } from '../../platform/config';
import { connectClient } from '../../platform/temporal';
import { upsertAssisters } from '../../store/assisters';
import type { Sql } from '../../store/database';
import { insertLead } from '../../store/leads';
import { createTestDatabase } from '../support/database';
import { inbox } from '../support/mail';
import { assister, sampleLead } from '../support/samples';

const PORTAL = 'https://pal.example.org';
const intake = sampleLead({
  consumer: { firstName: 'Zelphine', lastName: 'Quarrington', phone: '651-555-0199', email: 'zq.consumer@example.org', zip: '55106', preferredLanguage: 'so' },
  account: { active: true, userLogin: 'zquarr9' },
  reasonForHelp: 'Lost coverage after a move',
  guidanceProvided: 'Walked through the renewal notice',
});
// Every field of the consumer; the ZIP as a word (a reference or a hash may hold the digits).
const CONSUMER = [/Zelphine/, /Quarrington/, /651-555-0199/, /6515550199/, /zq\.consumer@example\.org/, /\b55106\b/, /zquarr9/, /Lost coverage/, /renewal notice/];
// The reader signs in to the portal: no CLI line to paste, no token to use.
const NO_COMMANDS = [/pal lead/, /pal report/, /token/i, /bearer/i];

// A Friday referral: contact by Tuesday 17:00, an appointment by 17:00 on the Friday two weeks later.
const referredAt = new Date('2026-12-04T15:00:00-06:00');
const period = periodContaining(OE5_REPORT_CALENDAR, '2026-12-04')!;
const due = minnesotaIso(reportDueAt(period)).replace('T', ' ').slice(0, 16);

let sql: Sql;
let mailer: Mailer;
let client: Client;
beforeAll(async () => {
  sql = await createTestDatabase();
  mailer = createMailer(mailConfig());
  client = await connectClient();
  await upsertAssisters(sql, [assister('ec-nav-link', '55101'), assister('ec-nav-full', '55101')]);
});
afterAll(async () => {
  mailer?.close();
  await client?.connection.close();
  await sql?.end();
});

/** Sends a new lead to the assister: its referral, contact reminder, report and report reminder, read back from Mailpit. */
async function emailsTo(assisterId: string, env: Record<string, string>) {
  const activities = createActivities({ sql, mailer, client, clock: () => referredAt, emails: emailConfig({ PAL_PUBLIC_URL: PORTAL, ...env }) });
  const valid = validateLead(intake);
  if (!valid.ok) throw new Error('sample lead refused');
  const { id: leadId, reference } = await insertLead(sql, valid.lead);
  const routed = await activities.routeLead({ leadId, assignment: 1, exclude: [], assisterId });
  await activities.sendLeadReferral({ leadId, assignment: 1, event: 'referred' });
  await activities.sendLeadNotice({ leadId, assignment: 1, notice: 'contact-reminder', assisterId, deadline: routed.referral!.contactDeadlineAt });
  await activities.sendReportWorkbook({ assisterId, period });
  await activities.sendReportNotice({ assisterId, period, notice: 'report-reminder' });

  const found = await inbox().waitFor({ to: `${assisterId}@assisters.example.org` }, { count: 4 });
  const mails = await Promise.all(found.map((m) => inbox().message(m.ID)));
  const bySubject = (part: string) => mails.find((m) => m.Subject.includes(part))!;
  return { reference, referral: bySubject('new navigator referral'), reminder: bySubject('reminder, contact'), report: bySubject('Preferred Assister Report'), reportReminder: bySubject('report reminder'), mails };
}

test('link mode (the default): the reference, the deadlines and a link to the portal, nothing of the consumer, no attachment', async () => {
  const { reference, referral, reminder, report, reportReminder, mails } = await emailsTo('ec-nav-link', {});
  expect(mails).toHaveLength(4);
  for (const m of mails) {
    const raw = await inbox().raw(m.ID);
    for (const pii of CONSUMER) {
      expect(`${m.Subject}\n${m.Text}`).not.toMatch(pii);
      expect(raw).not.toMatch(pii);
    }
    for (const command of NO_COMMANDS) expect(m.Text).not.toMatch(command);
    expect(m.Attachments).toEqual([]);
  }

  expect(referral.Subject).toBe(`PAL lead ${reference}: new navigator referral`);
  for (const part of [`Lead reference: ${reference}`, 'no later than 2026-12-08 17:00 (Minnesota time)', 'Complete an appointment by 2026-12-18 17:00 (Minnesota time)', `\n  ${PORTAL}/portal/leads/${reference}\n`, 'Sign in to the PAL portal'])
    expect(referral.Text).toContain(part);
  expect(reminder.Text).toContain(`lead ${reference}. The deadline is 2026-12-08 17:00 (Minnesota time). Sign in to the PAL portal and record contact on the lead's page: ${PORTAL}/portal/leads/${reference}#record-contact`);
  expect(report.Text).toContain(`(1 leads) is ready. Its workbook is on the reports page of the PAL portal:\n  ${PORTAL}/portal/reports\n`);
  expect(report.Text).toContain(`upload it there by ${due} Minnesota time.`);
  expect(reportReminder.Text).toContain(`is due ${due} Minnesota time and PAL has not received a complete one yet. Its workbook is on the reports page of the PAL portal: ${PORTAL}/portal/reports`);
});

test('full mode: the consumer\'s information in the referral and the workbook attached to the report, as before', async () => {
  const { reference, referral, reminder, report, reportReminder } = await emailsTo('ec-nav-full', { PAL_REFERRAL_EMAIL: 'full' });
  for (const part of ['Name: Zelphine Quarrington', 'Phone: 651-555-0199', 'Email: zq.consumer@example.org', 'ZIP code: 55106', '(user login: zquarr9)', 'Reason: Lost coverage after a move', 'no later than 2026-12-08 17:00 (Minnesota time)', `pal lead contact --lead ${reference}`])
    expect(referral.Text).toContain(part);
  expect(reminder.Text).toContain(`Report contact with: pal lead contact --lead ${reference} --date YYYY-MM-DD`);
  expect(report.Text).toContain('pal report submit --assister ec-nav-full --file completed.xlsx');
  expect(reportReminder.Text.trim()).toBe(`Your Preferred Assister Report for referrals sent ${period.referralsFrom} to ${period.referralsTo} is due ${due} Minnesota time and PAL has not received a complete one yet.`);
  for (const m of [referral, reminder, reportReminder]) expect(m.Attachments).toEqual([]);

  expect(report.Attachments).toEqual([expect.objectContaining({ FileName: `pal-report-ec-nav-full-${period.referralsFrom}.xlsx`, ContentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await inbox().attachment(report.ID, report.Attachments[0]!.PartID)) as unknown as ArrayBuffer);
  const row = workbook.getWorksheet('Report')!.getRow(2).values as unknown[];
  expect(row).toEqual(expect.arrayContaining([reference, 'Zelphine', 'Quarrington', '651-555-0199']));
});

test('any other PAL_REFERRAL_EMAIL is a configuration error that names the variable and its values; the worker does not start', async () => {
  expect(emailConfig({})).toEqual({ referralEmail: 'link', publicUrl: 'http://127.0.0.1:3000' });
  expect(emailConfig({ PAL_REFERRAL_EMAIL: 'full', PAL_PUBLIC_URL: `${PORTAL}/` })).toEqual({ referralEmail: 'full', publicUrl: PORTAL });
  const error = /^Invalid email configuration:\n {2}PAL_REFERRAL_EMAIL: must be link \(emails carry a portal link, no consumer data\) or full \(/;
  for (const value of ['encrypted', 'FULL', '']) expect(() => emailConfig({ PAL_REFERRAL_EMAIL: value })).toThrow(error);
  await expect(startWorkerProcess({ ...process.env, PAL_REFERRAL_EMAIL: 'attachments' }, { captureStderr: true })).rejects.toThrow(/worker: Invalid email configuration:\n {2}PAL_REFERRAL_EMAIL: must be link/);
});
