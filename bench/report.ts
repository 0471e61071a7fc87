// npm run bench:report — build and parse a Preferred Assister Report of BENCH_REPORT_ROWS rows (default 10,000)
// with the streaming writer and reader, check every row, and compare with a tenth of the rows to show how memory
// grows; then record a completed report of as many leads, submit a zip bomb that lies about its sizes to the HTTP
// API, and deliver one of BENCH_DELIVER_ROWS real leads to their lead workflows on a real stack. Prints seconds,
// rates and peak memory for each step; asserts nothing.
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { readReportRows, writeReportWorkbook, type ReportWorkbookRow } from '../activities/report-workbook';
import { leadReference } from '../domain/lead-reference';
import { checkReportRow, type ReportableLead } from '../domain/report-rows';
import { RESOLUTIONS } from '../domain/resolutions';
import { reportWorkbookBuffer } from '../activities/report-workbook';
import { reportWorkbookRows } from '../activities/reports';
import { createLead } from '../client/api/intake';
import { createApiServer } from '../client/api/server';
import { REPORT_PART, rezipped } from '../test/support/zip-bombs';
import { recordSubmission, submitReport } from '../client/api/report-submission';
import type { reportDeliveryWorkflow } from '../workflows/report-delivery';
import { reportDeliveryWorkflowId } from '../contracts/report';
import { OE5_REPORT_CALENDAR, periodContaining, type ReportPeriod } from '../domain/report-calendar';
import { minnesotaDate, minnesotaInstant } from '../domain/time';
import { benchLead, startBenchStack } from './stack';
import { pool } from './stats';

const ROWS = Number(process.env.BENCH_REPORT_ROWS ?? 10_000);

/** Runs step() while sampling RSS; returns seconds, the peak RSS growth over the start and the peak itself, in MiB. */
async function measure<T>(step: () => Promise<T>): Promise<{ result: T; seconds: number; peakMiB: number; peakRssMiB: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const start = process.hrtime.bigint();
  const result = await step();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { result, seconds, peakMiB: (peak - base) / 1024 / 1024, peakRssMiB: peak / 1024 / 1024 };
}

async function run(rows: number, dir: string) {
  const leads = new Map<string, ReportableLead>();
  const referredAt = new Date('2026-11-17T15:00:00-06:00');
  function* source(): Generator<ReportWorkbookRow> {
    for (let i = 0; i < rows; i++) {
      const id = randomUUID();
      const reference = leadReference(i + 1);
      leads.set(reference, { leadId: id, reference, referredAt });
      // Rows arrive completed, as a returned report would: a mix of resolutions, some with contact.
      const resolution = RESOLUTIONS[i % RESOLUTIONS.length]!;
      const contact = resolution !== 'Unable to contact' && resolution !== 'No longer needs assistance';
      yield { leadReference: reference, firstName: `First${i}`, lastName: `Last${i}`, phone: '651-555-0134', referralDate: '2026-11-17', contactMade: contact ? 'Y' : 'N', contactDate: contact ? '2026-11-18' : undefined, resolution, comments: i % 7 === 0 ? 'Followed up twice' : undefined };
    }
  }
  const file = join(dir, `report-${rows}.xlsx`);
  const info = { assisterName: 'Bench Navigators', referralsFrom: '2026-11-16', referralsTo: '2026-11-29', reportDue: '2026-12-13' };
  const build = await measure(async () => {
    const out = createWriteStream(file);
    await writeReportWorkbook(out, info, source());
    if (!out.writableFinished) await once(out, 'finish');
  });
  const now = new Date('2026-12-01T12:00:00-06:00');
  const parse = await measure(async () => {
    let valid = 0;
    let rejected = 0;
    for await (const row of readReportRows(readFileSync(file))) {
      if ('outcome' in checkReportRow(row, leads, now)) valid++;
      else rejected++;
    }
    return { valid, rejected };
  });
  return { build, parse, bytes: statSync(file).size };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'pal-bench-report-'));
  const small = await run(Math.max(1, Math.round(ROWS / 10)), dir);
  const large = await run(ROWS, dir);
  const line = (label: string, m: { seconds: number; peakMiB: number }) => `${label.padEnd(30)} ${m.seconds.toFixed(2).padStart(6)} s   peak +${m.peakMiB.toFixed(1).padStart(6)} MiB`;
  console.log(`\nbench:report  ${ROWS} rows (${(large.bytes / 1024 / 1024).toFixed(1)} MiB workbook), target under 5 s a step\n`);
  console.log(line(`build ${ROWS} rows (streaming)`, large.build));
  console.log(line(`parse + check ${ROWS} rows`, large.parse));
  console.log(`   valid ${large.parse.result.valid}, rejected ${large.parse.result.rejected}`);
  console.log(line(`build ${Math.round(ROWS / 10)} rows`, small.build));
  console.log(line(`parse + check ${Math.round(ROWS / 10)} rows`, small.parse));
  const growth = (a: number, b: number) => (b > 0.5 ? `${(a / b).toFixed(1)}x` : `+${a.toFixed(1)} MiB over ~0`);
  console.log(`\nmemory growth for 10x the rows: build ${growth(large.build.peakMiB, small.build.peakMiB)}, parse ${growth(large.parse.peakMiB, small.parse.peakMiB)} (below 10x: grows slower than the rows)`);
  rmSync(dir, { recursive: true, force: true });
  await applyStep();
}

/**
 * A zip bomb that lies about its sizes, submitted over HTTP to the API running in this process: the seeded report
 * with its Report sheet saying 100 bytes and unpacking to BENCH_BOMB_MIB MiB (default 1,024) of spaces. Prints the
 * answer and the process's peak RSS while the API received and refused it.
 */
async function bombStep(stack: Awaited<ReturnType<typeof startBenchStack>>, period: ReportPeriod, workbook: Buffer) {
  const mebibytes = Number(process.env.BENCH_BOMB_MIB ?? 1024);
  const bomb = await rezipped(workbook, { [REPORT_PART]: { after: '<sheetData>', paddingMiB: mebibytes, declared: 100 } });
  const token = 'bench-coordinator-token';
  const api = createApiServer({ client: stack.client, sql: stack.sql, taskQueue: 'pal-bench', tokens: { coordinatorToken: token, contactCenterToken: undefined } });
  const url = await api.listen({ port: 0, host: '127.0.0.1' });
  const submitted = await measure(async () => {
    const res = await fetch(`${url}/api/reports/nav-duluth-01?period=${period.referralsFrom}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: new Uint8Array(bomb) });
    return { status: res.status, body: (await res.json()) as { rejectedFile?: string } };
  });
  await api.close();
  const { status, body } = submitted.result;
  console.log(
    `${'submit a lying zip bomb (HTTP)'.padEnd(30)} ${submitted.seconds.toFixed(2).padStart(6)} s   peak +${submitted.peakMiB.toFixed(1).padStart(6)} MiB   (API process peak RSS ${submitted.peakRssMiB.toFixed(0)} MiB; ${(bomb.length / 1024 / 1024).toFixed(1)} MiB file unpacking to ${mebibytes} MiB: HTTP ${status}, "${body.rejectedFile}")`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * Applying a returned report has two parts. Recording: the file is kept, every row checked against the assister's
 * leads in PostgreSQL and the valid outcomes recorded in one transaction; measured on ROWS leads written to
 * PostgreSQL as the worker writes them. Delivery: reportDeliveryWorkflow applies each outcome to its lead workflow
 * (one workflow update each); measured end to end on BENCH_DELIVER_ROWS real leads (default 500).
 */
async function applyStep() {
  const stack = await startBenchStack();
  const rows = ROWS;
  const seeded = periodContaining(OE5_REPORT_CALENDAR, '2026-06-01')!;
  const referredAt = minnesotaInstant(seeded.referralsFrom, 10);
  const intake = benchLead();
  for (let i = 0; i < rows; i += 5_000) {
    const chunk = Array.from({ length: Math.min(5_000, rows - i) }, () => ({
      id: randomUUID(), intake: stack.sql.json(intake), created_by: 'bench', status: 'awaiting-contact', assister_id: 'nav-duluth-01', assister_type: 'navigator', referred_at: referredAt,
    }));
    await stack.sql`insert into leads ${stack.sql(chunk)}`;
  }
  const seededRows = (await reportWorkbookRows(stack.sql, 'nav-duluth-01', seeded)).map((r) => ({ ...r, contactMade: 'Y' as const, contactDate: seeded.referralsTo, resolution: 'Eligible for Medical Assistance' }));
  const seededBytes = await reportWorkbookBuffer({ assisterName: 'Bench', ...seeded }, seededRows);
  const record = await measure(() => recordSubmission(stack.sql, 'nav-duluth-01', seeded, seededBytes));
  console.log(`\n${`record ${rows} rows (check + store)`.padEnd(30)} ${record.seconds.toFixed(2).padStart(6)} s   peak +${record.peakMiB.toFixed(1).padStart(6)} MiB   (recorded ${record.result.result.applied}, rejected ${record.result.result.rejected.length})`);
  await bombStep(stack, seeded, seededBytes);

  const deliverRows = Number(process.env.BENCH_DELIVER_ROWS ?? 500);
  const deps = { client: stack.client, sql: stack.sql, taskQueue: 'pal-bench' };
  // Completed applications with an MA determination near St. Paul: all go to one navigator.
  await pool(deliverRows, 20, async () => {
    const r = await createLead(deps, benchLead({ consumer: { firstName: 'Bench', lastName: 'Apply', phone: '651-555-0134', zip: '55106' }, application: { active: true }, determinations: ['MA'] }));
    if (!r.ok || r.lead.assisterId !== 'nav-stpaul-01') throw new Error('bench lead not routed to nav-stpaul-01');
  });
  const today = minnesotaDate(new Date());
  const period = periodContaining(OE5_REPORT_CALENDAR, today)!;
  const completed = (await reportWorkbookRows(stack.sql, 'nav-stpaul-01', period)).map((r) => ({ ...r, contactMade: 'Y' as const, contactDate: today, resolution: 'Eligible for Medical Assistance' }));
  const bytes = await reportWorkbookBuffer({ assisterName: 'East Side Coverage Partners', ...period }, completed);
  const start = process.hrtime.bigint();
  const submitted = await submitReport(deps, 'nav-stpaul-01', period, bytes);
  const submitSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const delivery = await stack.client.workflow
    .getHandle<typeof reportDeliveryWorkflow>(reportDeliveryWorkflowId(period.referralsFrom, 'nav-stpaul-01', submitted.submissionId))
    .result();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const perSecond = delivery.delivered / seconds;
  console.log(`submit ${deliverRows} rows: ${submitSeconds.toFixed(2)} s; all applied to their lead workflows after ${seconds.toFixed(2)} s (${perSecond.toFixed(0)} rows/s, delivered ${delivery.delivered}, refused ${delivery.refused})`);
  console.log(`at that rate the lead workflows of ${rows} rows have their outcomes ~${(rows / perSecond).toFixed(0)} s after submission (one workflow update per lead)\n`);
  await stack.close();
}
