// The coordinators' queue (/coordinator): open escalations, oldest first, with their age and assister. One
// escalation's page links its workflow in Temporal UI and takes Acknowledge (a note) and Resolve. The workflows open
// and close escalations themselves (activities/leads.ts); a coordinator's resolve is for what PAL cannot see.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { leadWorkflowId } from '../../contracts/lead';
import { ESCALATION_WORDS } from '../../domain/escalations';
import { leadReference } from '../../domain/lead-reference';
import { hasControlCharactersBesidesLineBreaks } from '../../domain/text';
import { recordAudit } from '../../store/audit';
import { acknowledgeEscalation, escalationById, openEscalations, resolveEscalation, type Escalation } from '../../store/escalations';
import { portalLead } from '../../store/portal-leads';
import { tellEscalationResolved } from '../lead-actions';
import { staffSignedIn } from './access';
import { ReassignForm, reassignmentCandidates } from './reassign-form';
import { DataTable, ErrorSummary, Item, Notice, Page, TextArea, type FieldError } from './layout';
import { unansweredThreads, UnansweredMessages } from './messages';
import type { WebDeps } from './plugin';
import { sendPage } from './render';
import { actorOf, formFields, type StaffSignedIn } from './session';
import { when } from './words';

const COORDINATOR = ['coordinator'] as const;
const DONE: Record<string, string> = { acknowledged: 'Escalation acknowledged', resolved: 'Escalation resolved', reassigned: 'Lead reassigned' };

/** How long it has been open, in the largest whole unit. */
export function age(openedAt: Date, now = new Date()): string {
  const hours = Math.floor((now.getTime() - openedAt.getTime()) / 3_600_000);
  if (hours < 1) return 'less than an hour';
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  return `${Math.floor(hours / 24)} days`;
}

/** What it is about: the lead (a link to its page), or the assister's report of a period. */
const about = (e: Escalation) =>
  e.referenceNumber !== null ? (
    <a href={`/leads/${leadReference(e.referenceNumber)}`}>{leadReference(e.referenceNumber)}</a>
  ) : e.kind === 'review-flag' ? (
    `Performance up to period ${e.periodNumber}`
  ) : e.kind === 'certification-lapsing' ? (
    'Certification'
  ) : e.kind === 'contact-point-unconfirmed' ? (
    'Contact point'
  ) : e.periodNumber !== null ? (
    `Report of period ${e.periodNumber}`
  ) : (
    '—'
  );

export async function escalationRoutes(app: FastifyInstance, { sql, client, settings, routing }: WebDeps): Promise<void> {
  app.get('/coordinator', async (request, reply) => {
    const me = staffSignedIn(request, reply, settings, COORDINATOR);
    if (!me) return reply;
    const open = await openEscalations(sql);
    const unanswered = await unansweredThreads(sql);
    await recordAudit(sql, { actor: actorOf(me), action: 'viewed-escalations' });
    return sendPage(
      reply,
      <Page title="Escalations" person={me} csrf={reply.generateCsrf()}>
        <h1>Escalations</h1>
        {open.length === 0 ? (
          <p>No open escalations.</p>
        ) : (
          <DataTable
            caption={`${open.length} open escalation${open.length === 1 ? '' : 's'}, oldest first`}
            columns={['Escalation', 'About', 'Assister', 'Open for', 'Acknowledged']}
            rows={open.map((e) => [
              <a href={`/coordinator/escalations/${e.id}`}>{ESCALATION_WORDS[e.kind] ?? e.kind}</a>,
              about(e),
              e.assisterName ?? e.assisterId ?? '—',
              age(e.openedAt),
              e.acknowledgedAt ? `By ${e.acknowledgedBy}: ${e.note ?? ''}` : 'Not yet',
            ])}
          />
        )}
        <UnansweredMessages threads={unanswered} age={age} />
      </Page>,
    );
  });

  async function showEscalation(reply: FastifyReply, me: StaffSignedIn, e: Escalation, form?: { values: Record<string, string | undefined>; errors: FieldError[] }, done?: string) {
    const errors = form?.errors ?? [];
    const errorFor = (field: string) => errors.find((x) => x.field === field)?.message;
    const csrf = reply.generateCsrf();
    const title = ESCALATION_WORDS[e.kind] ?? e.kind;
    // An open lead's escalation can be answered by reassigning it from here (the lead page's form, returning here).
    const lead = e.leadId && !e.resolvedAt ? await portalLead(sql, e.leadId) : undefined;
    const candidates = lead && !lead.closedAt ? await reassignmentCandidates(sql, lead, routing) : undefined;
    // After a reassignment (from here or the lead page), who has the lead now.
    const [current] = e.leadId ? await sql<{ id: string; name: string }[]>`select a.id, a.name from leads l join assisters a on a.id = l.assister_id where l.id = ${e.leadId}` : [];
    return sendPage(
      reply,
      <Page title={title} error={errors.length > 0} person={me} csrf={csrf}>
        <ErrorSummary errors={errors} />
        {done && DONE[done] && <Notice heading={DONE[done]!} />}
        <h1>{title}</h1>
        <dl>
          <Item label="About">{about(e)}</Item>
          <Item label={e.leadId ? 'Assister when escalated' : 'Assister'}>{e.assisterName ? `${e.assisterName} (${e.assisterId})` : (e.assisterId ?? '—')}</Item>
          {current && current.id !== e.assisterId && <Item label="The lead's assister now">{`${current.name} (${current.id})`}</Item>}
          <Item label="Opened">{`${when(e.openedAt)} (${age(e.openedAt)} ago)`}</Item>
          <Item label="Acknowledged">{e.acknowledgedAt ? `${when(e.acknowledgedAt)} by ${e.acknowledgedBy}: ${e.note ?? ''}` : 'Not yet'}</Item>
          <Item label="Resolved">{e.resolvedAt ? `${when(e.resolvedAt)} by ${e.resolvedBy}: ${e.resolution ?? ''}` : 'Not yet'}</Item>
        </dl>
        {e.leadId && (
          <p>
            <a href={settings.workflowUrl(leadWorkflowId(e.leadId))}>Open the lead's workflow in Temporal UI</a>
          </p>
        )}
        {!e.resolvedAt && (
          <>
            <h2>Acknowledge</h2>
            <form class="usa-form" method="post" action={`/coordinator/escalations/${e.id}/acknowledge`} novalidate>
              <input type="hidden" name="_csrf" value={csrf} />
              <TextArea id="note" label="Note" hint="What you are doing about it, for the other coordinators" maxLength={500} value={form?.values.note} error={errorFor('note')} />
              <button class="usa-button" type="submit">
                Acknowledge
              </button>
            </form>
            {lead && candidates && (
              <ReassignForm referenceNumber={lead.referenceNumber} csrf={csrf} candidates={candidates} value={() => undefined} errorFor={() => undefined} returnTo={`/coordinator/escalations/${e.id}`} />
            )}
            <h2>Resolve</h2>
            <form class="usa-form" method="post" action={`/coordinator/escalations/${e.id}/resolve`} novalidate>
              <input type="hidden" name="_csrf" value={csrf} />
              <TextArea id="resolution" label="How it was resolved" maxLength={500} value={form?.values.resolution} error={errorFor('resolution')} />
              <button class="usa-button usa-button--secondary" type="submit">
                Resolve
              </button>
            </form>
          </>
        )}
        <p>
          <a href="/coordinator">Back to the escalations</a>
        </p>
      </Page>,
      errors.length ? 400 : 200,
    );
  }

  const idOf = (params: unknown) => Number((params as { id: string }).id);

  app.get('/coordinator/escalations/:id', async (request, reply) => {
    const me = staffSignedIn(request, reply, settings, COORDINATOR);
    if (!me) return reply;
    const e = await escalationById(sql, idOf(request.params));
    if (!e) return reply.code(404).send();
    const done = (request.query as { done?: unknown }).done;
    return showEscalation(reply, me, e, undefined, typeof done === 'string' ? done : undefined);
  });

  for (const [action, field, apply] of [
    ['acknowledge', 'note', acknowledgeEscalation],
    ['resolve', 'resolution', resolveEscalation],
  ] as const) {
    app.post(`/coordinator/escalations/:id/${action}`, { preHandler: app.csrfProtection }, async (request, reply) => {
      const me = staffSignedIn(request, reply, settings, COORDINATOR);
      if (!me) return reply;
      const e = await escalationById(sql, idOf(request.params));
      if (!e) return reply.code(404).send();
      const values = formFields(request.body);
      const text = (values[field] ?? '').trim();
      const problem = !text ? (action === 'acknowledge' ? 'Enter a note for the other coordinators' : 'Enter how it was resolved') : text.length > 500 ? 'Enter at most 500 characters' : hasControlCharactersBesidesLineBreaks(text) ? 'Remove the control characters' : undefined;
      if (problem) return showEscalation(reply, me, e, { values, errors: [{ field, message: problem }] });
      if (!(await apply(sql, e.id, me.email, text))) return showEscalation(reply, me, e, { values, errors: [{ field, message: 'This escalation is already resolved' }] });
      // Resolved by hand: the lead workflow hears of it, so PalEscalated shows only what is still open.
      if (action === 'resolve' && e.leadId) await tellEscalationResolved(client, e.leadId, e.kind);
      await recordAudit(sql, { actor: actorOf(me), leadId: e.leadId ?? undefined, action: `${action}d-escalation`, detail: { escalationId: e.id, kind: e.kind } });
      return reply.redirect(`/coordinator/escalations/${e.id}?done=${action}d`, 303);
    });
  }
}
