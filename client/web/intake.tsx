// The representative's intake: the lead form, routing preview, duplicate check, and Lead created. The lead's own
// validation (domain/lead.ts, the API's) decides what is refused; routing and creation take the API's paths
// (POST /api/route's route(), client/api/intake.ts startLead). Every view and action is in the audit trail, by the
// staff member and lead ids, never the consumer's data; nothing of the consumer goes in a URL.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DETERMINATIONS, validateLead, type FieldProblem } from '../../domain/lead';
import { route, routingFactsOf } from '../../domain/routing';
import { startLead } from '../api/intake';
import { assisterRecord, routableAssisters } from '../../store/assisters';
import { recordAudit } from '../../store/audit';
import { createdLead } from '../../store/created-leads';
import { openLeadsOfConsumer } from '../../store/duplicates';
import { findLead } from '../../store/leads';
import { navigatorOverrideOf } from '../../store/navigator-overrides';
import { staffSignedIn } from './access';
import { IntakePage, LeadCreatedPage, skippedCloser, YES_NO, type FormValues, type IntakeProps } from './intake-page';
import { Page, type FieldError } from './layout';
import type { WebDeps } from './plugin';
import { sendPage } from './render';
import { actorOf, formFields, type StaffSignedIn } from './session';

const STAFF = ['contact-center', 'coordinator'] as const;

/** The form's field for each item of the lead (a problem's path, its first part for a list). */
const FIELD_OF: Record<string, string> = {
  'consumer.firstName': 'first-name',
  'consumer.lastName': 'last-name',
  'consumer.phone': 'phone',
  'consumer.email': 'email',
  'consumer.zip': 'zip',
  'consumer.preferredLanguage': 'preferred-language',
  'account.active': 'account-active',
  'account.userLogin': 'user-login',
  'application.active': 'application-active',
  determinations: 'determinations',
  reasonForHelp: 'reason-for-help',
  planSelectionHelp: 'plan-selection-help',
  guidanceProvided: 'guidance-provided',
  consentToShare: 'consent-to-share',
  workingWithAssister: 'working-with-assister',
  navigatorOverride: 'navigator-override',
  'navigatorOverride.reason': 'navigator-reason',
};
const FORM_ORDER = Object.values(FIELD_OF);

const yesNo = (v: string | undefined) => (v === 'yes' ? true : v === 'no' ? false : undefined);
const optional = (v: string | undefined) => v?.trim() || undefined;
/** The form's request id: a UUID the page made, so that the same form sent twice is one lead. */
const requestIdOf = (v: string | undefined) => (v && /^[0-9a-f-]{36}$/.test(v) ? v : randomUUID());

/** The lead as the API takes it, from the form; what is left out is for validateLead to name. */
function leadOf(f: FormValues, requestId: string, staff: StaffSignedIn) {
  return {
    requestId: `intake-${requestId}`,
    consumer: {
      firstName: f['first-name'] ?? '',
      lastName: f['last-name'] ?? '',
      phone: f.phone ?? '',
      email: optional(f.email),
      zip: f.zip?.trim() ?? '',
      preferredLanguage: optional(f['preferred-language']),
    },
    account: { active: yesNo(f['account-active']), userLogin: optional(f['user-login']) },
    application: { active: yesNo(f['application-active']) },
    determinations: DETERMINATIONS.filter((d) => f[`determination-${d}`] === 'yes'),
    reasonForHelp: f['reason-for-help'] ?? '',
    planSelectionHelp: yesNo(f['plan-selection-help']),
    guidanceProvided: f['guidance-provided'] ?? '',
    consentToShare: yesNo(f['consent-to-share']),
    workingWithAssister: yesNo(f['working-with-assister']),
    createdBy: actorOf(staff),
    // The reason counts only when the choice is made; it is required then.
    ...(f['navigator-override'] === 'yes' && { navigatorOverride: { reason: f['navigator-reason'] ?? '' } }),
  };
}

/** The lead's problems beside the form's fields, in the form's order, one per field; an unanswered question asks for an answer. */
function fieldErrors(problems: FieldProblem[], f: FormValues): FieldError[] {
  const errors = new Map<string, string>();
  for (const p of problems) {
    const field = FIELD_OF[p.field] ?? FIELD_OF[p.field.split('.')[0]!] ?? 'first-name';
    const unanswered = Object.hasOwn(YES_NO, field) && yesNo(f[field]) === undefined;
    if (!errors.has(field)) errors.set(field, unanswered ? YES_NO[field as keyof typeof YES_NO][1] : p.message);
  }
  return [...errors].map(([field, message]) => ({ field, message })).sort((a, b) => FORM_ORDER.indexOf(a.field) - FORM_ORDER.indexOf(b.field));
}

export async function intakeRoutes(app: FastifyInstance, { sql, settings, routing }: WebDeps): Promise<void> {
  const audit = (staff: StaffSignedIn, action: string, more: { leadId?: string; detail?: Record<string, unknown> } = {}) => recordAudit(sql, { actor: actorOf(staff), action, ...more });
  const show = (reply: FastifyReply, staff: StaffSignedIn, props: Omit<IntakeProps, 'staff' | 'csrf'>, status = 200) =>
    sendPage(reply, <IntakePage staff={staff} csrf={reply.generateCsrf()} {...props} />, status);

  app.get('/intake', async (request, reply) => {
    const staff = staffSignedIn(request, reply, settings, STAFF);
    if (!staff) return reply;
    await audit(staff, 'viewed-intake');
    return show(reply, staff, { requestId: randomUUID() });
  });

  app.post('/intake', { preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = staffSignedIn(request, reply, settings, STAFF);
    if (!staff) return reply;
    const values = formFields(request.body);
    const requestId = requestIdOf(values['request-id']);
    const validation = validateLead(leadOf(values, requestId, staff));
    if (!validation.ok) {
      const errors = fieldErrors(validation.problems, values);
      await audit(staff, 'intake-refused', { detail: { fields: errors.map((e) => e.field) } });
      return show(reply, staff, { requestId, values, errors }, 400);
    }
    const { lead } = validation;
    const duplicates = await openLeadsOfConsumer(sql, lead.consumer, lead.requestId);
    const duplicateIds = duplicates.map((d) => d.leadId);

    if (values.intent !== 'create') {
      // The decision POST /api/route answers: nothing is created or recorded but the audit event.
      const decision = route(routingFactsOf(lead), await routableAssisters(sql), [], routing);
      const shown = [...skippedCloser(decision).map((c) => c.assisterId), ...(decision.assisterId ? [decision.assisterId] : [])];
      const names = Object.fromEntries(await Promise.all(shown.map(async (id) => [id, (await assisterRecord(sql, id))?.name ?? id])));
      await audit(staff, 'previewed-routing', { detail: { rule: decision.rule, assisterId: decision.assisterId ?? null, duplicates: duplicateIds } });
      return show(reply, staff, { requestId, values, preview: { decision, names }, duplicates });
    }

    if (duplicates.length && values['create-anyway'] !== 'yes') {
      await audit(staff, 'intake-held-duplicate', { detail: { duplicates: duplicateIds } });
      const message = 'This consumer may already have an open lead: check Create it anyway to create another';
      return show(reply, staff, { requestId, values, duplicates, errors: [{ field: 'create-anyway', message }] }, 409);
    }
    const { created, lead: view } = await startLead(app.pal, lead);
    // The override is audited as a fact; its reason is free text and stays with the lead.
    const detail = { ...(duplicates.length && { duplicatesConfirmed: duplicateIds }), ...(lead.navigatorOverride && { navigatorOverride: true }) };
    await audit(staff, created ? 'created-lead' : 'intake-sent-again', { leadId: view.leadId, detail });
    return reply.redirect(`/intake/leads/${view.reference}${created ? '' : '?again=1'}`, 303);
  });

  app.get('/intake/leads/:ref', async (request, reply) => {
    const staff = staffSignedIn(request, reply, settings, STAFF);
    if (!staff) return reply;
    const found = await findLead(sql, (request.params as { ref: string }).ref);
    const lead = found && !('problem' in found) ? await createdLead(sql, found.id) : undefined;
    if (!found || 'problem' in found || !lead) {
      return sendPage(
        reply,
        <Page title="Lead not found" person={staff} csrf={reply.generateCsrf()}>
          <h1>Lead not found</h1>
          <p>
            There is no lead with this reference. <a href="/intake">Start a new intake</a>
          </p>
        </Page>,
        404,
      );
    }
    await audit(staff, 'viewed-lead-created', { leadId: found.id });
    const repeated = (request.query as { again?: string }).again === '1';
    const override = await navigatorOverrideOf(sql, found.id);
    return sendPage(reply, <LeadCreatedPage staff={staff} csrf={reply.generateCsrf()} reference={found.reference} lead={lead} repeated={repeated} override={override} />);
  });
}
