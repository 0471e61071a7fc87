// Messages about a lead between its assister's people and the coordinators (issue 12): the thread on both lead
// pages, Send message, and the coordinators' Unanswered messages. PAL keeps the text in PostgreSQL only: the email
// that announces a message (leadMessageWorkflow, retried until the mail server takes it) carries the lead's
// reference and a link, never the text; the audit trail and the logs never hold it. A thread belongs to the lead's
// current assister: once the lead is reassigned, the former assister no longer sees or writes to it (its thread
// stays for the coordinators to read).
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { leadMessageWorkflowId } from '../../contracts/messages';
import { holidayCalendar } from '../../domain/business-days';
import { leadReference } from '../../domain/lead-reference';
import { checkMessage, MESSAGE_MAX_LENGTH, unansweredBefore, type MessageSide } from '../../domain/messages';
import { recordAudit } from '../../store/audit';
import type { Sql } from '../../store/database';
import { findLead } from '../../store/leads';
import { leadMessages, postMessage, threadsWaitingSince, WAITING_LIMIT, type LeadMessage, type WaitingThread } from '../../store/messages';
import { organizationLead, portalLead, type PortalLead } from '../../store/portal-leads';
import type { leadMessageWorkflow } from '../../workflows/lead-message';
import { signedIn, staffSignedIn } from './access';
import { DataTable, ErrorSummary, Notice, Page, TextArea } from './layout';
import type { WebDeps } from './plugin';
import { sendPage } from './render';
import { actorOf, formFields, newSecret, type SignedIn, type StaffSignedIn } from './session';
import { when } from './words';

// Only coordinators write (representatives read, on the staff lead page): the thread is the assisters' line to the
// program's single point of contact (domain.md), and a coordinator's answer is what takes it off the Unanswered
// queue. A representative reads it to know what was agreed when the consumer calls back, but is not the one to answer.
const WRITERS = ['coordinator'] as const;

/** What the form's key may look like: the page puts a random one in each form it shows. */
const FORM_KEY = /^[A-Za-z0-9_-]{16,64}$/;

const SIDE_WORDS: Record<MessageSide, string> = { assister: 'From the assister', coordinator: 'From the coordinators' };

function MessageList({ messages, organization }: { messages: LeadMessage[]; organization: boolean }) {
  if (!messages.length) return <p>No messages yet.</p>;
  return (
    <ol class="usa-list usa-list--unstyled">
      {messages.map((m) => (
        <li key={m.id} class="pal-message border-left-05 border-base-lighter padding-left-2 margin-bottom-3">
          <p class="margin-y-0 text-bold">{m.side === 'coordinator' ? `Coordinator ${m.author}` : m.author}</p>
          <p class="margin-y-0">
            {m.side === 'assister' && organization ? `${SIDE_WORDS.assister}, ${m.assisterName}` : SIDE_WORDS[m.side]}, <time dateTime={m.sentAt.toISOString()}>{when(m.sentAt)}</time>
          </p>
          <p class="margin-top-1">
            {m.body.split('\n').map((line, i) => (
              <>
                {i > 0 && <br />}
                {line}
              </>
            ))}
          </p>
        </li>
      ))}
    </ol>
  );
}

interface ThreadForm {
  action: string;
  csrf: string;
  key: string;
  hint: string;
  typed?: string;
  error?: string;
}

/** The thread of the lead's current assister, the form when the viewer may write, and (for staff) former threads. */
function Thread(props: { intro: string; messages: LeadMessage[]; organization: boolean; sent?: boolean; form?: ThreadForm; cannotWrite?: string; former?: LeadMessage[] }) {
  const { form } = props;
  const former = [...new Set((props.former ?? []).map((m) => m.assisterId))];
  return (
    <section aria-labelledby="messages">
      <h2 id="messages" tabIndex={-1}>
        Messages
      </h2>
      {props.sent && <Notice heading="Message sent" />}
      <p>{props.intro}</p>
      <MessageList messages={props.messages} organization={props.organization} />
      {form ? (
        <form class="usa-form" method="post" action={form.action} novalidate>
          <input type="hidden" name="_csrf" value={form.csrf} />
          <input type="hidden" name="message-key" value={form.key} />
          <TextArea id="message" label="Message" hint={form.hint} maxLength={MESSAGE_MAX_LENGTH} value={form.typed} error={form.error} />
          <button class="usa-button" type="submit">
            Send message
          </button>
        </form>
      ) : (
        props.cannotWrite && <p>{props.cannotWrite}</p>
      )}
      {former.map((assisterId) => {
        const thread = props.former!.filter((m) => m.assisterId === assisterId);
        return (
          <>
            <h3>Earlier messages with {thread[0]!.assisterName}, no longer this lead's assister</h3>
            <MessageList messages={thread} organization={props.organization} />
          </>
        );
      })}
    </section>
  );
}

/** The form as shown: a new key for a new message, or the refused one's key and text (the same message, not sent yet). */
const threadForm = (action: string, csrf: string, hint: string, refused?: Refusal): ThreadForm => ({ action, csrf, hint, key: refused?.key ?? newSecret(18), typed: refused?.text, error: refused?.problem });

const ASSISTER_INTRO = "Write to the marketplace's coordinators about this lead. They are told by email with a link to this page; the email never carries the message.";
const ASSISTER_HINT = `Plain text, at most ${MESSAGE_MAX_LENGTH.toLocaleString('en-US')} characters. Your organization and the marketplace's coordinators and contact-center representatives read it.`;
// Its messages went with the consumer's details (README "Records and retention"), and none may be added.
const PURGED = "This lead's consumer details and messages were removed under PAL's retention policy: no more messages.";
const STAFF_INTRO = "Between the lead's assister and the coordinators. The other side is told by email with a link to the lead's page; the email never carries the message.";
const STAFF_HINT = `Plain text, at most ${MESSAGE_MAX_LENGTH.toLocaleString('en-US')} characters. Only the lead's assister and marketplace staff read it.`;

/** The thread on the assister's lead page; viewing a thread with messages is audited, like the lead itself. */
export async function portalThread(sql: Sql, person: SignedIn, lead: PortalLead, csrf: string, done?: string, typed?: Refusal) {
  const messages = await leadMessages(sql, lead.id, person.assisterId);
  if (messages.length) await recordAudit(sql, { actor: actorOf(person), assisterId: person.assisterId, leadId: lead.id, action: 'viewed-messages', detail: { count: messages.length } });
  const action = `/portal/leads/${leadReference(lead.referenceNumber)}/messages`;
  return (
    <Thread
      intro={ASSISTER_INTRO}
      messages={messages}
      organization={false}
      sent={done === 'message'}
      // A coordinator viewing the organization's pages read-only (portal-view.ts) answers from the staff lead page.
      form={('viewedBy' in person && person.viewedBy) || lead.purgedAt ? undefined : threadForm(action, csrf, ASSISTER_HINT, typed)}
      cannotWrite={lead.purgedAt ? PURGED : 'Read-only: coordinators answer on the staff lead page.'}
    />
  );
}

/** The thread on the staff lead page: every thread of the lead; coordinators write to the current assister's. */
export async function staffThread(sql: Sql, me: StaffSignedIn, lead: PortalLead, csrf: string, done?: string, typed?: Refusal) {
  const messages = await leadMessages(sql, lead.id);
  if (messages.length) await recordAudit(sql, { actor: actorOf(me), leadId: lead.id, action: 'viewed-messages', detail: { count: messages.length } });
  const current = messages.filter((m) => m.assisterId === lead.assisterId);
  const writable = me.role === 'coordinator' && lead.assisterId !== null && !lead.purgedAt;
  return (
    <Thread
      intro={STAFF_INTRO}
      messages={current}
      former={messages.filter((m) => m.assisterId !== lead.assisterId)}
      organization={true}
      sent={done === 'message'}
      form={writable ? threadForm(`/leads/${leadReference(lead.referenceNumber)}/messages`, csrf, STAFF_HINT, typed) : undefined}
      cannotWrite={lead.purgedAt ? PURGED : lead.assisterId === null ? 'This lead has no assister to write to.' : 'Coordinators answer messages; representatives can read them.'}
    />
  );
}

/** The coordinators' queue's section: threads unanswered for a business day, oldest first. */
export function UnansweredMessages({ threads, age }: { threads: WaitingThread[]; age(since: Date): string }) {
  return (
    <>
      <h2 id="unanswered-messages">Unanswered messages</h2>
      {threads.length === 0 ? (
        <p>No unanswered messages.</p>
      ) : (
        <DataTable
          caption={`${threads.length === WAITING_LIMIT ? `The ${WAITING_LIMIT} oldest threads` : `${threads.length} thread${threads.length === 1 ? '' : 's'}`} without a coordinator's answer for a business day, oldest first`}
          columns={['Lead', 'Assister', 'Waiting for']}
          rows={threads.map((t) => {
            const reference = leadReference(t.referenceNumber);
            return [<a href={`/leads/${reference}#messages`}>{reference}</a>, t.assisterName, age(t.since)];
          })}
        />
      )}
    </>
  );
}

const holidays = holidayCalendar();

/** The threads unanswered now (domain/messages.ts), oldest first. */
export const unansweredThreads = (sql: Sql, now = new Date()) => threadsWaitingSince(sql, unansweredBefore(now, holidays));

/** A page of the thread alone: a refused message comes back here, its reason beside the field and the text kept. */
function refused(reply: FastifyReply, who: SignedIn | StaffSignedIn, reference: string, leadHref: string, csrf: string, error: string, thread: ComponentChildren) {
  return sendPage(
    reply,
    <Page title={`Messages about lead ${reference}`} error person={who} csrf={csrf}>
      <ErrorSummary errors={[{ field: 'message', message: error }]} />
      <h1>Messages about lead {reference}</h1>
      {thread}
      <p>
        <a href={leadHref}>Back to lead {reference}</a>
      </p>
    </Page>,
    400,
  );
}

type Refusal = { problem: string; key: string; text: string };

export async function messageRoutes(app: FastifyInstance, { sql, client, settings }: WebDeps): Promise<void> {
  /** Checks and posts the message: the message posted (or found again, for a retried form), or why not. */
  async function send(request: FastifyRequest, side: MessageSide, lead: { id: string; assisterId: string }, author: { personId?: number; staffId?: number }): Promise<{ posted: { id: number; created: boolean; leadId: string } } | Refusal> {
    const body = formFields(request.body);
    const text = body.message ?? '';
    const key = body['message-key'] ?? '';
    if (!FORM_KEY.test(key)) return { problem: 'This form has expired: send the message again', key: newSecret(18), text };
    const checked = checkMessage(text);
    if ('problem' in checked) return { problem: checked.problem, key, text };
    const posted = await postMessage(sql, { leadId: lead.id, assisterId: lead.assisterId, side, ...author, body: checked.text, formKey: key });
    if (posted === 'not-current') return { problem: 'This lead is no longer with that assister: nothing was sent', key, text };
    if (posted === 'key-used') return { problem: 'This form was already used: send the message again', key: newSecret(18), text };
    return { posted: { ...posted, leadId: lead.id } };
  }

  /**
   * Starts the workflow that emails the other side, retried until the mail server takes it: the request never waits
   * for SMTP. Once per message: the workflow id and the outbox key name the message (by its lead's id and its number).
   */
  async function announce(leadId: string, messageId: number) {
    try {
      await client.workflow.start<typeof leadMessageWorkflow>('leadMessageWorkflow', {
        taskQueue: app.pal.taskQueue,
        workflowId: leadMessageWorkflowId(leadId, messageId),
        args: [{ messageId }],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  /**
   * Sent: audited (by the message's id, never its text; a retried form's message only once), announced, and back
   * to the lead page's thread (post/redirect/get). Refused: audited, and the thread alone with the reason beside
   * the field.
   */
  async function conclude(
    reply: FastifyReply,
    who: SignedIn | StaffSignedIn,
    reference: string,
    leadHref: string,
    outcome: Awaited<ReturnType<typeof send>>,
    audit: (action: string, detail?: Record<string, unknown>) => Promise<void>,
    thread: (csrf: string, refusal: Refusal) => Promise<ComponentChildren>,
  ) {
    if ('posted' in outcome) {
      if (outcome.posted.created) await audit('sent-message', { messageId: outcome.posted.id });
      // Also for a retried form: a start that failed the first time (Temporal unreachable) is made good now.
      await announce(outcome.posted.leadId, outcome.posted.id);
      return reply.redirect(`${leadHref}?done=message#messages`, 303);
    }
    await audit('sent-message-refused');
    const csrf = reply.generateCsrf();
    return refused(reply, who, reference, leadHref, csrf, outcome.problem, await thread(csrf, outcome));
  }

  app.post('/portal/leads/:ref/messages', { preHandler: app.csrfProtection }, async (request, reply) => {
    const person = signedIn(request, reply, settings);
    if (!person) return reply;
    const found = await findLead(sql, (request.params as { ref: string }).ref);
    if (!found || 'problem' in found || found.assisterId !== person.assisterId) {
      // Another organization's lead, or one reassigned away: logged and audited by ids only, as the lead page does.
      if (found && !('problem' in found)) {
        console.warn(`portal: person ${person.id} of ${person.assisterId} wrote to lead ${found.id} of another organization`);
        await recordAudit(sql, { actor: actorOf(person), assisterId: person.assisterId, action: 'refused-other-organizations-lead' });
      }
      return notFound(reply, person, '/portal');
    }
    const audit = (action: string, detail?: Record<string, unknown>) => recordAudit(sql, { actor: actorOf(person), assisterId: person.assisterId, leadId: found.id, action, detail });
    const leadHref = `/portal/leads/${found.reference}`;
    const outcome = await send(request, 'assister', { id: found.id, assisterId: person.assisterId }, { personId: person.id });
    return conclude(reply, person, found.reference, leadHref, outcome, audit, async (csrf, refusal) => {
      const lead = await organizationLead(sql, found.id, person.assisterId);
      return lead && portalThread(sql, person, lead, csrf, undefined, refusal);
    });
  });

  app.post('/leads/:ref/messages', { preHandler: app.csrfProtection }, async (request, reply) => {
    const me = staffSignedIn(request, reply, settings, WRITERS);
    if (!me) return reply;
    const found = await findLead(sql, (request.params as { ref: string }).ref);
    if (!found || 'problem' in found) return notFound(reply, me, '/leads/find');
    const audit = (action: string, detail?: Record<string, unknown>) => recordAudit(sql, { actor: actorOf(me), leadId: found.id, action, detail });
    const leadHref = `/leads/${found.reference}`;
    const outcome: Awaited<ReturnType<typeof send>> = found.assisterId
      ? await send(request, 'coordinator', { id: found.id, assisterId: found.assisterId }, { staffId: me.id })
      : { problem: 'This lead has no assister to write to', key: newSecret(18), text: formFields(request.body).message ?? '' };
    return conclude(reply, me, found.reference, leadHref, outcome, audit, async (csrf, refusal) => {
      const lead = await portalLead(sql, found.id);
      return lead && staffThread(sql, me, lead, csrf, undefined, refusal);
    });
  });
}

function notFound(reply: FastifyReply, who: SignedIn | StaffSignedIn, back: string) {
  return sendPage(
    reply,
    <Page title="Lead not found" person={who} csrf={reply.generateCsrf()}>
      <h1>Lead not found</h1>
      <p>
        {'organization' in who ? 'Your organization has no lead with this reference.' : 'No lead has this reference.'} <a href={back}>Back</a>
      </p>
    </Page>,
    404,
  );
}
