// The organization's Preferred Assister Reports: each report that went out, with its workbook to download and what
// was received for it, and the form that returns a completed workbook. Both use the API's own code (report-files,
// report-submission): the same workbook, the same checks of the file and its rows, the same hourly limit. Every
// download and submission is in the audit trail with the person and the period, never a consumer's data.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MAX_WORKBOOK_BYTES } from '../../activities/report-workbook';
import { calendarDateSchema } from '../../domain/date-schema';
import { periodContaining, reportDueAt, reportPeriod, type ReportCalendarConfig, type ReportPeriod } from '../../domain/report-calendar';
import type { RowProblem } from '../../domain/report-rows';
import { recordAudit } from '../../store/audit';
import { organizationReports, organizationSubmission, reportSent, SUBMITTED_REPORT, type PortalReport, type PortalSubmission } from '../../store/portal-reports';
import { WORKBOOK_LIMIT } from '../api/bodies';
import { reportDownload, reportSubmissionLimit } from '../api/report-files';
import { submitReport } from '../api/report-submission';
import { DataTable, ErrorSummary, Notice, Page, type FieldError } from './layout';
import type { WebDeps } from './plugin';
import { sendPage } from './render';
import { portalViewer } from './portal-view';
import { actorOf, type SignedIn } from './session';
import { when } from './words';

const MB = MAX_WORKBOOK_BYTES / 1024 / 1024;
/** A form post larger than this is refused before it is read: the workbook's own limit and room for the other fields. */
const FORM_LIMIT = WORKBOOK_LIMIT + 64 * 1024;
const TOO_LARGE = Symbol('too large');

/** The form's fields as @fastify/multipart attaches them (a repeated field arrives as a list and is refused). */
const submissionForm = z.object({
  period: z.string().optional(),
  report: z.union([z.instanceof(Buffer), z.custom<typeof TOO_LARGE>((v) => v === TOO_LARGE)]).optional(),
});

const refusedUpload = (message: string): FieldError[] => [{ field: 'report', message: `${message} Nothing was recorded.` }];
const tooLarge = refusedUpload(`The file is larger than ${MB} MB: a report workbook is much smaller.`);
const sizeUnknown = refusedUpload('PAL could not tell the size of the upload. Submit the file with the form on this page.');

/**
 * A form post from another site, as the browser tells it: refused before anything is counted or read. Browsers say
 * where a request comes from in Sec-Fetch-Site; an older one only in Origin, which is "null" under PAL's
 * no-referrer policy (helmet), so that tells nothing.
 */
function fromElsewhere(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site !== 'same-origin';
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return false;
  return !URL.canParse(origin) || new URL(origin).host !== request.host;
}

export async function reportsRoutes(app: FastifyInstance, { sql, settings }: WebDeps): Promise<void> {
  // The API's settings for reports: the calendar, the task queue of delivery, the hourly limit.
  const pal = app.pal;

  /** The period whose referrals start on `date`, if the organization's report for it went out; else nothing. */
  async function sentPeriod(person: SignedIn, date: unknown): Promise<ReportPeriod | undefined> {
    const parsed = calendarDateSchema('period').safeParse(date);
    const period = parsed.success ? periodContaining(pal.calendar, parsed.data) : undefined;
    return period && period.referralsFrom === parsed.data && (await reportSent(sql, person.assisterId, period.number)) ? period : undefined;
  }

  async function showReports(reply: FastifyReply, person: SignedIn, state: Omit<PageState, 'reports' | 'submissions'> = {}, status = 200) {
    const { reports, submissions } = await organizationReports(sql, person.assisterId);
    return sendPage(reply, <ReportsPage person={person} csrf={reply.generateCsrf()} calendar={pal.calendar} reports={reports} submissions={submissions} {...state} />, status);
  }

  function notFound(reply: FastifyReply, person: SignedIn, what: string) {
    return sendPage(
      reply,
      <Page title={`${what} not found`} person={person} csrf={reply.generateCsrf()}>
        <h1>{what} not found</h1>
        <p>
          Your organization has no such {what.toLowerCase()}. <a href="/portal/reports">Back to reports</a>
        </p>
      </Page>,
      404,
    );
  }

  const shownQuery = z.object({ submission: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER), duplicate: z.literal('1').optional() });

  app.get('/portal/reports', async (request, reply) => {
    const person = await portalViewer(request, reply, settings, sql);
    if (!person) return reply;
    // After a submission (post/redirect/get): the file's result, read again, only if it is this organization's.
    const query = request.query as Record<string, unknown>;
    if (query.submission === undefined) return showReports(reply, person);
    const asked = shownQuery.safeParse(query);
    const submission = asked.success ? await organizationSubmission(sql, person.assisterId, asked.data.submission) : undefined;
    if (!submission) return notFound(reply, person, 'Submission');
    return showReports(reply, person, { shown: { submission, duplicate: asked.data?.duplicate === '1' } });
  });

  app.get('/portal/reports/:period/workbook', async (request, reply) => {
    const person = await portalViewer(request, reply, settings, sql);
    if (!person) return reply;
    const period = await sentPeriod(person, (request.params as { period: string }).period);
    if (!period) return notFound(reply, person, 'Report');
    const { headers, workbook } = await reportDownload(sql, person.assisterId, period);
    await recordAudit(sql, { actor: actorOf(person), assisterId: person.assisterId, action: 'downloaded-report', detail: { period: period.referralsFrom } });
    return reply.headers(headers).header('cache-control', 'no-store').send(workbook);
  });

  // The upload has a scope of its own: multipart bodies and the hourly limit apply to it alone.
  await app.register(async (form) => {
    // Nothing is counted or read for anyone not signed in, nor for a form posted from another site (its CSRF token,
    // in the body, is checked only once the body is read: after the hourly limit counted it).
    form.addHook('onRequest', async (request, reply) => {
      if (!request.person) return reply.redirect('/portal/sign-in', 303);
      if (fromElsewhere(request)) throw Object.assign(new Error('Form posted from another site'), { statusCode: 403 });
    });
    // Browsers always say how large a form is: an upload that does not (chunked) could go on without end, and one
    // that is too large is not read. The rest is never read: the connection closes, as the API's does after a 413.
    form.addHook('preParsing', async (request, reply) => {
      const length = request.headers['content-length'];
      if (length === undefined || Number(length) > FORM_LIMIT) {
        void reply.header('connection', 'close');
        throw Object.assign(new Error(length === undefined ? 'Length required' : 'Request body is too large'), { statusCode: length === undefined ? 411 : 413 });
      }
    });
    await form.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      // A file past the limit is read to its end and dropped, so the browser gets the page that says so.
      throwFileSizeLimit: false,
      limits: { fileSize: WORKBOOK_LIMIT, files: 1, fields: 2, fieldSize: 1024, parts: 3, headerPairs: 20 },
      async onFile(part) {
        const bytes = await part.toBuffer();
        part.value = part.file.truncated ? TOO_LARGE : bytes;
      },
    });
    const rateLimit = await reportSubmissionLimit(form, (request) => request.person!.assisterId);

    // A refused upload (too large, of no stated size, the hourly limit) is shown on the page, beside the file field;
    // the rest as the portal answers it (an expired form, …).
    form.setErrorHandler(async (err: FastifyError, request, reply) => {
      if (!request.person || (err.statusCode !== 411 && err.statusCode !== 413 && err.statusCode !== 429)) throw err;
      const wait = Math.max(1, Math.ceil(Number(reply.getHeader('retry-after')) / 60));
      const errors =
        err.statusCode === 429
          ? refusedUpload(`Your organization has reached the limit of ${plural(pal.reportSubmissionsPerHour, 'report')} an hour. Try again in ${plural(wait, 'minute')}.`)
          : err.statusCode === 411
            ? sizeUnknown
            : tooLarge;
      return showReports(reply, request.person, { errors }, err.statusCode);
    });

    form.post('/portal/reports', { config: { rateLimit }, preHandler: form.csrfProtection }, async (request, reply) => {
      const person = request.person!;
      const fields = submissionForm.safeParse(request.body ?? {});
      const period = fields.success ? await sentPeriod(person, fields.data.period) : undefined;
      const report = fields.success ? fields.data.report : undefined;
      const errors: FieldError[] = [
        ...(period ? [] : [{ field: 'period', message: 'Select the report you are returning' }]),
        ...(report === TOO_LARGE ? tooLarge : !report?.length ? [{ field: 'report', message: 'Choose the completed report workbook (.xlsx)' }] : []),
      ];
      const actor = actorOf(person);
      if (errors.length || !period || !(report instanceof Buffer)) {
        await recordAudit(sql, { actor, assisterId: person.assisterId, action: `${SUBMITTED_REPORT}-refused`, detail: { period: period?.referralsFrom ?? null } });
        return showReports(reply, person, { errors, period: period?.referralsFrom }, report === TOO_LARGE ? 413 : 400);
      }

      const result = await submitReport(pal, person.assisterId, period, report);
      // The file was received (its digest and result are kept), whether it was used or refused whole.
      await recordAudit(sql, { actor, assisterId: person.assisterId, action: SUBMITTED_REPORT, detail: { period: period.referralsFrom, submissionId: result.submissionId, fileRefused: Boolean(result.rejectedFile) } });
      if (result.rejectedFile) return showReports(reply, person, { errors: refusedUpload(`The file was refused: ${result.rejectedFile}.`), period: period.referralsFrom }, 422);
      return reply.redirect(`/portal/reports?submission=${result.submissionId}${result.duplicate ? '&duplicate=1' : ''}`, 303);
    });
  });
}

interface PageState {
  reports: PortalReport[];
  submissions: PortalSubmission[];
  /** A refused form: its errors, and the period it was for. */
  errors?: FieldError[];
  period?: string;
  /** A file received, shown after its submission. */
  shown?: { submission: PortalSubmission; duplicate: boolean };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const day = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' });
const year = (date: string) => date.slice(0, 4);
/** A period's referral dates, e.g. "Nov 19 to Dec 2, 2026" (both years when they differ). */
const dates = (p: ReportPeriod) => {
  const [from, to] = [p.referralsFrom, p.referralsTo].map((d) => day.format(new Date(`${d}T00:00:00Z`)));
  return year(p.referralsFrom) === year(p.referralsTo) ? `${from} to ${to}, ${year(p.referralsTo)}` : `${from}, ${year(p.referralsFrom)} to ${to}, ${year(p.referralsTo)}`;
};
const dueDay = (p: ReportPeriod) => day.format(new Date(`${p.reportDue}T00:00:00Z`));
const problemCount = (result: NonNullable<PortalSubmission['result']>) => result.rejected.length + (result.rejectedNotListed ?? 0);

function ReportsPage(props: PageState & { person: SignedIn; csrf: string; calendar: ReportCalendarConfig }) {
  const { person, csrf, calendar, reports, submissions, shown } = props;
  const result = shown?.submission.result;
  const problems = result && !result.rejectedFile ? problemCount(result) : 0;
  const errors = [...(props.errors ?? []), ...(problems ? [{ field: 'row-problems', message: `${plural(problems, 'problem')} in the report's rows: correct ${problems === 1 ? 'it' : 'them'} in the workbook and submit it again` }] : [])];
  const periodOf = (n: number) => reportPeriod(calendar, n);
  return (
    <Page title="Reports" error={errors.length > 0} person={person} csrf={csrf}>
      <ErrorSummary errors={errors} />
      {shown && <Received submission={shown.submission} duplicate={shown.duplicate} period={periodOf(shown.submission.periodNumber)} />}
      <h1>Reports</h1>
      <p class="usa-intro">
        PAL sends your organization a Preferred Assister Report a week after each period: one row per lead. Download the workbook, fill in Contact Made, Contact Date, Resolution and
        Comments, and submit it here.
      </p>
      {shown && result && problems > 0 && <RowProblems problems={result.rejected} notListed={result.rejectedNotListed ?? 0} period={periodOf(shown.submission.periodNumber)} />}
      {reports.length === 0 ? (
        <p>Your organization has no reports yet. The first one comes a week after the end of the period in which you received a lead.</p>
      ) : (
        <>
          {!person.viewedBy && <SubmitForm csrf={csrf} periods={reports.map((r) => periodOf(r.periodNumber))} chosen={props.period} errors={props.errors ?? []} />}
          <h2>Your reports</h2>
          {reports.map((r) => (
            <Report key={r.periodNumber} report={r} period={periodOf(r.periodNumber)} calendar={calendar} submissions={submissions.filter((s) => s.periodNumber === r.periodNumber)} />
          ))}
        </>
      )}
    </Page>
  );
}

/** What came of a file, after it was submitted. */
function Received({ submission, duplicate, period }: { submission: PortalSubmission; duplicate: boolean; period: ReportPeriod }) {
  const result = submission.result;
  if (duplicate) return <Notice kind="info" heading="PAL already had this file">{`It was received ${when(submission.receivedAt)} for the report of referrals ${dates(period)}. Nothing changed.`}</Notice>;
  if (!result || result.rejectedFile) return <Notice kind="warning" heading="This file was refused">{result?.rejectedFile ?? 'It is still being checked.'}</Notice>;
  // Nothing of it could be used: the error summary and the rows to correct say so.
  if (!result.applied && !result.unchanged) return null;
  const applied = !submission.recorded ? '' : submission.delivered === submission.recorded ? ' All are applied to your leads.' : ` ${submission.delivered} of ${submission.recorded} applied to your leads so far; the rest follow in a moment.`;
  return (
    <Notice heading="Report received">
      {`Referrals ${dates(period)}: ${plural(result.applied, 'row')} recorded for your leads${result.unchanged ? `, ${plural(result.unchanged, 'row')} unchanged (PAL already had them)` : ''}.${applied}`}
    </Notice>
  );
}

function RowProblems({ problems, notListed, period }: { problems: RowProblem[]; notListed: number; period: ReportPeriod }) {
  return (
    <>
      <h2>Rows to correct</h2>
      <DataTable
        caption={`Rows of the report for referrals ${dates(period)} that could not be used${notListed ? `: the first ${problems.length} problems, and ${notListed} more` : ''}`}
        columns={['Row', 'Column', 'Reason']}
        id="row-problems"
        rows={problems.map((p) => [p.row, p.column, p.reason])}
      />
    </>
  );
}

function SubmitForm({ csrf, periods, chosen, errors }: { csrf: string; periods: ReportPeriod[]; chosen?: string; errors: FieldError[] }) {
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const periodError = errorFor('period');
  const reportError = errorFor('report');
  return (
    <>
      <h2>Submit a completed report</h2>
      <form class="usa-form" method="post" action="/portal/reports" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={csrf} />
        <div class={`usa-form-group${periodError ? ' usa-form-group--error' : ''}`}>
          <label class={`usa-label${periodError ? ' usa-label--error' : ''}`} for="period">
            Report period
          </label>
          {periodError && (
            <span class="usa-error-message" id="period-error" role="alert">
              {periodError}
            </span>
          )}
          <select class="usa-select" id="period" name="period" aria-describedby={periodError ? 'period-error' : undefined}>
            {periods.map((p) => (
              <option key={p.number} value={p.referralsFrom} selected={chosen === p.referralsFrom}>
                {`${dates(p)}, due ${dueDay(p)}`}
              </option>
            ))}
          </select>
        </div>
        <div class={`usa-form-group${reportError ? ' usa-form-group--error' : ''}`}>
          <label class={`usa-label${reportError ? ' usa-label--error' : ''}`} for="report">
            Completed report
          </label>
          <div class="usa-hint" id="report-hint">
            {`The workbook PAL sent (.xlsx) with your columns filled in, at most ${MB} MB.`}
          </div>
          {reportError && (
            <span class="usa-error-message" id="report-error" role="alert">
              {reportError}
            </span>
          )}
          <input
            class="usa-file-input"
            id="report"
            name="report"
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={`report-hint${reportError ? ' report-error' : ''}`}
            aria-invalid={reportError ? 'true' : undefined}
          />
        </div>
        <button class="usa-button" type="submit">
          Submit report
        </button>
      </form>
    </>
  );
}

function reportStatus(report: PortalReport, calendar: ReportCalendarConfig): string {
  if (report.completedAt) return `Every row has an outcome (${report.onTime ? 'on time' : 'late'})`;
  if (report.carriedTo) return `Rows without an outcome moved to the newer report (referrals ${dates(reportPeriod(calendar, report.carriedTo))})`;
  if (report.overdueAt) return 'Overdue: rows still need an outcome';
  return 'Waiting for outcomes';
}

function submissionResult(s: PortalSubmission): string {
  if (!s.result) return 'Being checked';
  if (s.result.rejectedFile) return `Refused: ${s.result.rejectedFile}`;
  const problems = problemCount(s.result);
  return `Accepted: ${plural(s.result.applied, 'row')} recorded, ${s.result.unchanged} unchanged${problems ? `, ${plural(problems, 'problem')} to correct` : ''}`;
}

function Report({ report, period, calendar, submissions }: { report: PortalReport; period: ReportPeriod; calendar: ReportCalendarConfig; submissions: PortalSubmission[] }) {
  return (
    <>
      <h3>{`Referrals ${dates(period)}`}</h3>
      <dl>
        <dt class="text-bold">Sent</dt>
        <dd class="margin-left-0 margin-bottom-1">{`${when(report.sentAt)}, ${plural(report.rows, 'row')}`}</dd>
        <dt class="text-bold">Due</dt>
        <dd class="margin-left-0 margin-bottom-1">{when(reportDueAt(period))}</dd>
        <dt class="text-bold">Status</dt>
        <dd class="margin-left-0 margin-bottom-1">{reportStatus(report, calendar)}</dd>
      </dl>
      <p>
        <a href={`/portal/reports/${period.referralsFrom}/workbook`}>Download report workbook</a>
      </p>
      {submissions.length === 0 ? (
        <p>Nothing received for this report yet.</p>
      ) : (
        <DataTable
          caption={`Received for this report: ${plural(submissions.length, 'file')}`}
          columns={['Received', 'By', 'Result', 'Outcomes applied']}
          rows={submissions.map((s) => [
            when(s.receivedAt),
            s.submittedBy ?? 'With a PAL token (the API or the pal command)',
            <>
              {submissionResult(s)}
              {s.result && !s.result.rejectedFile && problemCount(s.result) > 0 && (
                <>
                  {' '}
                  <a href={`/portal/reports?submission=${s.id}`}>See the rows to correct</a>
                </>
              )}
            </>,
            !s.recorded ? 'None' : `${s.delivered} of ${s.recorded} applied to leads${s.refusedByLead ? `, ${s.refusedByLead} refused by the lead` : ''}`,
          ])}
        />
      )}
    </>
  );
}
