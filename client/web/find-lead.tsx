// Find a lead (representatives and coordinators): by reference, or by the consumer's name, phone number or email
// address. The search text goes in a POST body, never in a URL or a log, and the results page answers that POST.
// A found lead's page shows every item of it, its assister, status and history, and (while the lead is open) the
// staff's two actions (issue 12): Withdraw lead, and Correct contact details; each posts, goes to the lead workflow
// through client/lead-actions, and comes back to the page (post/redirect/get) with a notice, or with the error
// summary first and the reason beside its field. The audit trail keeps who did what, never the consumer's values.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { holidayCalendar } from '../../domain/business-days';
import { leadReference } from '../../domain/lead-reference';
import { classifyLeadSearch } from '../../domain/lead-search';
import { recordAudit } from '../../store/audit';
import { isWithdrawalReason, WITHDRAWAL_REASON_WORDS, WITHDRAWAL_REASONS, type ConsumerCorrection } from '../../domain/lead-rules';
import { hasControlCharacters } from '../../domain/text';
import { findLead, withdrawalOf } from '../../store/leads';
import { searchLeads, SEARCH_LIMIT, type FoundLeadRow } from '../../store/lead-search';
import { portalLead, type PortalLead } from '../../store/portal-leads';
import { consumerCorrectionSchema, correctConsumer, reassignLead, withdrawLead } from '../lead-actions';
import { staffSignedIn } from './access';
import { LeadFacts, LeadHistory, type ActionForm } from './lead-page';
import { staffThread } from './messages';
import { SentToNavigator } from './intake-page';
import { navigatorOverrideOf, type NavigatorOverride } from '../../store/navigator-overrides';
import { ReassignForm, reassignmentCandidates, reassignReturn, reassignTarget, type ReassignCandidate } from './reassign-form';
import { Confirmation, DataTable, ErrorSummary, Notice, Page, TextField, type FieldError } from './layout';
import type { WebDeps } from './plugin';
import { sendPage } from './render';
import { actorOf, formFields, type StaffSignedIn } from './session';
import { consumerName, statusWords, when } from './words';

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
            <DataTable
              caption="Leads found, newest first"
              columns={['Reference', 'Consumer', 'ZIP code', 'Created', 'Assister', 'Status']}
              rows={found.map((l) => {
                const reference = leadReference(l.referenceNumber);
                return [<a href={`/leads/${reference}`}>{reference}</a>, consumerName(l), l.zip, when(l.createdAt), l.assisterName ?? 'None yet', statusWords(l.status, 'staff')];
              })}
            />
          )}
        </>
      )}
    </Page>
  );
}

export async function findLeadRoutes(app: FastifyInstance, { sql, client, settings, routing }: WebDeps): Promise<void> {
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

  /** The lead the path names, or a 404 page (then undefined). */
  async function namedLead(request: FastifyRequest, reply: FastifyReply, me: StaffSignedIn) {
    const found = await findLead(sql, (request.params as { ref: string }).ref);
    const lead = found && !('problem' in found) ? await portalLead(sql, found.id) : undefined;
    if (!lead) void notFound(reply, me);
    return lead;
  }

  async function showLead(reply: FastifyReply, me: StaffSignedIn, lead: PortalLead, done?: string, form?: ActionForm) {
    await recordAudit(sql, { actor: actorOf(me), leadId: lead.id, action: 'viewed-lead' });
    const withdrawal = lead.status === 'withdrawn' ? await withdrawalOf(sql, lead.id) : undefined;
    // A withdrawn lead's row names no assister: the page names the one that held it.
    const assisterId = lead.assisterId ?? withdrawal?.assisterId;
    const [assister] = assisterId ? await sql<{ name: string }[]>`select name from assisters where id = ${assisterId}` : [];
    // A coordinator may reassign an open lead: the assisters of its type, closest first, with why routing skips any.
    const candidates = me.role === 'coordinator' && !lead.closedAt ? await reassignmentCandidates(sql, lead, routing) : undefined;
    const override = await navigatorOverrideOf(sql, lead.id);
    const csrf = reply.generateCsrf();
    const thread = await staffThread(sql, me, lead, csrf, done);
    return sendPage(
      reply,
      <StaffLeadPage me={me} csrf={csrf} lead={lead} holidays={holidays} assister={assister && { id: assisterId!, name: assister.name }} withdrawal={withdrawal?.reason} done={done} form={form} candidates={candidates} override={override} thread={thread} />,
      form ? 400 : 200,
    );
  }

  app.get('/leads/:ref', async (request, reply) => {
    const me = staffSignedIn(request, reply, settings, STAFF);
    if (!me) return reply;
    const lead = await namedLead(request, reply, me);
    return lead ? showLead(reply, me, lead, (request.query as { done?: string }).done) : reply;
  });

  type Body = Record<string, string | undefined>;
  /** Each action: its fields checked here, then the lead workflow's update (whose rules have the last word). */
  const actions: Record<StaffAction, { refusalField: string; check(body: Body, lead: PortalLead): { errors: FieldError[]; send?(by: string): Promise<{ done: string; detail: Record<string, unknown> }> } }> = {
    withdraw: {
      refusalField: 'withdraw-reason',
      check(b, lead) {
        const reason = b['withdraw-reason'];
        const note = b['withdraw-note']?.trim() || undefined;
        const errors: FieldError[] = [];
        if (!isWithdrawalReason(reason)) errors.push({ field: 'withdraw-reason', message: 'Select the reason for withdrawing' });
        if (note && (note.length > 500 || hasControlCharacters(note))) errors.push({ field: 'withdraw-note', message: 'Note must be one line of at most 500 characters' });
        if (errors.length || !isWithdrawalReason(reason)) return { errors };
        return {
          errors,
          send: async (by) => {
            await withdrawLead(client, lead.id, by, { reason, note });
            // The reason is one of two codes; the note is free text and stays out of the audit trail.
            return { done: 'withdraw', detail: { reason } };
          },
        };
      },
    },
    reassign: {
      refusalField: 'reassign-to',
      check(b, lead) {
        const assisterId = b['reassign-to'] || undefined;
        const reason = b['reassign-reason']?.trim() || undefined;
        const override = b['reassign-override'] === 'yes';
        const errors: FieldError[] = [];
        if (reason && (reason.length > 500 || hasControlCharacters(reason))) errors.push({ field: 'reassign-reason', message: 'Reason must be one line of at most 500 characters' });
        if (override && (!assisterId || !reason)) errors.push({ field: 'reassign-reason', message: 'To override eligibility, choose an assister and give the reason' });
        if (errors.length) return { errors };
        return {
          errors,
          send: async (by) => {
            const view = await reassignLead(client, lead.id, by, { assisterId, reason, override: override || undefined });
            return { done: 'reassign', detail: { assisterId: view.assisterId ?? null, override } };
          },
        };
      },
    },
    consumer: {
      refusalField: 'phone',
      check(b, lead) {
        const c = lead.intake.consumer;
        const typed = { phone: b.phone?.trim() ?? '', email: b.email?.trim() ?? '', zip: b.zip?.trim() ?? '' };
        // Only what changed is sent; an emptied email removes it.
        const correction: ConsumerCorrection = {
          ...(typed.phone !== c.phone && { phone: typed.phone }),
          ...(typed.email !== (c.email ?? '') && { email: typed.email || null }),
          ...(typed.zip !== c.zip && { zip: typed.zip }),
        };
        if (!Object.keys(correction).length) return { errors: [{ field: 'phone', message: 'Change the phone, email or ZIP code to correct them' }] };
        const checked = consumerCorrectionSchema.safeParse(correction);
        if (!checked.success) return { errors: checked.error.issues.map((i) => ({ field: String(i.path[0] ?? 'phone'), message: i.message })) };
        return {
          errors: [],
          send: async (by) => {
            const view = await correctConsumer(client, lead.id, by, checked.data);
            const fields = Object.keys(correction);
            return { done: view.assisterId !== lead.assisterId ? 'consumer-rerouted' : 'consumer', detail: { fields } };
          },
        };
      },
    },
  };

  /** Reassign lead's confirmation: the form's values posted again with confirm=yes; Cancel goes back where it came from. */
  function confirmReassignment(reply: FastifyReply, me: StaffSignedIn, lead: PortalLead, body: Body, assisterName: string) {
    const reference = leadReference(lead.referenceNumber);
    const back = reassignReturn(body.return);
    const override = body['reassign-override'] === 'yes';
    return sendPage(
      reply,
      <Confirmation
        person={me}
        csrf={reply.generateCsrf()}
        question={`Reassign lead ${reference} to ${body['reassign-to'] ? '' : 'the next eligible assister, '}${assisterName}?`}
        consequence={`${assisterName} gets the referral, and the assister that has the lead now is told it was withdrawn from it.${override ? " This overrides eligibility; your reason is kept in the lead's history." : ''}`}
        to={`/leads/${reference}/reassign`}
        values={{ 'reassign-to': body['reassign-to'] ?? '', 'reassign-reason': body['reassign-reason'], 'reassign-override': override ? 'yes' : undefined, return: back }}
        button="Confirm reassignment"
        cancel={back ?? `/leads/${reference}#reassign-lead`}
      />,
    );
  }

  app.post('/leads/:ref/:action', { preHandler: app.csrfProtection }, async (request, reply) => {
    const me = staffSignedIn(request, reply, settings, STAFF);
    if (!me) return reply;
    const name = (request.params as { action: string }).action;
    if (!Object.hasOwn(actions, name)) return reply.code(404).send();
    const action = actions[name as StaffAction];
    // Reassigning is the coordinators'.
    if (name === 'reassign' && me.role !== 'coordinator') return reply.code(403).send();
    const lead = await namedLead(request, reply, me);
    if (!lead) return reply;
    const body = formFields(request.body);
    // A closed lead shows no forms: its refusal stands beside its status.
    const checked = lead.closedAt ? { errors: [{ field: 'lead-status', message: 'Lead is already closed' }] } : action.check(body, lead);
    let errors: FieldError[] = checked.errors;
    // Whom it goes to, checked on both posts: an unknown assister, the lead's own, or "the next eligible assister" with
    // none eligible (which would only take the lead from its assister, and the form no longer offers) is refused.
    const target = name === 'reassign' && !errors.length ? await reassignTarget(sql, lead, body['reassign-to'] || undefined, routing) : undefined;
    if (target && 'problem' in target) errors = [{ field: 'reassign-to', message: target.problem }];
    // A valid reassignment asks first: nothing changes, and nothing is audited, until its confirmation is posted.
    if (target && 'name' in target && body.confirm !== 'yes') return confirmReassignment(reply, me, lead, body, target.name);
    let outcome: { done: string; detail: Record<string, unknown> } | undefined;
    if (!errors.length && 'send' in checked && checked.send) {
      try {
        outcome = await checked.send(actorOf(me));
      } catch (err) {
        if (!(err instanceof WorkflowUpdateFailedError)) throw err;
        errors = [{ field: action.refusalField, message: (err.cause as Error | undefined)?.message ?? 'PAL could not record this' }];
      }
    }
    // Who did what to which lead: the fields' names at most, never the consumer's values or the note.
    await recordAudit(sql, { actor: actorOf(me), leadId: lead.id, action: `${AUDIT[name as StaffAction]}${outcome ? '' : '-refused'}`, detail: outcome?.detail });
    if (!outcome) return showLead(reply, me, lead, undefined, { action: name, values: body, errors });
    // Reassigned from an escalation in the queue: back there.
    const back = name === 'reassign' ? reassignReturn(body.return) : undefined;
    return reply.redirect(back ? `${back}?done=reassigned` : `/leads/${leadReference(lead.referenceNumber)}?done=${outcome.done}`, 303);
  });
}

type StaffAction = 'withdraw' | 'consumer' | 'reassign';
const AUDIT: Record<StaffAction, string> = { withdraw: 'withdrew-lead', consumer: 'corrected-consumer', reassign: 'reassigned-lead' };

const DONE: Record<string, [string, string]> = {
  withdraw: ['Lead withdrawn', 'The lead is closed. Its assister, if it had one, is told by email not to contact the consumer.'],
  consumer: ['Contact details corrected', 'The lead keeps its assister.'],
  reassign: ['Lead reassigned', 'The new assister gets the referral; the former one is told the lead was withdrawn from it.'],
  'consumer-rerouted': ['Contact details corrected', 'The new ZIP code sent the lead to a closer assister; the former one is told it was withdrawn.'],
};

function StaffLeadPage(props: {
  me: StaffSignedIn;
  csrf: string;
  lead: PortalLead;
  holidays: ReturnType<typeof holidayCalendar>;
  assister?: { id: string; name: string };
  withdrawal?: string;
  done?: string;
  form?: ActionForm;
  /** For coordinators, on an open lead: whom it could go to. */
  candidates?: ReassignCandidate[];
  /** Sent to a navigator against the rule at intake: by whom and why (staff only). */
  override?: NavigatorOverride;
  /** The lead's messages (messages.tsx). */
  thread?: preact.ComponentChildren;
}) {
  const { me, csrf, lead, form } = props;
  const reference = leadReference(lead.referenceNumber);
  const c = lead.intake.consumer;
  const errors = form?.errors ?? [];
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  // A refused form shows what was typed; every other field shows the lead as it is.
  const value = (field: string, current?: string) => (form && Object.hasOwn(form.values, field) ? form.values[field] : current);
  const done = props.done && Object.hasOwn(DONE, props.done) ? DONE[props.done] : undefined;
  const reasonError = errorFor('withdraw-reason');
  return (
    <Page title={`Lead ${reference}`} error={errors.length > 0} person={me} csrf={csrf}>
      <ErrorSummary errors={errors} />
      {done && <Notice heading={done[0]}>{done[1]}</Notice>}
      <h1>Lead {reference}</h1>
      <p class="usa-intro" id="lead-status" tabIndex={-1}>
        Status: {statusWords(lead.status, 'staff')}
        {props.withdrawal && isWithdrawalReason(props.withdrawal) && ` (${WITHDRAWAL_REASON_WORDS[props.withdrawal].toLowerCase()})`}. Assister:{' '}
        {props.assister ? `${props.assister.name} (${props.assister.id})${props.withdrawal ? ', withdrawn from it' : ''}` : props.withdrawal ? 'none' : 'none yet'}.
      </p>
      {errorFor('lead-status') && (
        <p class="usa-error-message" id="lead-status-error">
          {errorFor('lead-status')}
        </p>
      )}
      <LeadFacts lead={lead} holidays={props.holidays} />
      {props.override && <SentToNavigator override={props.override} />}
      {!lead.closedAt && (
        <>
          <h2 id="correct-contact-details">Correct contact details</h2>
          <p>{lead.contactDate ? 'The assister has contacted the consumer: a new ZIP code does not change the assister.' : 'Before the assister contacts the consumer, a new ZIP code sends the lead to the closest assister.'}</p>
          <form class="usa-form" method="post" action={`/leads/${reference}/consumer`} novalidate>
            <input type="hidden" name="_csrf" value={csrf} />
            <TextField id="phone" label="Phone" autocomplete="off" value={value('phone', c.phone)} error={errorFor('phone')} />
            <TextField id="email" label="Email" type="email" autocomplete="off" required={false} hint="Leave empty to remove it" value={value('email', c.email ?? '')} error={errorFor('email')} />
            <TextField id="zip" label="ZIP code" autocomplete="off" value={value('zip', c.zip)} error={errorFor('zip')} />
            <button class="usa-button" type="submit">
              Correct contact details
            </button>
          </form>
          {props.candidates && <ReassignForm referenceNumber={lead.referenceNumber} csrf={csrf} candidates={props.candidates} value={value} errorFor={errorFor} />}
          <h2 id="withdraw-lead">Withdraw lead</h2>
          <p>The lead closes; its assister is told not to contact the consumer.</p>
          <form class="usa-form" method="post" action={`/leads/${reference}/withdraw`} novalidate>
            <input type="hidden" name="_csrf" value={csrf} />
            <fieldset class={`usa-fieldset usa-form-group${reasonError ? ' usa-form-group--error' : ''}`} id="withdraw-reason" tabIndex={-1} aria-describedby={reasonError ? 'withdraw-reason-error' : undefined}>
              <legend class="usa-legend">Reason for withdrawing</legend>
              {reasonError && (
                <span class="usa-error-message" id="withdraw-reason-error" role="alert">
                  {reasonError}
                </span>
              )}
              {WITHDRAWAL_REASONS.map((r) => (
                <div class="usa-radio" key={r}>
                  <input class="usa-radio__input" id={`withdraw-reason-${r}`} type="radio" name="withdraw-reason" value={r} checked={value('withdraw-reason') === r} />
                  <label class="usa-radio__label" for={`withdraw-reason-${r}`}>
                    {WITHDRAWAL_REASON_WORDS[r]}
                  </label>
                </div>
              ))}
            </fieldset>
            <TextField id="withdraw-note" label="Note" required={false} hint="Optional, one line; kept in the lead's record, never sent to the assister" value={value('withdraw-note')} error={errorFor('withdraw-note')} />
            <button class="usa-button usa-button--secondary" type="submit">
              Withdraw lead
            </button>
          </form>
        </>
      )}
      {props.thread}
      <LeadHistory lead={lead} />
      <p>
        <a href="/leads/find">Find another lead</a>
      </p>
    </Page>
  );
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
