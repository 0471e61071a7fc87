// Leads: intake (the contact center), the routing decision without a lead, a lead's status, and what its assister
// reports (contact, appointment, resolution, decline), the coordinator decides (reassign) or staff correct (withdraw,
// the consumer's contact details), as updates of the lead's workflow. The workflow's refusal of an update is a 422 with its reason. `:id` is the lead's reference
// (domain/lead-reference) or its id; one resolver finds the lead for every route, and every answer names both.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { leadSchema, validateLead } from '../../../domain/lead';
import { appointmentReportSchema, contactReportSchema, declineSchema, reassignSchema, resolutionReportSchema } from '../../../domain/outcome-schemas';
import { route, routingFactsOf } from '../../../domain/routing';
import { leadWorkflowId, statusQuery, type LeadStatusView } from '../../../contracts/lead';
import { assisterRecord, routableAssisters } from '../../../store/assisters';
import { findLead, type FoundLead } from '../../../store/leads';
import { HttpError } from '../../http';
import { consumerCorrectionSchema, correctConsumer, reassignLead, reportOnLead, withdrawalSchema, withdrawLead } from '../../lead-actions';
import { startLead } from '../intake';
import { leadStatusSchema, refusals, routingDecisionSchema } from '../schemas';

const lead = '/leads/:id(^[0-9A-Za-z-]{1,40}$)';
const STAFF_ACTOR = 'staff:';
const params = z.object({ id: z.string().describe('The lead reference (8 characters, e.g. S1ARMV16; case, hyphens and I/L/O for 1/1/0 do not matter) or the lead id (a UUID)') });
const tags = ['leads'];

declare module 'fastify' {
  interface FastifyRequest {
    /** The lead a `/leads/:id…` route names, found by its reference or id before the handler runs. */
    lead: FoundLead;
  }
}

/** A refused lead, in the words intake always used: every problem by field, "(lead)" for the whole. */
const leadRefusal = (body: unknown) => {
  const validation = validateLead(body);
  return new HttpError(400, 'The lead is not valid', validation.ok ? [] : validation.problems);
};

export const leadRoutes: FastifyPluginAsyncZod = async (app) => {
  const { sql, client } = app.pal;
  app.decorateRequest('lead');

  /**
   * The lead named by `:id` (reference or id) must exist; an assister may act only on its own leads (a refusal is
   * logged with ids only). A reference with a typo is a 404 that says so.
   */
  const leadAccess = (action: string) => async (request: FastifyRequest) => {
    const found = await findLead(sql, (request.params as { id: string }).id);
    if (!found) throw new HttpError(404, 'Lead not found');
    if ('problem' in found) throw new HttpError(404, `Lead not found: ${found.problem}`);
    const { identity } = request;
    if (identity.role === 'assister' && found.assisterId !== identity.assisterId) {
      console.warn(`api: refused ${action} on lead ${found.id} for assister ${identity.assisterId} (not its lead)`);
      throw new HttpError(403, 'This lead is not assigned to you');
    }
    request.lead = found;
  };
  const handleOf = (request: FastifyRequest) => client.workflow.getHandle(leadWorkflowId(request.lead.id));
  /** The lead workflow's answer, with the reference people use. */
  const named = async (request: FastifyRequest, view: Promise<LeadStatusView>) => ({ ...(await view), reference: request.lead.reference });
  const assisterOf = (request: FastifyRequest) => (request.identity as { assisterId: string }).assisterId;

  app.post(
    '/leads',
    {
      config: { who: ['contact-center', 'coordinator'], refusal: leadRefusal },
      schema: {
        tags,
        summary: 'Create a lead',
        description: 'Validated, recorded, routed and emailed to its assister; answers once routed. The same `requestId` returns the same lead.',
        body: leadSchema,
        response: { 200: leadStatusSchema.describe('A repeated requestId: the lead already created'), 201: leadStatusSchema, ...refusals([400, 401, 403, 413]) },
      },
    },
    async (request, reply) => {
      // `staff:<id>` names a PAL staff account; only PAL's own pages set it, from the signed-in staff member.
      if (request.body.createdBy.startsWith(STAFF_ACTOR))
        throw new HttpError(400, 'The lead is not valid', [{ field: 'createdBy', message: `Created by may not begin with "${STAFF_ACTOR}": that names a PAL staff account` }]);
      const { created, lead } = await startLead(app.pal, request.body);
      return reply.code(created ? 201 : 200).send(lead);
    },
  );

  app.post(
    '/route',
    {
      config: { who: ['contact-center', 'coordinator'], refusal: leadRefusal },
      schema: { tags, summary: 'The routing decision for a lead, creating nothing', body: leadSchema, response: { 200: routingDecisionSchema, ...refusals([400, 401, 403, 413]) } },
    },
    async (request) => route(routingFactsOf(request.body), await routableAssisters(sql), [], app.pal.routing),
  );

  app.get(
    lead,
    {
      config: { who: ['coordinator', 'contact-center', 'lead-assister'] },
      onRequest: leadAccess('status'),
      schema: { tags, summary: "The lead's status (no consumer data)", params, response: { 200: leadStatusSchema, ...refusals([401, 403, 404]) } },
    },
    async (request) => named(request, handleOf(request).query(statusQuery)),
  );

  const byItsAssister = <B extends z.ZodType>(action: string, summary: string, body: B) => ({
    config: { who: ['lead-assister'] as const },
    onRequest: leadAccess(action),
    schema: { tags, summary, params, body, response: { 200: leadStatusSchema, ...refusals([400, 401, 403, 404, 413, 422], { 422: 'The lead refused it: the reason says why' }) } },
  });

  app.post(`${lead}/contact`, byItsAssister('contact', 'Contact made', contactReportSchema), async (request) =>
    named(request, reportOnLead(client, request.lead.id, assisterOf(request), 'contact', request.body)),
  );
  app.post(`${lead}/appointment`, byItsAssister('appointment', 'Appointment scheduled', appointmentReportSchema), async (request) =>
    named(request, reportOnLead(client, request.lead.id, assisterOf(request), 'appointment', request.body)),
  );
  app.post(`${lead}/resolution`, byItsAssister('resolution', 'Resolution (422 with the reason when it contradicts the rules)', resolutionReportSchema), async (request) =>
    named(request, reportOnLead(client, request.lead.id, assisterOf(request), 'resolution', request.body)),
  );
  app.post(`${lead}/decline`, byItsAssister('decline', 'Decline: the lead goes to the next eligible assister', declineSchema), async (request) =>
    named(request, reportOnLead(client, request.lead.id, assisterOf(request), 'decline', request.body)),
  );

  app.post(
    `${lead}/reassign`,
    {
      config: { who: ['coordinator'] },
      onRequest: leadAccess('reassign'),
      schema: {
        tags,
        summary: 'Reassign to that assister, or without assisterId to the next eligible one',
        params,
        body: reassignSchema,
        response: { 200: leadStatusSchema, ...refusals([400, 401, 403, 404, 413, 422]) },
      },
    },
    async (request) => {
      const { assisterId } = request.body;
      if (assisterId && !(await assisterRecord(sql, assisterId))) throw new HttpError(400, `Assister ${assisterId} is not in the directory`);
      return named(request, reassignLead(client, request.lead.id, 'coordinator', request.body));
    },
  );

  /** Staff (a representative or coordinator) act on a lead; the API names them by their role. */
  const byStaff = <B extends z.ZodType>(action: string, summary: string, description: string, body: B) => ({
    config: { who: ['contact-center', 'coordinator'] as const },
    onRequest: leadAccess(action),
    schema: { tags, summary, description, params, body, response: { 200: leadStatusSchema, ...refusals([400, 401, 403, 404, 413, 422], { 422: 'The lead refused it: the reason says why' }) } },
  });
  const staffOf = (request: FastifyRequest) => request.identity.role;

  app.post(
    `${lead}/withdraw`,
    byStaff(
      'withdraw',
      'Withdraw the lead (consent revoked, or created in error)',
      "The lead closes as withdrawn; its assister is told by reference only not to contact the consumer; the reason is kept in the lead's record. 422 when the lead is already closed.",
      withdrawalSchema,
    ),
    async (request) => named(request, withdrawLead(client, request.lead.id, staffOf(request), request.body)),
  );
  app.post(
    `${lead}/consumer`,
    byStaff(
      'correct-consumer',
      "Correct the consumer's phone, email or ZIP code",
      'Each field is checked like intake (a valid US phone number, an email address or null to remove it, a Minnesota ZIP code). A new ZIP code before the consumer is contacted reroutes the lead as a reassignment when another assister is closer; after contact it is corrected only. 422 when the lead is closed.',
      consumerCorrectionSchema,
    ),
    async (request) => named(request, correctConsumer(client, request.lead.id, staffOf(request), request.body)),
  );
};
