// Request bodies: JSON up to 256 KB (a directory import up to 4 MB), a workbook up to 21 MB read as raw bytes;
// beyond a limit, 413. As before Fastify, a JSON body is read whatever its declared type, a route without a body
// schema ignores what is sent, and an empty body is "not valid JSON" unless the route says what it means.
import type { FastifyInstance } from 'fastify';
import { MAX_WORKBOOK_BYTES } from '../../activities/report-workbook';
import { HttpError } from '../http';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What an empty body stands for, on routes whose body is optional. */
    emptyBody?: unknown;
  }
}

export const JSON_LIMIT = 256 * 1024;
export const DIRECTORY_LIMIT = 4 * 1024 * 1024;
/** A workbook over 20 MB is refused by the report's own check (kept, with its result); past 21 MB the upload is cut off. */
export const WORKBOOK_LIMIT = MAX_WORKBOOK_BYTES + 1024 * 1024;

const notJson = () => new HttpError(400, 'Request body is not valid JSON');
/** Fastify's parser also refuses JSON with keys that could poison prototypes: say so rather than "not valid JSON". */
function refusedJson(body: string): HttpError {
  try {
    JSON.parse(body);
  } catch {
    return notJson();
  }
  return new HttpError(400, 'Request body may not contain the keys "__proto__" or "constructor.prototype"');
}

/** JSON bodies, for every route of the instance. */
export function jsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || !request.routeOptions.schema?.body) return done(null, undefined);
    void parseJson(request, body as string, (err, value) => (err ? done(refusedJson(body as string)) : done(null, value)));
  });
  app.addHook('preValidation', async (request) => {
    if (request.body !== undefined || !request.routeOptions.schema?.body) return;
    const empty = request.routeOptions.config.emptyBody;
    if (empty === undefined) throw notJson();
    request.body = empty;
  });
}

/** Raw bodies (a workbook), for every route of the instance. */
export function rawBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
}
