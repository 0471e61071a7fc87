// Find a lead (representatives and coordinators): by reference, or by the consumer's name, phone number or email
// address. The search text goes in a POST body, never in a URL or a log, and the results page answers that POST.
// A found lead's page shows every item of it, its assister, status and history.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { holidayCalendar } from '../../domain/business-days';
import { leadReference } from '../../domain/lead-reference';
import { classifyLeadSearch } from '../../domain/lead-search';
import { recordAudit } from '../../store/audit';
import { findLead } from '../../store/leads';
import { searchLeads, SEARCH_LIMIT, type FoundLeadRow } from '../../store/lead-search';
import { portalLead } from '../../store/portal-leads';
import { staffSignedIn } from './access';
import { LeadFacts, LeadHistory } from './lead-page';
import { ErrorSummary, Page, TextField } from './layout';
import type { WebDeps } from './plugin';
import { sendPage } from './render';
import { actorOf, formFields, type StaffSignedIn } from './session';
import { statusWords, when } from './words';

const STAFF = ['contact-center', 'coordinator'] as const;

function FindPage({ me, csrf, typed, problem, found }: { me: StaffSignedIn; csrf: string; typed?: string; problem?: string; found?: FoundLeadRow[] }) {
  return (
    <Page title="Find a lead" error={!!problem} person={me} csrf={csrf}>
      <ErrorSummary errors={problem ? [{ field: 'search', message: problem }] : []} />
      <h1>Find a lead</h1>
      <form class="usa-form" method="post" action="/leads/find" novalidate>
        <input type="hidden" name="_csrf" value={csrf} />
        <TextField id="search" label="Reference, name, phone number or email" autocomplete="off" hint="For example S1ARMV16, Ana Lopez, 651-555-0134 or ana@example.com" value={typed} error={problem} />
        <button class="usa-button" type="submit">
          Find
        </button>
      </form>
      {found && (
        <>
          <h2>{found.length === 0 ? 'No lead found' : `${found.length === SEARCH_LIMIT ? `The ${SEARCH_LIMIT} newest` : found.length} lead${found.length === 1 ? '' : 's'} found`}</h2>
          {found.length === 0 ? (
            <p>Check the spelling, or try the phone number or the email address.</p>
          ) : (
            <div class="pal-table-wrap">
              <table class="usa-table usa-table--borderless usa-table--stacked">
                <caption>Leads found, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Reference</th>
                    <th scope="col">Consumer</th>
                    <th scope="col">ZIP code</th>
                    <th scope="col">Created</th>
                    <th scope="col">Assister</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {found.map((l) => {
                    const reference = leadReference(l.referenceNumber);
                    return (
                      <tr key={l.id}>
                        <th scope="row" data-label="Reference">
                          <a href={`/leads/${reference}`}>{reference}</a>
                        </th>
                        <td data-label="Consumer">{`${l.firstName} ${l.lastName}`}</td>
                        <td data-label="ZIP code">{l.zip}</td>
                        <td data-label="Created">{when(l.createdAt)}</td>
                        <td data-label="Assister">{l.assisterName ?? 'None yet'}</td>
                        <td data-label="Status">{statusWords(l.status)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </Page>
  );
}

export async function findLeadRoutes(app: FastifyInstance, { sql, settings }: WebDeps): Promise<void> {
  const holidays = holidayCalendar();

  app.get('/leads/find', async (request, reply) => {
    const me = staffSignedIn(request, reply, settings, STAFF);
    return me ? sendPage(reply, <FindPage me={me} csrf={reply.generateCsrf()} />) : reply;
  });

  app.post('/leads/find', { preHandler: app.csrfProtection }, async (request, reply) => {
    const me = staffSignedIn(request, reply, settings, STAFF);
    if (!me) return reply;
    const typed = formFields(request.body).search ?? '';
    const search = classifyLeadSearch(typed);
    if ('problem' in search) return sendPage(reply, <FindPage me={me} csrf={reply.generateCsrf()} typed={typed} problem={search.problem} />, 400);
    const found = await searchLeads(sql, search);
    // What was searched by, and how many were found: never the text itself.
    await recordAudit(sql, { actor: actorOf(me), action: 'searched-leads', detail: { by: search.by, found: found.length } });
    return sendPage(reply, <FindPage me={me} csrf={reply.generateCsrf()} typed={typed} found={found} />);
  });

  app.get('/leads/:ref', async (request, reply) => {
    const me = staffSignedIn(request, reply, settings, STAFF);
    if (!me) return reply;
    const found = await findLead(sql, (request.params as { ref: string }).ref);
    const lead = found && !('problem' in found) ? await portalLead(sql, found.id) : undefined;
    if (!lead) return notFound(reply, me);
    await recordAudit(sql, { actor: actorOf(me), leadId: lead.id, action: 'viewed-lead' });
    const reference = leadReference(lead.referenceNumber);
    const [assister] = lead.assisterId ? await sql<{ name: string }[]>`select name from assisters where id = ${lead.assisterId}` : [];
    return sendPage(
      reply,
      <Page title={`Lead ${reference}`} person={me} csrf={reply.generateCsrf()}>
        <h1>Lead {reference}</h1>
        <p class="usa-intro">
          Status: {statusWords(lead.status)}. Assister: {assister ? `${assister.name} (${lead.assisterId})` : 'none yet'}.
        </p>
        <LeadFacts lead={lead} holidays={holidays} />
        <LeadHistory lead={lead} />
        <p>
          <a href="/leads/find">Find another lead</a>
        </p>
      </Page>,
    );
  });
}

function notFound(reply: FastifyReply, me: StaffSignedIn) {
  return sendPage(
    reply,
    <Page title="Lead not found" person={me} csrf={reply.generateCsrf()}>
      <h1>Lead not found</h1>
      <p>
        No lead has this reference. <a href="/leads/find">Find a lead</a>
      </p>
    </Page>,
    404,
  );
}
