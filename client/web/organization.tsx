// The organization's page: contact point, people and invitations, suspension, figures and audit trail. Its actions
// take the API's own paths (client/api/directory-requests.ts: the directory workflows decide, with the same rules
// for a token and a person), and only the contact point may act. Every view and action is in the audit trail.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { sendOnce } from '../../activities/outbox';
import { contactPointChangeSchema, contactPointConfirmSchema, suspensionSchema } from '../../domain/assister';
import { assisterPeriodMetrics } from '../../domain/metrics';
import { latestSentPeriod, periodContaining, type ReportPeriod } from '../../domain/report-calendar';
import { minnesotaDate } from '../../domain/time';
import { HttpError } from '../http';
import {
  approveContactPoint,
  assisterRequester,
  cancelContactPoint,
  confirmContactPoint,
  refusalStatus,
  requestAssisterChange,
  requestContactPointChange,
} from '../api/directory-requests';
import { assisterRecord } from '../../store/assisters';
import { recordAudit } from '../../store/audit';
import { assisterMetrics } from '../../store/metrics';
import { latestSuspension, organizationAuditTrail, pendingChangeView } from '../../store/portal-organization';
import { invitePerson, organizationPeople, organizationPersonEmails, removePerson, type PortalPerson } from '../../store/portal-people';
import type { ActionForm } from './lead-page';
import { Page } from './layout';
import { AUDIT_LIMIT, OrganizationPage, periodLabel, RESUMPTION_REASONS } from './organization-page';
import type { WebDeps } from './plugin';
import { sendPage } from './render';
import { signedIn } from './access';
import { portalViewer } from './portal-view';
import { actorOf, formFields, type SignedIn } from './session';

type Body = Record<string, string | undefined>;
/** What an action did (for the audit trail), or why it was refused, with the API's status for the refusal. */
type Outcome = { refused?: undefined; detail?: Record<string, unknown> } | { refused: string; status?: number };

interface OrganizationAction {
  /** The field a refusal stands beside (the section's heading for a form without one). */
  field: string;
  run(person: SignedIn, body: Body): Promise<Outcome>;
}

const resumptionSchema = z.object({ reason: z.enum(RESUMPTION_REASONS) });
const inviteSchema = z.email().max(254);

/** A refusal by the shared directory code (its HttpError) or by the change's workflow: its reason is for the person. */
function refusalOf(err: unknown): Outcome | undefined {
  if (err instanceof HttpError && err.status < 500) return { refused: err.message, status: err.status };
  if (err instanceof WorkflowUpdateFailedError) return { refused: (err.cause as Error | undefined)?.message ?? 'PAL could not do this', status: 422 };
  return undefined;
}

export async function organizationRoutes(app: FastifyInstance, { sql, mailer, settings }: WebDeps): Promise<void> {
  // The API's context (client, sql, task queue, calendar): the page's actions go where the API's go.
  const pal = app.pal;

  /** The organization's figures in the period running now and in the latest one whose report went out. */
  async function figures(assisterId: string) {
    const today = minnesotaDate(new Date());
    const running = periodContaining(pal.calendar, today);
    const reported = latestSentPeriod(pal.calendar, today);
    const periods: [ReportPeriod, boolean][] = running && running.number !== reported.number ? [[running, true], [reported, false]] : [[reported, false]];
    return Promise.all(
      periods.map(async ([period, isRunning]) => ({
        label: periodLabel(period.referralsFrom, period.referralsTo, isRunning),
        figures: (await assisterMetrics(sql, period, pal.holidays, assisterId))[0] ?? assisterPeriodMetrics(assisterId, period.number, [], 'none', pal.holidays),
      })),
    );
  }

  async function showOrganization(reply: FastifyReply, person: SignedIn, options: { form?: ActionForm; done?: string; status?: number } = {}) {
    const id = person.assisterId;
    const assister = (await assisterRecord(sql, id))!;
    const page = (
      <OrganizationPage
        person={person}
        csrf={reply.generateCsrf()}
        assister={assister}
        suspension={assister.status === 'suspended' ? await latestSuspension(sql, id) : undefined}
        change={await pendingChangeView(sql, id)}
        people={await organizationPeople(sql, id)}
        emails={await organizationPersonEmails(sql, id)}
        periods={await figures(id)}
        audit={await organizationAuditTrail(sql, id, AUDIT_LIMIT)}
        publicUrl={settings.publicUrl}
        form={options.form}
        done={options.done}
      />
    );
    return sendPage(reply, page, options.status);
  }

  app.get('/portal/organization', async (request, reply) => {
    const person = await portalViewer(request, reply, settings, sql);
    if (!person) return reply;
    await recordAudit(sql, { actor: actorOf(person), assisterId: person.assisterId, action: 'viewed-organization' });
    return showOrganization(reply, person, { done: (request.query as { done?: string }).done });
  });

  /** Tells an invited colleague where to sign in (no password: PAL emails a link each time). */
  async function sendInvitation(invited: PortalPerson, by: SignedIn) {
    if (!mailer) return;
    await sendOnce(sql, mailer, `portal-invitation/${invited.id}`, {
      to: invited.email,
      subject: 'You are invited to PAL',
      text: [
        `${by.email} invited you to use PAL, the Preferred Assister Lead program of the health insurance marketplace, for ${by.organization}.`,
        `To sign in, go to ${settings.publicUrl}/portal/sign-in and enter this email address. PAL emails you a sign-in link each time; there is no password.`,
        'If you did not expect this invitation, ignore this email.',
      ].join('\n\n'),
    }).catch(() => console.error('portal: invitation email not sent (the colleague can still sign in)'));
  }

  /** A step of a contact point change proved with a code PAL emailed; the shared step checks it against the change. */
  const codeStep = (field: string, missing: string, step: typeof confirmContactPoint): OrganizationAction => ({
    field,
    async run(person, body) {
      const typed = contactPointConfirmSchema.safeParse({ code: body[field] ?? '' });
      if (!typed.success) return { refused: missing, status: 400 };
      await step(pal, person.assisterId, typed.data.code, assisterRequester(person.assisterId));
      return {};
    },
  });

  /** A suspension or resumption the organization asks for itself, with its reason; the directory's rules decide. */
  const ownRequest = (kind: 'suspend' | 'resume', field: string, schema: z.ZodType<{ reason: string }>, missing: string): OrganizationAction => ({
    field,
    async run(person, body) {
      const details = schema.safeParse({ reason: body[field] });
      if (!details.success) return { refused: missing, status: 400 };
      const result = await requestAssisterChange(pal, kind, person.assisterId, assisterRequester(person.assisterId), details.data);
      if (!result.ok) return { refused: result.problem ?? 'Refused', status: refusalStatus(kind, result) };
      return { detail: { reason: details.data.reason, requestId: result.requestId } };
    },
  });

  const actions: Record<string, OrganizationAction> = {
    'request-contact-point-change': {
      field: 'new-contact-point',
      async run(person, body) {
        const email = (body['new-contact-point'] ?? '').trim();
        if (!contactPointChangeSchema.safeParse({ email }).success) return { refused: 'Enter the new address like name@example.org', status: 400 };
        const change = await requestContactPointChange(pal, person.assisterId, email, assisterRequester(person.assisterId));
        return { detail: { changeId: change.changeId } };
      },
    },
    'confirm-contact-point': codeStep('confirmation-code', 'Enter the confirmation code PAL emailed to the new address', confirmContactPoint),
    'approve-contact-point-change': codeStep('approval-code', 'Enter the approval code PAL emailed to the current contact point', approveContactPoint),
    'withdraw-contact-point-change': {
      field: 'contact-point',
      async run(person) {
        await cancelContactPoint(pal, person.assisterId, assisterRequester(person.assisterId));
        return {};
      },
    },
    'invite-colleague': {
      field: 'email',
      async run(person, body) {
        const email = (body.email ?? '').trim();
        if (!inviteSchema.safeParse(email).success) return { refused: 'Enter an email address like name@example.org', status: 400 };
        const invited = await invitePerson(sql, person.assisterId, email, actorOf(person));
        if ('problem' in invited) return { refused: invited.problem, status: 409 };
        await sendInvitation(invited, person);
        return { detail: { personId: invited.id } };
      },
    },
    'remove-colleague': {
      field: 'people',
      async run(person, body) {
        const personId = /^\d{1,15}$/.test(body.person ?? '') ? Number(body.person) : undefined;
        if (personId === undefined || !(await removePerson(sql, person.assisterId, personId, actorOf(person))))
          return { refused: 'That person is not a colleague at your organization, or was removed already', status: 404 };
        return { detail: { personId } };
      },
    },
    'suspend-organization': ownRequest('suspend', 'suspend-reason', suspensionSchema, 'Select the reason for suspending'),
    'resume-organization': ownRequest('resume', 'resume-reason', resumptionSchema, 'Select the reason for resuming'),
  };

  app.post('/portal/organization/:action', { preHandler: app.csrfProtection }, async (request, reply) => {
    const person = signedIn(request, reply, settings);
    if (!person) return reply;
    const name = (request.params as { action: string }).action;
    const action = Object.hasOwn(actions, name) ? actions[name] : undefined;
    if (!action) return reply.code(404).send();
    const audit = (outcome: string, detail?: Record<string, unknown>) => recordAudit(sql, { actor: actorOf(person), assisterId: person.assisterId, action: `${name}${outcome}`, detail });
    if (person.role !== 'contact-point') {
      await audit('-not-allowed');
      return sendPage(
        reply,
        <Page title="Only your contact point can do this" person={person} csrf={reply.generateCsrf()}>
          <h1>Only your contact point can do this</h1>
          <p>Nothing was changed. Your organization's contact point changes the contact point, invites and removes people, and suspends or resumes the organization.</p>
          <p>
            <a href="/portal/organization">Back to your organization</a>
          </p>
        </Page>,
        403,
      );
    }
    const body: Body = formFields(request.body);
    let outcome: Outcome;
    try {
      outcome = await action.run(person, body);
    } catch (err) {
      const refusal = refusalOf(err);
      if (!refusal) throw err;
      outcome = refusal;
    }
    if (outcome.refused !== undefined) {
      await audit('-refused');
      const form = { action: name, values: body, errors: [{ field: action.field, message: outcome.refused }] };
      return showOrganization(reply, person, { form, status: outcome.status ?? 400 });
    }
    await audit('', outcome.detail);
    return reply.redirect(`/portal/organization?done=${name}`, 303);
  });
}
