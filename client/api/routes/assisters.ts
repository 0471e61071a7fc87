// The assister directory: import, list, add, show, update, suspend, resume, move its open leads, and assister
// tokens (issue, list, revoke). Each change is a request recorded in PostgreSQL and carried out by a workflow
// (client/api/directory-requests.ts); a refused request is 409 for an add of an existing assister, 404 for an
// unknown one, 403 for what the requester may not do (an assister lifting a coordinator's suspension).
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assisterUpdateSchema, newAssisterSchema, suspensionSchema } from '../../../domain/assister';
import type { AssisterRequestKind, AssisterRequestResult } from '../../../contracts/directory';
import { assisterHistory, listAssisters } from '../../../store/assisters';
import { assisterTokens, revokeAssisterTokens } from '../../../store/assister-tokens';
import { DEFAULT_TOKEN_DAYS, issueAssisterToken, MAX_TOKEN_DAYS, TOKEN_TOO_LONG } from '../../auth';
import { HttpError } from '../../http';
import { knownAssister, requesterOf } from '../access';
import { DIRECTORY_LIMIT } from '../bodies';
import { directorySchema, importDirectory, validateDirectory } from '../directory-import';
import { refusalStatus, requestAssisterChange } from '../directory-requests';
import { assisterShowSchema, assisterSummarySchema, assisterTokenSchema, refusals, requestResultSchema } from '../schemas';

export const assister = '/:id(^[a-z0-9-]+$)';
export const params = z.object({ id: z.string().describe('The assister id') });
const tags = ['assisters'];

const tokenSchema = z
  .object({
    days: z
      .number({ error: 'days must be a whole number' })
      .int('days must be a whole number')
      .min(1, 'days must be at least 1')
      .max(MAX_TOKEN_DAYS, TOKEN_TOO_LONG)
      .default(DEFAULT_TOKEN_DAYS)
      .describe('How long the token is valid, in days'),
  })
  .strict();

const directoryRefusal = (body: unknown) => {
  if (!Array.isArray(body)) return new HttpError(400, 'Body must be a JSON array of assisters');
  const validation = validateDirectory(body);
  return new HttpError(400, 'The directory is not valid', validation.ok ? [] : validation.problems);
};

/** A request's answer: what it did, or why it could not be done. */
const answer = (reply: FastifyReply, kind: AssisterRequestKind, result: AssisterRequestResult & { requestId: string }) =>
  result.ok
    ? reply.code(kind === 'add' ? 201 : 200).send(result)
    : reply.code(refusalStatus(kind, result)).send({ error: result.problem ?? 'Refused', requestId: result.requestId });

export const assisterRoutes: FastifyPluginAsyncZod = async (app) => {
  const { sql } = app.pal;
  const requestReply = <C extends 400 | 401 | 403 | 404 | 413>(codes: C[]) => ({ 200: requestResultSchema, ...refusals(codes, { 403: "Not allowed for the caller's role or organisation; resuming, a suspension someone else imposed (with the reason)", 404: 'No such assister (with the refused requestId)' } as Partial<Record<C, string>>) });

  app.post(
    '/import',
    {
      bodyLimit: DIRECTORY_LIMIT,
      config: { who: ['coordinator'], refusal: directoryRefusal },
      schema: {
        tags,
        summary: 'Insert or update the directory (all records valid, or nothing written)',
        body: directorySchema,
        response: {
          200: z.object({
            ok: z.literal(true),
            inserted: z.number().int(),
            updated: z.number().int(),
            wokenLeads: z.number().int(),
            contactPointChanges: z
              .array(z.object({ record: z.number().int(), assisterId: z.string(), email: z.string(), changeId: z.string(), started: z.boolean().describe('false: this change was already waiting') }))
              .describe('Existing assisters whose email differs: a contact-point change each, which takes effect once the new address confirms it'),
          }),
          ...refusals([400, 401, 403, 409, 413], {
            400: 'Every problem by record number and field',
            409: 'Nothing imported: each record that would change a status, a new assister without certification, or a contact point while another change waits',
          }),
        },
      },
    },
    async (request) => importDirectory(app.pal, request.body),
  );

  app.post(
    `${assister}/tokens`,
    {
      config: { who: ['coordinator'], emptyBody: {} },
      onRequest: knownAssister(sql),
      schema: {
        tags,
        summary: 'A new token for that assister (shown once)',
        params,
        body: tokenSchema,
        response: { 201: z.object({ assisterId: z.string(), token: z.string(), days: z.number().int() }), ...refusals([400, 401, 403, 404, 413]) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { days } = request.body;
      return reply.code(201).send({ assisterId: id, token: await issueAssisterToken(sql, id, days), days });
    },
  );

  app.get(
    `${assister}/tokens`,
    {
      config: { who: ['coordinator', 'that-assister'] },
      onRequest: knownAssister(sql),
      schema: { tags, summary: "The assister's tokens: issued, expires, last used, revoked (never the token)", params, response: { 200: z.array(assisterTokenSchema), ...refusals([401, 403, 404]) } },
    },
    async (request) => assisterTokens(sql, request.params.id),
  );

  app.delete(
    `${assister}/tokens`,
    {
      config: { who: ['coordinator'] },
      onRequest: knownAssister(sql),
      schema: { tags, summary: 'Revoke every token of the assister', params, response: { 200: z.object({ assisterId: z.string(), revoked: z.number().int() }), ...refusals([401, 403, 404]) } },
    },
    async (request) => ({ assisterId: request.params.id, revoked: await revokeAssisterTokens(sql, request.params.id) }),
  );

  app.get(
    '',
    { config: { who: ['coordinator'] }, schema: { tags, summary: 'The directory with open leads and pending contact-point changes', response: { 200: z.array(assisterSummarySchema), ...refusals([401, 403]) } } },
    async () => listAssisters(sql),
  );

  app.post(
    '',
    {
      config: { who: ['coordinator'] },
      schema: { tags, summary: 'Add an assister (with its certification)', body: newAssisterSchema, response: { 201: requestResultSchema, ...refusals([400, 401, 403, 409, 413], { 409: 'The assister exists (with the refused requestId)' }) } },
    },
    async (request, reply) => answer(reply, 'add', await requestAssisterChange(app.pal, 'add', request.body.id, 'coordinator', request.body)),
  );

  app.get(
    assister,
    { config: { who: ['coordinator', 'that-assister'] }, schema: { tags, summary: 'The assister and its change history', params, response: { 200: assisterShowSchema, ...refusals([401, 403, 404]) } } },
    async (request) => {
      const [summary] = await listAssisters(sql, request.params.id);
      if (!summary) throw new HttpError(404, 'Assister not found');
      return { ...summary, history: await assisterHistory(sql, request.params.id) };
    },
  );

  app.patch(
    assister,
    { config: { who: ['coordinator'] }, schema: { tags, summary: 'Update (never the contact point)', params, body: assisterUpdateSchema, response: requestReply([400, 401, 403, 404, 413]) } },
    async (request, reply) => answer(reply, 'update', await requestAssisterChange(app.pal, 'update', request.params.id, 'coordinator', request.body)),
  );

  app.post(
    `${assister}/suspend`,
    { config: { who: ['coordinator', 'that-assister'] }, schema: { tags, summary: 'Suspend: no new leads; open leads continue', params, body: suspensionSchema, response: requestReply([400, 401, 403, 404, 413]) } },
    async (request, reply) => answer(reply, 'suspend', await requestAssisterChange(app.pal, 'suspend', request.params.id, requesterOf(request.identity), request.body)),
  );

  app.post(
    `${assister}/resume`,
    {
      config: { who: ['coordinator', 'that-assister'] },
      schema: { tags, summary: 'Resume: an assister lifts only its own suspension, a coordinator any (403 with the reason)', params, response: requestReply([401, 403, 404]) },
    },
    async (request, reply) => answer(reply, 'resume', await requestAssisterChange(app.pal, 'resume', request.params.id, requesterOf(request.identity))),
  );

  app.post(
    `${assister}/move-leads`,
    {
      config: { who: ['coordinator'] },
      onRequest: knownAssister(sql),
      schema: { tags, summary: "Move the assister's open leads to the next eligible assisters", params, response: requestReply([401, 403, 404]) },
    },
    async (request, reply) => answer(reply, 'move-leads', await requestAssisterChange(app.pal, 'move-leads', request.params.id, 'coordinator')),
  );
};
