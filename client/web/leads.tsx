// The coordinators' Leads page (/coordinator/leads): every lead by reference, status, assister and open escalation, newest
// first, 50 a page. The filters are not about the consumer, so they travel in the URL (bookmarkable, and a GET
// changes nothing); the list shows no consumer data: a lead's page does, and audits who looked.
import type { FastifyInstance } from 'fastify';
import { ESCALATION_WORDS } from '../../domain/escalations';
import { leadReference, parseLeadReference } from '../../domain/lead-reference';
import { recordAudit } from '../../store/audit';
import { LEAD_LIST_PAGE, listLeads, type LeadListFilter, type LeadListRow } from '../../store/lead-list';
import { staffSignedIn } from './access';
import { DataTable, ErrorSummary, Page, SelectField, TextField, type FieldError } from './layout';
import type { WebDeps } from './plugin';
import { sendPage } from './render';
import { actorOf, type StaffSignedIn } from './session';
import { STATUS_WORDS, statusWords, when } from './words';

const COORDINATOR = ['coordinator'] as const;

type Query = Record<string, string | undefined>;

/** The filters the query names, or the problems of those that name nothing PAL knows. */
function filterOf(q: Query, assisters: Map<string, string>): { filter: LeadListFilter; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const filter: LeadListFilter = {};
  if (q.reference?.trim()) {
    const parsed = parseLeadReference(q.reference);
    if (parsed.ok) filter.referenceNumber = parsed.number;
    else errors.push({ field: 'reference', message: parsed.reason });
  }
  if (q.status) {
    if (Object.hasOwn(STATUS_WORDS, q.status)) filter.status = q.status;
    else errors.push({ field: 'status', message: 'Select a status from the list' });
  }
  if (q.assister) {
    if (assisters.has(q.assister)) filter.assisterId = q.assister;
    else errors.push({ field: 'assister', message: 'Select an assister from the list' });
  }
  if (q.escalated === 'yes') filter.escalated = true;
  if (q.before && /^\d{1,15}$/.test(q.before)) filter.before = Number(q.before);
  return { filter, errors };
}

export async function leadListRoutes(app: FastifyInstance, { sql, settings }: WebDeps): Promise<void> {
  app.get('/coordinator/leads', async (request, reply) => {
    const me = staffSignedIn(request, reply, settings, COORDINATOR);
    if (!me) return reply;
    const q = (request.query ?? {}) as Query;
    const assisters = new Map((await sql<{ id: string; name: string }[]>`select id, name from assisters order by name, id`).map((a) => [a.id, a.name]));
    const { filter, errors } = filterOf(q, assisters);
    const page = errors.length ? undefined : await listLeads(sql, filter);
    await recordAudit(sql, { actor: actorOf(me), action: 'listed-leads', detail: { status: filter.status ?? null, assisterId: filter.assisterId ?? null, escalated: !!filter.escalated } });
    return sendPage(reply, <LeadsPage me={me} csrf={reply.generateCsrf()} q={q} assisters={assisters} errors={errors} page={page} filter={filter} />, errors.length ? 400 : 200);
  });
}

function LeadsPage(props: { me: StaffSignedIn; csrf: string; q: Query; assisters: Map<string, string>; errors: FieldError[]; filter: LeadListFilter; page?: { rows: LeadListRow[]; more: boolean } }) {
  const { q, errors, page, filter } = props;
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const last = page?.rows.at(-1);
  const next =
    page?.more && last
      ? `/coordinator/leads?${new URLSearchParams({ ...(filter.status && { status: filter.status }), ...(filter.assisterId && { assister: filter.assisterId }), ...(filter.escalated && { escalated: 'yes' }), before: String(last.referenceNumber) })}`
      : undefined;
  return (
    <Page title="Leads" error={errors.length > 0} person={props.me} csrf={props.csrf}>
      <ErrorSummary errors={errors} />
      <h1>Leads</h1>
      <form class="usa-form" method="get" action="/coordinator/leads" novalidate>
        <TextField id="reference" label="Reference" required={false} autocomplete="off" hint="For example S1ARMV16" value={q.reference} error={errorFor('reference')} />
        <SelectField id="status" label="Status" required={false} empty="Any status" options={STATUS_WORDS} value={q.status} error={errorFor('status')} />
        <SelectField id="assister" label="Assister" required={false} empty="Any assister" options={Object.fromEntries([...props.assisters].map(([id, name]) => [id, `${name} (${id})`]))} value={q.assister} error={errorFor('assister')} />
        <div class="usa-checkbox">
          <input class="usa-checkbox__input" id="escalated" type="checkbox" name="escalated" value="yes" checked={q.escalated === 'yes'} />
          <label class="usa-checkbox__label" for="escalated">
            Only leads with an open escalation
          </label>
        </div>
        <button class="usa-button" type="submit">
          Show leads
        </button>
      </form>
      {page &&
        (page.rows.length === 0 ? (
          <p>No leads match.</p>
        ) : (
          <DataTable
            caption={`${filter.before ? 'More leads' : page.more ? `The ${LEAD_LIST_PAGE} newest leads` : `${page.rows.length} lead${page.rows.length === 1 ? '' : 's'}`}, newest first`}
            columns={['Reference', 'Created', 'Assister', 'Status', 'Contact deadline', 'Open escalations']}
            rows={page.rows.map((l) => {
              const reference = leadReference(l.referenceNumber);
              return [
                <a href={`/leads/${reference}`}>{reference}</a>,
                when(l.createdAt),
                l.assisterName ?? 'None',
                statusWords(l.status, 'staff'),
                l.contactDeadlineAt ? when(l.contactDeadlineAt) : '—',
                l.openEscalations.length ? l.openEscalations.map((k) => ESCALATION_WORDS[k] ?? k).join(', ') : 'None',
              ];
            })}
          />
        ))}
      {next && (
        <p>
          <a href={next} rel="next">
            Next page
          </a>
        </p>
      )}
    </Page>
  );
}
