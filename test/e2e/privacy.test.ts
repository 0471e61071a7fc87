// Privacy audit. A full scenario with made-up but distinctive consumers: leads created, emailed, declined with a
// reason, reported on through the API and through a returned workbook (comments naming the consumer), refused
// reports, a bad intake, directory requests, the report cycle, and (with time skipping) escalations. Then
// everything Temporal holds is read without the codec: raw histories, search attributes, memos, workflow ids; and
// the logs and error messages of the worker and the API. None of them may contain a consumer's name, phone
// number, email or login.
import { Connection, type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import ExcelJS from 'exceljs';
import { submitReport } from '../../client/api/report-submission';
import { reportWorkbookFor } from '../../activities/reports';
import { OE5_REPORT_CALENDAR, periodContaining } from '../../domain/report-calendar';
import { minnesotaDate } from '../../domain/time';
import { leadWorkflowId } from '../../contracts/lead';
import { reportDeliveryWorkflowId } from '../../contracts/report';
import { issueAssisterToken } from '../../client/auth';
import { startTestApi, testTokens } from '../support/api';
import { eventually } from '../support/eventually';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { assister, sampleLead } from '../support/samples';

const consumers = [
  { firstName: 'Zebulon', lastName: 'Quixotic', phone: '218-555-0199', email: 'zebulon.q@example.net', login: 'zquixotic42', zip: '55106' },
  { firstName: 'Philomena', lastName: 'Brightwater', phone: '507-555-0142', email: 'philo.bw@example.net', login: 'pbright9', zip: '55106' },
  { firstName: 'Octavius', lastName: 'Fernsby', phone: '651-555-0177', email: 'octo.f@example.net', login: 'ofernsby3', zip: '55106' },
];
const PII = consumers.flatMap((c) => [c.firstName, c.lastName, c.phone, c.phone.replace(/-/g, ''), c.email, c.login]);
const leadFor = (c: (typeof consumers)[number]) =>
  sampleLead({ consumer: { firstName: c.firstName, lastName: c.lastName, phone: c.phone, email: c.email, zip: c.zip }, account: { active: true, userLogin: c.login } });

/** Everything written to the console or the process streams while `run` runs. */
async function capturingLogs<T>(run: () => Promise<T>, logs: string[]): Promise<T> {
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const spies = methods.map((m) => jest.spyOn(console, m).mockImplementation((...args: unknown[]) => void logs.push(args.map(String).join(' '))));
  const writes = [process.stdout, process.stderr].map((stream) => {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: never[]) => {
      logs.push(String(chunk));
      return original(chunk as string, ...rest);
    }) as typeof stream.write;
    return () => (stream.write = original);
  });
  try {
    return await run();
  } finally {
    spies.forEach((s) => s.mockRestore());
    writes.forEach((restore) => restore());
  }
}

/** Every workflow of the task queue as Temporal stores it, read without the codec, flattened to searchable text. */
async function temporalRecords(client: Client, address: string, taskQueue: string, known?: string[]): Promise<{ ids: string[]; text: string }> {
  const raw = await Connection.connect({ address });
  const parts: string[] = [];
  const ids: string[] = [];
  // The time-skipping server has no visibility store: there the caller names the workflows.
  const workflows = known ? known.map((workflowId) => ({ workflowId, runId: undefined })) : client.workflow.list({ query: `TaskQueue = '${taskQueue}'` });
  try {
    for await (const wf of workflows) {
      ids.push(wf.workflowId);
      const { history } = await raw.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId: wf.workflowId, runId: wf.runId } });
      parts.push(wf.workflowId, Buffer.from(temporal.api.history.v1.History.encode(history!).finish()).toString('latin1'));
      const described = await raw.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId: wf.workflowId, runId: wf.runId } });
      parts.push(Buffer.from(temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse.encode(described).finish()).toString('latin1'));
    }
  } finally {
    await raw.close();
  }
  return { ids, text: parts.join('\n') };
}

const leaks = (text: string) => PII.filter((p) => text.includes(p));

describe('on the dev server', () => {
  let t: LeadTestEnv;
  let api: Awaited<ReturnType<typeof startTestApi>>;
  const logs: string[] = [];
  const answers: string[] = [];
  beforeAll(async () => {
    t = await openLeadTestEnv({ server: 'dev-server' });
    await t.addAssisters([assister('pv-nav-a', '55101'), assister('pv-nav-b', '55401')]);
    api = await startTestApi(t, { mailer: t.mailer });
  });
  afterAll(async () => {
    await api?.close();
    await t?.close();
  });

  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${api.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    answers.push(text);
    return { status: res.status, text };
  };

  test('a full scenario leaves no consumer data in Temporal, the logs or the error messages', async () => {
    await capturingLogs(async () => {
      const tokenA = await issueAssisterToken(t.sql, 'pv-nav-a');
      const tokenB = await issueAssisterToken(t.sql, 'pv-nav-b');
      const ids: string[] = [];
      for (const c of consumers) {
        const created = await call(testTokens.contactCenterToken, 'POST', '/api/leads', leadFor(c));
        expect(created.status).toBe(201);
        ids.push(JSON.parse(created.text).leadId);
      }
      const [zeb, philo, octo] = ids as [string, string, string];
      // A decline whose reason names the consumer; the next assister reports contact, appointment, resolution.
      expect((await call(tokenA, 'POST', `/api/leads/${zeb}/decline`, { reason: 'Zebulon Quixotic needs a Somali interpreter; call 218-555-0199' })).status).toBe(200);
      const today = minnesotaDate(new Date());
      expect((await call(tokenB, 'POST', `/api/leads/${zeb}/contact`, { contactDate: today })).status).toBe(200);
      expect((await call(tokenB, 'POST', `/api/leads/${zeb}/appointment`, { appointmentDate: today })).status).toBe(200);
      expect((await call(tokenB, 'POST', `/api/leads/${zeb}/resolution`, { contactMade: true, resolution: 'Enrolled in QHP', comment: 'Zebulon Quixotic (zquixotic42) enrolled' })).status).toBe(200);
      // Refused reports and a refused intake: the errors must not repeat what was sent.
      expect((await call(tokenA, 'POST', `/api/leads/${philo}/resolution`, { contactMade: false, resolution: 'Enrolled in QHP', comment: 'Philomena Brightwater 507-555-0142' })).status).toBe(422);
      expect((await call(tokenA, 'POST', `/api/leads/${philo}/resolution`, { contactMade: true, resolution: 'Philomena Brightwater', comment: 'x' })).status).toBe(400);
      expect((await call(tokenB, 'POST', `/api/leads/${philo}/contact`, { contactDate: today })).status).toBe(403);
      const bad = await call(testTokens.contactCenterToken, 'POST', '/api/leads', { ...leadFor(consumers[0]!), consumer: { firstName: 'Zebulon', lastName: 'Quixotic', phone: 'Zebulon at 218-555-0199x', email: 'zebulon.q@', zip: 'Quixotic' } });
      expect(bad.status).toBe(400);
      // A returned workbook whose comment names the consumer, delivered to the lead workflow.
      const period = periodContaining(OE5_REPORT_CALENDAR, today)!;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await reportWorkbookFor(t.sql, 'pv-nav-a', period)).workbook as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet('Report')!;
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        row.getCell(6).value = 'N';
        row.getCell(8).value = 'Unable to contact';
        row.getCell(9).value = `${row.getCell(2).value} ${row.getCell(3).value} did not answer at ${row.getCell(4).value}`;
      });
      const submitted = await submitReport({ client: t.env.client, sql: t.sql, taskQueue: t.taskQueue, mailer: t.mailer }, 'pv-nav-a', period, Buffer.from(await wb.xlsx.writeBuffer()));
      expect(submitted.applied).toBe(2);
      await t.env.client.workflow.getHandle(reportDeliveryWorkflowId(period.referralsFrom, 'pv-nav-a', submitted.submissionId)).result();
      // The report cycle for the period (its workbook carries the consumers, by email only), and directory requests.
      await t.env.client.workflow.execute('reportCycleWorkflow', { taskQueue: t.taskQueue, workflowId: `pv-cycle-${period.reportSent}`, args: [{ date: period.reportSent }] });
      expect((await call(tokenB, 'POST', '/api/assisters/pv-nav-b/suspend', { reason: 'appointments-delayed' })).status).toBe(200);
      expect((await call(testTokens.coordinatorToken, 'POST', '/api/assisters/pv-nav-b/move-leads')).status).toBe(200);
      await eventually(() => t.env.client.workflow.getHandle(leadWorkflowId(octo)).describe(), (d) => d.status.name === 'RUNNING');
    }, logs);

    const records = await temporalRecords(t.env.client, process.env.TEMPORAL_ADDRESS!, t.taskQueue);
    expect(records.ids.length).toBeGreaterThanOrEqual(8);
    expect(new Set(records.ids.map((id) => id.split('-')[0]))).toEqual(new Set(['lead', 'report', 'pv', 'assister']));
    expect(records.text).toContain('binary/encrypted');
    expect(leaks(records.text)).toEqual([]);
    expect(leaks(logs.join('\n'))).toEqual([]);
    expect(leaks(answers.join('\n'))).toEqual([]);
    // The scenario did handle the data: the lead rows hold it, in PostgreSQL only.
    expect((await t.sql`select count(*)::int as n from leads where intake->'consumer'->>'lastName' in ('Quixotic', 'Brightwater', 'Fernsby')`)[0]).toEqual({ n: 3 });
  });
});

describe('with time skipping', () => {
  let t: LeadTestEnv;
  beforeAll(async () => {
    t = await openLeadTestEnv({ server: 'time-skipping' });
    await t.addAssisters([assister('pv-nav-c', '55101')]);
  });
  afterAll(async () => t?.close());

  test('reminders, escalations and a lead closed for its age leave no consumer data in Temporal or the logs', async () => {
    const logs: string[] = [];
    await capturingLogs(async () => {
      for (const c of consumers) {
        t.clock.now = new Date(await t.env.currentTimeMs());
        const created = await t.createLead(leadFor(c), { maxOpenDays: 20 });
        if (!created.ok) throw new Error('refused');
      }
      await t.env.sleep(25 * 24 * 60 * 60 * 1000);
      const escalated = await t.sql`select count(*)::int as n from lead_events where type in ('contact-overdue', 'appointment-overdue', 'closed-unresolved')`;
      expect(escalated[0]!.n).toBeGreaterThanOrEqual(6);
    }, logs);
    const leadIds = (await t.sql<{ id: string }[]>`select id from leads`).map((r) => leadWorkflowId(r.id));
    const records = await temporalRecords(t.env.client, t.env.connection.options.address, t.taskQueue, leadIds);
    expect(records.ids).toHaveLength(3);
    expect(leaks(records.text)).toEqual([]);
    expect(leaks(logs.join('\n'))).toEqual([]);
  });
});
