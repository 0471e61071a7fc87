// An assister's designated contact point: a change is requested (the new address gets only a confirmation code),
// confirmed with that code, approved (a change the assister asked for with its own token: by the current address's
// code or a coordinator), or withdrawn; contactPointChangeWorkflow carries it out.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contactPointApproveSchema, contactPointChangeSchema as newContactPoint, contactPointConfirmSchema } from '../../../domain/assister';
import { requesterOf } from '../access';
import { approveContactPoint, cancelContactPoint, confirmContactPoint, requestContactPointChange } from '../directory-requests';
import { contactPointChangeSchema, refusals } from '../schemas';
import { assister, params } from './assisters';

const tags = ['assisters'];
const who = ['coordinator', 'that-assister'] as const;

export const contactPointRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    `${assister}/contact-point`,
    {
      config: { who },
      schema: {
        tags,
        summary: "Request a new contact point; it takes effect once the new address confirms (and, asked with the assister's token, once approved)",
        params,
        body: newContactPoint,
        response: {
          202: contactPointChangeSchema.describe('Waiting for confirmation: a code went to the new address (and, when approval is needed, one to the current address)'),
          ...refusals([400, 401, 403, 404, 409, 413], { 400: 'Not valid, or already the contact point', 409: 'A change is already waiting for confirmation' }),
        },
      },
    },
    async (request, reply) => reply.code(202).send(await requestContactPointChange(app.pal, request.params.id, request.body.email, requesterOf(request.identity))),
  );

  app.post(
    `${assister}/contact-point/confirm`,
    {
      config: { who },
      schema: {
        tags,
        summary: 'Confirm the change with the code sent to the new address',
        params,
        body: contactPointConfirmSchema,
        response: { 200: contactPointChangeSchema, ...refusals([400, 401, 403, 404, 413, 422], { 400: 'Not valid, or a wrong code', 404: 'No change is waiting for confirmation', 422: 'Already confirmed' }) },
      },
    },
    async (request) => confirmContactPoint(app.pal, request.params.id, request.body.code, requesterOf(request.identity)),
  );

  app.post(
    `${assister}/contact-point/approve`,
    {
      config: { who, emptyBody: {} },
      schema: {
        tags,
        summary: "Approve a change the assister asked for with its own token: a coordinator, or the assister with the code sent to its current contact point",
        params,
        body: contactPointApproveSchema,
        response: {
          200: contactPointChangeSchema,
          ...refusals([400, 401, 403, 404, 413, 422], { 400: 'Not valid, or the code is missing or wrong', 404: 'No change is waiting', 422: 'The change needs no approval, or is approved already' }),
        },
      },
    },
    async (request) => approveContactPoint(app.pal, request.params.id, request.body.code, requesterOf(request.identity)),
  );

  app.post(
    `${assister}/contact-point/cancel`,
    {
      config: { who },
      schema: { tags, summary: 'Withdraw the change waiting for confirmation', params, response: { 200: contactPointChangeSchema, ...refusals([401, 403, 404], { 404: 'No change is waiting for confirmation' }) } },
    },
    async (request) => cancelContactPoint(app.pal, request.params.id, requesterOf(request.identity)),
  );
};
