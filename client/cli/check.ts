// pal check [--repair] [--json]: compares leads in PostgreSQL with lead workflows in Temporal (an operator's tool:
// it connects to both directly, with the worker's configuration). Then PAL's health, the conditions that raise alerts
// (../health.ts). Exits 1 when something is missing or a problem is found.
import { connectDatabase } from '../../store/database';
import { alertConfig, databaseConfig, leadConfig, temporalConfig } from '../../platform/config';
import { connectClient } from '../../platform/temporal';
import { checkLeads, repairLeads } from '../check';
import { checkHealth, healthLines } from '../health';
import { CliError, parseCommand } from './args';

const usage = 'pal check [--repair] [--json]';

export async function checkCommand(argv: string[]): Promise<void> {
  const { positionals, values } = parseCommand(argv, { repair: { type: 'boolean' }, json: { type: 'boolean' } }, usage);
  if (positionals.length) throw new CliError(`usage: ${usage}`);
  const sql = connectDatabase(databaseConfig().url, { max: 2 });
  const client = await connectClient();
  try {
    const check = await checkLeads({ client, sql, taskQueue: temporalConfig().taskQueue });
    const repaired = values.repair ? await repairLeads({ client, taskQueue: temporalConfig().taskQueue, workflowDefaults: leadConfig().workflowDefaults }, check) : [];
    const health = await checkHealth({ client, sql, taskQueue: temporalConfig().taskQueue, outboxMinutes: alertConfig().outboxMinutes });
    if (values.json) console.log(JSON.stringify({ ...check, repaired, ...health }, null, 2));
    else {
      console.log(`${check.leads} leads in PostgreSQL, ${check.workflows} lead workflows in Temporal`);
      for (const id of check.leadsWithoutWorkflow) console.log(`lead ${id}: no workflow${repaired.includes(id) ? ' (started now)' : ''}`);
      for (const id of check.workflowsWithoutLead) console.log(`workflow ${id}: no lead row`);
      if (!check.leadsWithoutWorkflow.length && !check.workflowsWithoutLead.length) console.log('Nothing missing.');
      for (const line of healthLines(health)) console.log(line);
    }
    const unresolved = check.leadsWithoutWorkflow.length - repaired.length + check.workflowsWithoutLead.length;
    if (unresolved || health.problems.length || health.unchecked.length) process.exitCode = 1;
  } finally {
    await client.connection.close();
    await sql.end();
  }
}
