// The coordinators' Audit trail page (/coordinator/audit): a period of Minnesota days, a preview of it (how many
// events, the 20 newest) and Export audit trail, the CSV of `pal audit export` and GET /api/audit (the same code,
// client/audit-export.ts). The dates are not about a consumer, so the form is a GET; the export is audited.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { leadReference } from '../../domain/lead-reference';
import { addDays, minnesotaDate } from '../../domain/time';
import { countAuditBetween, newestAuditBetween, recordAudit, type AuditExportRow } from '../../store/audit';
import { auditPeriodInstants, auditPeriodProblems, sendAuditCsv, type AuditPeriod } from '../audit-export';
import { staffSignedIn } from './access';
import { DataTable, ErrorSummary, Page, TextField, type FieldError } from './layout';
import type { WebDeps } from './plugin';
import { sendPage } from './render';
import { actorOf, type StaffSignedIn } from './session';
import { onDate, when } from './words';

const COORDINATOR = ['coordinator'] as const;
/** The newest events the preview lists. */
export const AUDIT_PREVIEW_ROWS = 20;
/** The period the page opens with: the last 30 days. */
const DEFAULT_DAYS = 30;

type Query = Record<string, string | undefined>;

/** The period the query names (the last 30 days when it names none), or the problems of its dates, beside each field. */
function periodOf(q: Query): { period?: AuditPeriod; values: Query; errors: FieldError[] } {
  if (q.from === undefined && q.to === undefined) {
    const to = minnesotaDate(new Date());
    const period = { from: addDays(to, 1 - DEFAULT_DAYS), to };
    return { period, values: period, errors: [] };
  }
  const errors = auditPeriodProblems(q.from, q.to, { from: 'From', to: 'To' });
  return { period: errors.length ? undefined : { from: q.from!, to: q.to! }, values: q, errors };
}

export async function auditTrailRoutes(app: FastifyInstance, { sql, settings }: WebDeps): Promise<void> {
  async function showAudit(reply: FastifyReply, me: StaffSignedIn, { period, values, errors }: ReturnType<typeof periodOf>) {
    const instants = period && auditPeriodInstants(period);
    const preview = instants && { count: await countAuditBetween(sql, ...instants), newest: await newestAuditBetween(sql, ...instants, AUDIT_PREVIEW_ROWS) };
    await recordAudit(sql, { actor: actorOf(me), action: 'viewed-audit', detail: period ? { from: period.from, to: period.to } : {} });
    return sendPage(reply, <AuditPage me={me} csrf={reply.generateCsrf()} values={values} errors={errors} period={period} preview={preview} />, errors.length ? 400 : 200);
  }

  app.get('/coordinator/audit', async (request, reply) => {
    const me = staffSignedIn(request, reply, settings, COORDINATOR);
    if (!me) return reply;
    return showAudit(reply, me, periodOf((request.query ?? {}) as Query));
  });

  // The CSV; a period that is not one shows the page with its errors instead.
  app.get('/coordinator/audit/export', async (request, reply) => {
    const me = staffSignedIn(request, reply, settings, COORDINATOR);
    if (!me) return reply;
    const asked = periodOf((request.query ?? {}) as Query);
    if (!asked.period) return showAudit(reply, me, asked);
    return sendAuditCsv(reply, sql, asked.period, actorOf(me));
  });
}

interface PageProps {
  me: StaffSignedIn;
  csrf: string;
  values: Query;
  errors: FieldError[];
  period?: AuditPeriod;
  preview?: { count: number; newest: AuditExportRow[] };
}

function AuditPage({ me, csrf, values, errors, period, preview }: PageProps) {
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <Page title="Audit trail" error={errors.length > 0} person={me} csrf={csrf}>
      <ErrorSummary errors={errors} />
      <h1>Audit trail</h1>
      <p>
        PAL records every view of a lead, every download and every action with the person and the time, never the consumer's data. Export the records of up to 366 days (Minnesota calendar days, both
        included) as a CSV file; the export is recorded too.
      </p>
      <form class="usa-form" method="get" action="/coordinator/audit/export" novalidate>
        <TextField id="from" label="From" type="date" hint="The first day" value={values.from} error={errorFor('from')} />
        <TextField id="to" label="To" type="date" hint="The last day, included" value={values.to} error={errorFor('to')} />
        <button class="usa-button" type="submit">
          Export audit trail
        </button>
        <button class="usa-button usa-button--outline" type="submit" formAction="/coordinator/audit">
          Show preview
        </button>
      </form>
      {period && preview && <Preview period={period} {...preview} />}
    </Page>
  );
}

function Preview({ period, count, newest }: { period: AuditPeriod; count: number; newest: AuditExportRow[] }) {
  return (
    <>
      <h2>Preview</h2>
      <p>{`${count} audit record${count === 1 ? '' : 's'} from ${onDate(period.from)} to ${onDate(period.to)}.`}</p>
      {newest.length > 0 && (
        <DataTable
          caption={newest.length < count ? `The ${newest.length} newest, newest first` : 'Newest first'}
          columns={['At', 'Actor', 'Action', 'Lead reference']}
          rowHeaders={false}
          rows={newest.map((e) => [when(e.at), e.actorEmail ? `${e.actorEmail} (${e.actor})` : e.actor, e.action, e.referenceNumber === null ? '—' : leadReference(e.referenceNumber)])}
        />
      )}
    </>
  );
}
