// The assister portal: the organization's leads, and one lead with every item of it and a form per action.
// Pages read PostgreSQL; actions go to the lead workflow as updates (its rules decide, and its refusal is shown
// beside the field). Every view of a lead's consumer data and every action is in the audit trail.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { holidayCalendar } from '../../domain/business-days';
import { calendarDateSchema } from '../../domain/date-schema';
import { leadReference } from '../../domain/lead-reference';
import { hasControlCharacters, hasControlCharactersBesidesLineBreaks } from '../../domain/text';
import { isResolution } from '../../domain/resolutions';
import { reportOnLead, type AssisterAction } from '../lead-actions';
import { recordAudit } from '../../store/audit';
import { findLead } from '../../store/leads';
import { organizationLead, organizationLeads, PORTAL_PAGE_SIZE } from '../../store/portal-leads';
import { LeadPage, type ActionForm } from './lead-page';
import { portalThread } from './messages';
import { DataTable, Page } from './layout';
import type { WebDeps } from './plugin';
import { sendPage } from './render';
import { signedIn } from './access';
import { portalViewer } from './portal-view';
import { actorOf, formFields, type SignedIn } from './session';
import { consumerName, statusWords, when } from './words';

export function portalRoutes(app: FastifyInstance, { sql, client, settings }: WebDeps): void {
  const holidays = holidayCalendar();

  app.get('/portal', async (request, reply) => {
    const person = await portalViewer(request, reply, settings, sql);
    if (!person) return reply;
    const query = request.query as { show?: string; page?: string };
    const show = query.show === 'closed' ? 'closed' : 'open';
    const page = Math.max(1, Math.min(10_000, Number.parseInt(query.page ?? '1', 10) || 1));
    const { rows, total } = await organizationLeads(sql, person.assisterId, show, page);
    const pages = Math.max(1, Math.ceil(total / PORTAL_PAGE_SIZE));
    const now = new Date();
    await recordAudit(sql, { actor: actorOf(person), assisterId: person.assisterId, action: 'viewed-leads', detail: { show, page } });
    return sendPage(
      reply,
      <Page title="Your leads" person={person} csrf={reply.generateCsrf()}>
        <h1>Your leads</h1>
        <p>
          {show === 'open' ? (
            <>
              Open leads, the most urgent first. <a href="/portal?show=closed">Show closed leads</a>
            </>
          ) : (
            <>
              Closed leads, the most recent first. <a href="/portal">Show open leads</a>
            </>
          )}
        </p>
        {rows.length === 0 ? (
          <p>{show === 'open' ? 'Your organization has no open leads.' : 'Your organization has no closed leads.'}</p>
        ) : (
          <DataTable
            caption={`${total} ${show} lead${total === 1 ? '' : 's'}${pages > 1 ? `, page ${page} of ${pages}` : ''}`}
            columns={['Reference', 'Consumer', 'Received', 'Contact deadline', 'Status', 'Due next']}
            rows={rows.map((l) => {
              const overdue = !l.closed && !l.contactDate && l.contactDeadlineAt !== null && l.contactDeadlineAt < now;
              const reference = leadReference(l.referenceNumber);
              return [
                <a href={`/portal/leads/${reference}`}>{reference}</a>,
                consumerName(l),
                l.referredAt ? when(l.referredAt) : '—',
                <>
                  {l.contactDeadlineAt ? when(l.contactDeadlineAt) : '—'}
                  {overdue && <strong class="pal-overdue"> Overdue</strong>}
                </>,
                statusWords(l.status, 'assister'),
                l.closed ? 'Nothing' : !l.contactDate ? 'Record contact' : !l.appointmentDate ? 'Record appointment' : 'Record resolution',
              ];
            })}
          />
        )}
        {pages > 1 && (
          <nav aria-label="Pages of leads" class="usa-pagination">
            <ul class="usa-pagination__list">
              {page > 1 && (
                <li class="usa-pagination__item">
                  <a class="usa-pagination__link" href={`/portal?show=${show}&page=${page - 1}`}>
                    Previous page
                  </a>
                </li>
              )}
              {page < pages && (
                <li class="usa-pagination__item">
                  <a class="usa-pagination__link" href={`/portal?show=${show}&page=${page + 1}`}>
                    Next page
                  </a>
                </li>
              )}
            </ul>
          </nav>
        )}
      </Page>,
    );
  });

  /** The lead named in the path, if it is this organization's; another's (or none) shows a page with no data. */
  async function ownLead(request: FastifyRequest, reply: FastifyReply, person: SignedIn) {
    const typed = (request.params as { ref: string }).ref;
    const found = await findLead(sql, typed);
    const lead = found && !('problem' in found) && found.assisterId === person.assisterId ? await organizationLead(sql, found.id, person.assisterId) : undefined;
    if (!lead) {
      if (found && !('problem' in found)) {
        // Logged and audited by ids only; the organization's trail does not name the other organization's lead.
        console.warn(`portal: person ${person.id} of ${person.assisterId} asked for lead ${found.id} of another organization`);
        await recordAudit(sql, { actor: actorOf(person), assisterId: person.assisterId, action: 'refused-other-organizations-lead' });
      }
      void sendPage(
        reply,
        <Page title="Lead not found" person={person} csrf={reply.generateCsrf()}>
          <h1>Lead not found</h1>
          <p>
            Your organization has no lead with this reference. <a href="/portal">Back to your leads</a>
          </p>
        </Page>,
        404,
      );
    }
    return lead;
  }

  async function showLead(request: FastifyRequest, reply: FastifyReply, person: SignedIn, form?: ActionForm, status = 200) {
    const lead = await ownLead(request, reply, person);
    if (!lead) return reply;
    await recordAudit(sql, { actor: actorOf(person), assisterId: person.assisterId, leadId: lead.id, action: 'viewed-lead' });
    const done = (request.query as { done?: string }).done;
    const csrf = reply.generateCsrf();
    const thread = await portalThread(sql, person, lead, csrf, done);
    return sendPage(reply, <LeadPage lead={lead} person={person} csrf={csrf} holidays={holidays} form={form} done={done} thread={thread} />, status);
  }

  app.get('/portal/leads/:ref', async (request, reply) => {
    const person = await portalViewer(request, reply, settings, sql);
    return person ? showLead(request, reply, person) : reply;
  });

  type Body = Record<string, string | undefined>;
  /** Each action: its form's fields checked here, then the lead workflow's update, whose rules have the last word. */
  const actions: Record<AssisterAction, { check(body: Body): ActionForm['errors']; send(leadId: string, assisterId: string, body: Body): Promise<unknown> }> = {
    contact: {
      check: (b) => dateProblem(b['contact-date'], 'contact-date', 'Contact date'),
      send: (leadId, assisterId, b) => reportOnLead(client, leadId, assisterId, 'contact', { contactDate: b['contact-date']! }),
    },
    appointment: {
      check: (b) => dateProblem(b['appointment-date'], 'appointment-date', 'Appointment date'),
      send: (leadId, assisterId, b) => reportOnLead(client, leadId, assisterId, 'appointment', { appointmentDate: b['appointment-date']! }),
    },
    resolution: {
      check: (b) => [
        ...(b['contact-made'] === 'yes' || b['contact-made'] === 'no' ? [] : [{ field: 'contact-made', message: 'Select whether contact was made' }]),
        ...(b['contact-made'] === 'yes' && b['resolution-contact-date'] ? dateProblem(b['resolution-contact-date'], 'resolution-contact-date', 'Date of contact') : []),
        ...(isResolution(b.resolution ?? '') ? [] : [{ field: 'resolution', message: 'Select a resolution' }]),
        ...((b.comment ?? '').length > 2000 ? [{ field: 'comment', message: 'Comment must be at most 2000 characters' }] : []),
        ...(hasControlCharactersBesidesLineBreaks(b.comment ?? '') ? [{ field: 'comment', message: 'Comment must not contain control characters' }] : []),
      ],
      send: (leadId, assisterId, b) =>
        reportOnLead(client, leadId, assisterId, 'resolution', {
          contactMade: b['contact-made'] === 'yes',
          contactDate: b['resolution-contact-date'] || undefined,
          resolution: b.resolution!,
          comment: b.comment?.trim() || undefined,
        }),
    },
    decline: {
      check: (b) =>
        !b['decline-reason']?.trim()
          ? [{ field: 'decline-reason', message: 'Enter the reason for declining' }]
          : b['decline-reason'].length > 500 || hasControlCharacters(b['decline-reason'])
            ? [{ field: 'decline-reason', message: 'Reason for declining must be one line of at most 500 characters' }]
            : [],
      send: (leadId, assisterId, b) => reportOnLead(client, leadId, assisterId, 'decline', { reason: b['decline-reason']!.trim() }),
    },
  };

  // The field a workflow refusal belongs to, so its message stands beside it.
  const refusalField: Record<AssisterAction, string> = { contact: 'contact-date', appointment: 'appointment-date', resolution: 'resolution', decline: 'decline-reason' };

  app.post('/portal/leads/:ref/:action', { preHandler: app.csrfProtection }, async (request, reply) => {
    const person = signedIn(request, reply, settings);
    if (!person) return reply;
    const name = (request.params as { action: string }).action;
    const action = Object.hasOwn(actions, name) ? actions[name as AssisterAction] : undefined;
    if (!action) return reply.code(404).send();
    const lead = await ownLead(request, reply, person);
    if (!lead) return reply;
    const body = formFields(request.body);
    let errors = action.check(body);
    if (!errors.length) {
      try {
        await action.send(lead.id, person.assisterId, body);
      } catch (err) {
        if (!(err instanceof WorkflowUpdateFailedError)) throw err;
        errors = [{ field: refusalField[name as AssisterAction], message: (err.cause as Error | undefined)?.message ?? 'PAL could not record this' }];
      }
    }
    await recordAudit(sql, { actor: actorOf(person), assisterId: person.assisterId, leadId: lead.id, action: `${name}${errors.length ? '-refused' : ''}` });
    if (errors.length) return showLead(request, reply, person, { action: name, values: body, errors }, 400);
    return reply.redirect(`/portal/leads/${leadReference(lead.referenceNumber)}?done=${name}`, 303);
  });
}

function dateProblem(value: string | undefined, field: string, label: string) {
  return calendarDateSchema(label).safeParse(value ?? '').success ? [] : [{ field, message: `Enter the ${label.toLowerCase()} as a date, for example 2026-11-25` }];
}
