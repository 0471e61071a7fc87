// How the API answers what it will not do, always as { error, details? }: typed errors (HttpError, Temporal's
// update and not-found errors, Fastify's own) become their status; a refused body lists every problem by field,
// in the route's own words where it has them (config.refusal); anything unexpected is a 500 that says nothing more.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { HttpError } from '../http';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How the route words a refused body, from the body as sent (default: "Invalid request" and each field). */
    refusal?: (body: unknown) => HttpError;
  }
}

type Problem = { instancePath: string; message?: string };

function refused(request: FastifyRequest, part: string | undefined, problems: Problem[]): HttpError {
  if (part !== 'body') return new HttpError(400, problems.map((p) => p.message).join('; '));
  const custom = request.routeOptions.config.refusal;
  if (custom) return custom(request.body);
  const details = problems.map((p) => ({ field: p.instancePath.split('/').filter(Boolean).join('.') || '(body)', message: p.message ?? 'Invalid value' }));
  return new HttpError(400, 'Invalid request', details);
}

function asHttpError(err: FastifyError, request: FastifyRequest): HttpError {
  if (err instanceof HttpError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) return refused(request, err.validationContext, err.validation);
  // A lead workflow refused the update: its reason is for the caller (it never carries consumer data).
  if (err instanceof WorkflowUpdateFailedError) return new HttpError(422, (err.cause as Error | undefined)?.message ?? 'Update rejected');
  if (err instanceof WorkflowNotFoundError) return new HttpError(404, 'Lead not found');
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new HttpError(413, `Request body is larger than ${request.routeOptions.bodyLimit} bytes`);
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return new HttpError(err.statusCode, err.message);
  // Unexpected errors may carry anything: the reply and the log say only that something failed.
  console.error(`http: unexpected ${err instanceof Error ? err.name : 'error'}`);
  return new HttpError(500, 'Internal error');
}

export function answerErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const e = asHttpError(err, request);
    // The rest of an oversized body is never read: the connection closes, so it cannot be reused mid-body.
    if (e.status === 413) void reply.header('connection', 'close');
    return reply.code(e.status).send({ error: e.message, details: e.details });
  });
  // 405 for a path the API has with another method, as before.
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0]!;
    const known = (['GET', 'POST', 'PATCH'] as const).some((method) => app.findRoute({ method, url }));
    return reply.code(known ? 405 : 404).send({ error: known ? 'Method not allowed' : 'Not found' });
  });
}
