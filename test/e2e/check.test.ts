// pal check on the dev server: it finds a lead row whose intake was cut off before its workflow started, and a
// lead workflow without a row; --repair starts the missing workflow, after which nothing is missing.
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../client/devstack/tools';
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { testDatabaseUrl } from '../support/database';
import { eventually } from '../support/eventually';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { assister, sampleLead } from '../support/samples';

let t: LeadTestEnv;
beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters([assister('k-nav-stpaul', '55101')]);
});
afterAll(async () => t?.close());

async function palCheck(...args: string[]) {
  const env = { ...process.env, DATABASE_URL: testDatabaseUrl(t.sql), TEMPORAL_TASK_QUEUE: t.taskQueue };
  const run = await promisify(execFile)(join(projectRoot, 'bin', 'pal.js'), ['check', '--json', ...args], { cwd: projectRoot, env }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  const report = JSON.parse(run.stdout) as { leads: number; leadsWithoutWorkflow: string[]; workflowsWithoutLead: string[]; repaired: string[]; problems: { kind: string }[]; unchecked: unknown[] };
  // The shared dev server has no report schedule (test/workflows/schedule.test.ts makes one for a moment): pal check
  // rightly reports that too (test/e2e/alerts.test.ts), which is no concern of this suite's.
  const leadsOnly = report.problems.every((p) => p.kind.startsWith('schedule-')) && !report.unchecked.length && !report.leadsWithoutWorkflow.length && !report.workflowsWithoutLead.length;
  return { code: leadsOnly ? 0 : run.code, report };
}

test('a lead row without its workflow and a workflow without its row are found; --repair starts the missing workflow', async () => {
  for (const lastName of ['One', 'Two']) if (!(await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, lastName } }))).ok) throw new Error('refused');
  // Visibility catches up with the new workflows within a moment.
  await eventually(() => palCheck(), (r) => r.code === 0);
  expect((await palCheck()).report).toMatchObject({ leads: 2, leadsWithoutWorkflow: [], workflowsWithoutLead: [] });

  const orphan = randomUUID();
  await t.sql`insert into leads (id, intake, created_by) values (${orphan}, ${t.sql.json(sampleLead())}, 'rep-118')`;
  // A lead closed long ago whose workflow Temporal has deleted (the namespace's retention): nothing is missing.
  const closedLongAgo = randomUUID();
  await t.sql`insert into leads (id, intake, created_by, status, closed_at) values (${closedLongAgo}, ${t.sql.json(sampleLead())}, 'rep-118', 'resolved', now() - interval '100 days')`;
  const stray = randomUUID();
  // On the suite's task queue (pal check looks at its own queue only); it cannot route without its row.
  const strayHandle = await t.env.client.workflow.start('leadWorkflow', { taskQueue: t.taskQueue, workflowId: leadWorkflowId(stray), args: [{ leadId: stray }] });
  const found = await eventually(() => palCheck(), (r) => r.report.workflowsWithoutLead.length > 0);
  expect(found).toMatchObject({ code: 1, report: { leads: 4, leadsWithoutWorkflow: [orphan], workflowsWithoutLead: [leadWorkflowId(stray)] } });

  await strayHandle.terminate('test: a workflow without its lead row');
  await t.sql`insert into leads (id, intake, created_by) values (${stray}, ${t.sql.json(sampleLead())}, 'rep-118')`;
  const repaired = await palCheck('--repair');
  expect(repaired.report.repaired).toEqual([orphan]);
  const routed = await eventually(() => t.env.client.workflow.getHandle(leadWorkflowId(orphan)).query(statusQuery), (s) => s.status === 'awaiting-contact');
  expect(routed.assisterId).toBe('k-nav-stpaul');
  expect(await palCheck()).toMatchObject({ code: 0, report: { leads: 5, leadsWithoutWorkflow: [], workflowsWithoutLead: [] } });
});
