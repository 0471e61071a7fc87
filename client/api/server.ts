// PAL's HTTP API: a thin layer over the Temporal client and the database. Every body is checked with zod;
// failures name fields, never echo values. Roles: contact center (create, route), coordinator (everything),
// assister (its own leads only).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { z } from 'zod';
import type { Sql } from '../../activities/database';
import { validateLead } from '../../domain/lead';
import { appointmentReportSchema, contactReportSchema, declineSchema, reassignSchema, resolutionReportSchema } from '../../domain/outcome-schemas';
import { metricsConfig, type authConfig } from '../../platform/config';
import type { Mailer } from '../../activities/mailer';
import { MAX_WORKBOOK_BYTES } from '../../activities/report-workbook';
import { OE5_REPORT_CALENDAR, type ReportCalendarConfig } from '../../domain/report-calendar';
import {
  declineLeadUpdate,
  leadWorkflowId,
  reassignLeadUpdate,
  reportAppointmentUpdate,
  reportContactUpdate,
  reportResolutionUpdate,
  statusQuery,
} from '../../contracts/lead';
import { importAssisters } from '../assisters';
import { cancelContactPoint, confirmContactPoint, listAssisters, requestAssisterChange, requestContactPointChange, showAssister } from '../directory';
import type { AssisterRequestResult, Requester } from '../../contracts/directory';
import { assisterSchema, assisterUpdateSchema, contactPointChangeSchema, contactPointConfirmSchema, suspensionSchema } from '../../domain/assister';
import { DEFAULT_TOKEN_DAYS, identify, issueAssisterToken, type Identity } from '../auth';
import { HttpError, bearerToken, readBody, readJson, sendError, sendJson } from '../http';
import { resolvePeriod, submitReport } from '../reports';
import { reportWorkbookFor } from '../../activities/reports';
import { assisterRecord } from '../../activities/assisters';
import { createLead, type IntakeDeps } from '../leads';
import { explainRoute } from '../routing';
import { metricsFor } from '../metrics';
import { metricsWorkbook } from '../../activities/metrics-workbook';
import type { MetricsSettings, PeriodMetrics } from '../../activities/metrics';
import { holidayCalendar, type HolidayCalendar } from '../../domain/business-days';

export interface ApiDeps {
  client: Client;
  sql: Sql;
  taskQueue: string;
  tokens: ReturnType<typeof authConfig>;
  workflowDefaults?: IntakeDeps['workflowDefaults'];
  calendar?: ReportCalendarConfig;
  mailer?: Mailer;
  /** State holidays and performance settings for the metrics (default: PAL's defaults). */
  holidays?: HolidayCalendar;
  metrics?: MetricsSettings;
}

const BODY_LIMIT = 256 * 1024;
const tokenSchema = z.object({ days: z.number({ error: 'days must be a whole number' }).int('days must be a whole number').min(1, 'days must be at least 1').max(3650, 'days must be at most 3650').default(DEFAULT_TOKEN_DAYS) }).strict();
const uuid = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new HttpError(400, 'Invalid request', result.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })));
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

class RawBody {
  constructor(
    readonly bytes: Buffer,
    readonly type: string,
    readonly fileName: string,
  ) {}
}

export function createApiServer(deps: ApiDeps): Server {
  const { client, sql } = deps;
  const calendar = deps.calendar ?? OE5_REPORT_CALENDAR;
  const metricsDeps = { sql, calendar, holidays: deps.holidays ?? holidayCalendar(), settings: deps.metrics ?? metricsConfig({}) };

  /** The metrics a caller may see: a coordinator all (?assister= narrows), an assister only its own figures. */
  async function visibleMetrics(req: IncomingMessage) {
    const identity = await who(req, ['coordinator', 'assister']);
    const params = new URL(req.url ?? '/', 'http://api').searchParams;
    const date = params.get('period') ?? undefined;
    if (date && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new HttpError(400, 'period must be a date written YYYY-MM-DD');
    const assisterId = identity.role === 'assister' ? identity.assisterId : (params.get('assister') ?? undefined);
    if (assisterId && !(await assisterRecord(sql, assisterId))) throw new HttpError(404, 'Assister not found');
    let metrics;
    try {
      metrics = await metricsFor(metricsDeps, { date, assisterId });
    } catch (err) {
      if (err instanceof Error && /before the program/.test(err.message)) throw new HttpError(400, err.message);
      throw err;
    }
    return identity.role === 'assister' ? { ...metrics, program: undefined, reviewFlags: [] } : metrics;
  }

  async function who(req: IncomingMessage, allowed: Identity['role'][]): Promise<Identity> {
    const identity = await identify(sql, deps.tokens, bearerToken(req));
    if (!identity) throw new HttpError(401, 'A valid bearer token is required');
    if (!allowed.includes(identity.role)) throw new HttpError(403, `This action is not allowed for the ${identity.role} role`);
    return identity;
  }

  /** An assister may act only on its own leads; the refusal is logged with ids only. */
  async function leadFor(identity: Identity, leadId: string, action: string) {
    const [lead] = await sql<{ assister_id: string | null }[]>`select assister_id from leads where id = ${leadId}`;
    if (!lead) throw new HttpError(404, 'Lead not found');
    if (identity.role === 'assister' && lead.assister_id !== identity.assisterId) {
      console.warn(`api: refused ${action} on lead ${leadId} for assister ${identity.assisterId} (not its lead)`);
      throw new HttpError(403, 'This lead is not assigned to you');
    }
    return client.workflow.getHandle(leadWorkflowId(leadId));
  }

  /** Coordinators may act for any assister; an assister only for itself. Returns who is asking. */
  async function actingFor(req: IncomingMessage, assisterId: string): Promise<Requester> {
    const identity = await who(req, ['coordinator', 'assister']);
    if (identity.role === 'assister' && identity.assisterId !== assisterId) {
      console.warn(`api: refused access to assister ${assisterId} for assister ${identity.assisterId}`);
      throw new HttpError(403, 'You may act only for your own organisation');
    }
    return identity.role === 'assister' ? `assister:${identity.assisterId}` : 'coordinator';
  }

  /** The report period a request names (?period=DATE), for an assister the caller may act for. */
  async function reportPeriodFor(req: IncomingMessage, assisterId: string) {
    await actingFor(req, assisterId);
    if (!(await assisterRecord(sql, assisterId))) throw new HttpError(404, 'Assister not found');
    const period = new URL(req.url ?? '/', 'http://api').searchParams.get('period') ?? undefined;
    if (period && !/^\d{4}-\d{2}-\d{2}$/.test(period)) throw new HttpError(400, 'period must be a date written YYYY-MM-DD');
    try {
      return resolvePeriod(calendar, period);
    } catch (err) {
      throw new HttpError(400, (err as Error).message);
    }
  }

  /** A directory request's answer: refused requests are 404 (unknown assister) or 409 (conflict). */
  const answered = (result: AssisterRequestResult & { requestId: string }, created = false): [number, unknown] =>
    result.ok ? [created ? 201 : 200, result] : [/not in the directory/.test(result.problem ?? '') ? 404 : 409, { error: result.problem, requestId: result.requestId }];

  const routes: [string, RegExp, (req: IncomingMessage, params: string[]) => Promise<[number, unknown]>][] = [
    ['GET', /^\/healthz$/, async () => {
      const [database, temporal] = await Promise.all([
        sql`select 1`.then(() => 'ok', () => 'unavailable'),
        client.workflowService.getSystemInfo({}).then(() => 'ok', () => 'unavailable'),
      ]);
      const ok = database === 'ok' && temporal === 'ok';
      return [ok ? 200 : 503, { status: ok ? 'ok' : 'degraded', database, temporal }];
    }],
    ['POST', /^\/api\/leads$/, async (req) => {
      await who(req, ['contact-center', 'coordinator']);
      const result = await createLead(deps, await readJson(req, BODY_LIMIT));
      if (!result.ok) throw new HttpError(400, 'The lead is not valid', result.problems);
      return [result.created ? 201 : 200, result.lead];
    }],
    ['POST', /^\/api\/route$/, async (req) => {
      await who(req, ['contact-center', 'coordinator']);
      const validation = validateLead(await readJson(req, BODY_LIMIT));
      if (!validation.ok) throw new HttpError(400, 'The lead is not valid', validation.problems);
      return [200, await explainRoute(validation.lead, { sql })];
    }],
    ['GET', new RegExp(`^/api/leads/${uuid}$`), async (req, [leadId]) => {
      const identity = await who(req, ['coordinator', 'contact-center', 'assister']);
      return [200, await (await leadFor(identity, leadId!, 'status')).query(statusQuery)];
    }],
    ['POST', new RegExp(`^/api/leads/${uuid}/(contact|appointment|resolution|decline)$`), async (req, [leadId, action]) => {
      const identity = await who(req, ['assister']);
      const handle = await leadFor(identity, leadId!, action!);
      const assisterId = (identity as { assisterId: string }).assisterId;
      const body = await readJson(req, BODY_LIMIT);
      if (action === 'contact') return [200, await handle.executeUpdate(reportContactUpdate, { args: [{ assisterId, ...parseBody(contactReportSchema, body) }] })];
      if (action === 'appointment') return [200, await handle.executeUpdate(reportAppointmentUpdate, { args: [{ assisterId, ...parseBody(appointmentReportSchema, body) }] })];
      if (action === 'resolution') return [200, await handle.executeUpdate(reportResolutionUpdate, { args: [{ assisterId, ...parseBody(resolutionReportSchema, body) }] })];
      return [200, await handle.executeUpdate(declineLeadUpdate, { args: [{ assisterId, ...parseBody(declineSchema, body) }] })];
    }],
    ['POST', new RegExp(`^/api/leads/${uuid}/reassign$`), async (req, [leadId]) => {
      const identity = await who(req, ['coordinator']);
      const handle = await leadFor(identity, leadId!, 'reassign');
      const body = parseBody(reassignSchema, await readJson(req, BODY_LIMIT));
      if (body.assisterId && !(await assisterRecord(sql, body.assisterId))) throw new HttpError(400, `Assister ${body.assisterId} is not in the directory`);
      return [200, await handle.executeUpdate(reassignLeadUpdate, { args: [{ ...body, coordinator: 'coordinator' }] })];
    }],
    ['POST', /^\/api\/assisters\/([a-z0-9-]+)\/tokens$/, async (req, [assisterId]) => {
      await who(req, ['coordinator']);
      if (!(await assisterRecord(sql, assisterId!))) throw new HttpError(404, 'Assister not found');
      const { days } = parseBody(tokenSchema, await readJson(req, BODY_LIMIT, {}));
      return [201, { assisterId, token: await issueAssisterToken(sql, assisterId!, days), days }];
    }],
    ['GET', /^\/api\/reports\/([a-z0-9-]+)\.xlsx$/, async (req, [assisterId]) => {
      const period = await reportPeriodFor(req, assisterId!);
      return [200, new RawBody((await reportWorkbookFor(sql, assisterId!, period)).workbook, XLSX_TYPE, `pal-report-${assisterId}-${period.referralsFrom}.xlsx`)];
    }],
    ['POST', /^\/api\/reports\/([a-z0-9-]+)$/, async (req, [assisterId]) => {
      const period = await reportPeriodFor(req, assisterId!);
      const result = await submitReport({ client, sql, mailer: deps.mailer, taskQueue: deps.taskQueue }, assisterId!, period, await readBody(req, MAX_WORKBOOK_BYTES + 1024 * 1024));
      return [result.rejectedFile ? 422 : 200, result];
    }],
    ['GET', /^\/api\/metrics$/, async (req) => [200, await visibleMetrics(req)]],
    ['GET', /^\/api\/metrics\.xlsx$/, async (req) => {
      await who(req, ['coordinator']);
      const metrics = await visibleMetrics(req);
      return [200, new RawBody(await metricsWorkbook(metrics as PeriodMetrics), XLSX_TYPE, `pal-metrics-${metrics.period.referralsFrom}.xlsx`)];
    }],
    ['POST', /^\/api\/assisters\/import$/, async (req) => {
      await who(req, ['coordinator']);
      const body = await readJson(req, 4 * 1024 * 1024);
      if (!Array.isArray(body)) throw new HttpError(400, 'Body must be a JSON array of assisters');
      const result = await importAssisters(deps, body);
      if (!result.ok) throw new HttpError(400, 'The directory is not valid', result.problems);
      return [200, result];
    }],
    ['GET', /^\/api\/assisters$/, async (req) => {
      await who(req, ['coordinator']);
      return [200, await listAssisters(sql)];
    }],
    ['POST', /^\/api\/assisters$/, async (req) => {
      await who(req, ['coordinator']);
      const assister = parseBody(assisterSchema, await readJson(req, BODY_LIMIT));
      return answered(await requestAssisterChange(deps, 'add', assister.id, 'coordinator', assister), true);
    }],
    ['GET', /^\/api\/assisters\/([a-z0-9-]+)$/, async (req, [assisterId]) => {
      await actingFor(req, assisterId!);
      return [200, await showAssister(sql, assisterId!)];
    }],
    ['PATCH', /^\/api\/assisters\/([a-z0-9-]+)$/, async (req, [assisterId]) => {
      await who(req, ['coordinator']);
      const update = parseBody(assisterUpdateSchema, await readJson(req, BODY_LIMIT));
      return answered(await requestAssisterChange(deps, 'update', assisterId!, 'coordinator', update));
    }],
    ['POST', /^\/api\/assisters\/([a-z0-9-]+)\/(suspend|resume)$/, async (req, [assisterId, kind]) => {
      const by = await actingFor(req, assisterId!);
      const details = kind === 'suspend' ? parseBody(suspensionSchema, await readJson(req, BODY_LIMIT)) : {};
      return answered(await requestAssisterChange(deps, kind as 'suspend' | 'resume', assisterId!, by, details));
    }],
    ['POST', /^\/api\/assisters\/([a-z0-9-]+)\/move-leads$/, async (req, [assisterId]) => {
      await who(req, ['coordinator']);
      if (!(await assisterRecord(sql, assisterId!))) throw new HttpError(404, 'Assister not found');
      return answered(await requestAssisterChange(deps, 'move-leads', assisterId!, 'coordinator'));
    }],
    ['POST', /^\/api\/assisters\/([a-z0-9-]+)\/contact-point$/, async (req, [assisterId]) => {
      const by = await actingFor(req, assisterId!);
      const { email } = parseBody(contactPointChangeSchema, await readJson(req, BODY_LIMIT));
      return [202, await requestContactPointChange(deps, assisterId!, email, by)];
    }],
    ['POST', /^\/api\/assisters\/([a-z0-9-]+)\/contact-point\/confirm$/, async (req, [assisterId]) => {
      const by = await actingFor(req, assisterId!);
      const { code } = parseBody(contactPointConfirmSchema, await readJson(req, BODY_LIMIT));
      return [200, await confirmContactPoint(deps, assisterId!, code, by)];
    }],
    ['POST', /^\/api\/assisters\/([a-z0-9-]+)\/contact-point\/cancel$/, async (req, [assisterId]) => {
      await actingFor(req, assisterId!);
      return [200, await cancelContactPoint(deps, assisterId!)];
    }],
  ];

  return createServer(async (req, res) => {
    try {
      const path = new URL(req.url ?? '/', 'http://api').pathname;
      let pathKnown = false;
      for (const [method, pattern, handler] of routes) {
        const match = pattern.exec(path);
        if (!match) continue;
        pathKnown = true;
        if (req.method !== method) continue;
        const [status, body] = await handler(req, match.slice(1));
        if (body instanceof RawBody) {
          res.writeHead(status, { 'content-type': body.type, 'content-disposition': `attachment; filename="${body.fileName}"` });
          return void res.end(body.bytes);
        }
        return sendJson(res, status, body);
      }
      throw pathKnown ? new HttpError(405, 'Method not allowed') : new HttpError(404, 'Not found');
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) return sendError(res, new HttpError(422, (err.cause as Error)?.message ?? 'Update rejected'));
      if (err instanceof WorkflowNotFoundError) return sendError(res, new HttpError(404, 'Lead not found'));
      sendError(res, err);
    }
  });
}
