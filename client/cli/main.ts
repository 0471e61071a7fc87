// The `pal` command line: thin clients of Temporal and the database for coordinators and the contact center.
import { loadDevEnv } from '../../platform/dev-env';
import { CliError } from './args';
import { assisterCommand } from './assister';
import { checkCommand } from './check';
import { contactPointCommand } from './contact-point';
import { leadCommand } from './lead';
import { metricsCommand } from './metrics';
import { reportCommand } from './report';
import { routeCommand } from './route';

const commands: Record<string, { run: (argv: string[]) => Promise<void>; help: string }> = {
  lead: { run: leadCommand, help: 'lead create|deadlines|status|contact|appointment|resolve|decline|reassign …   (pal lead --help)' },
  route: { run: routeCommand, help: 'route --file lead.json [--assisters directory.json] [--json]   why a lead would go where' },
  report: { run: reportCommand, help: 'report calendar|generate|submit …   the biweekly Preferred Assister Report' },
  assister: { run: assisterCommand, help: 'assister list|show|add|update|suspend|resume|move-leads|contact-point|confirm-contact-point|import|token …' },
  metrics: { run: metricsCommand, help: 'metrics [--assister ID] [--period DATE] [--json] | metrics export --file metrics.xlsx   performance' },
  check: { run: checkCommand, help: 'check [--repair] [--json]   leads in PostgreSQL without a workflow, workflows without a lead' },
  'contact-point': { run: contactPointCommand, help: 'contact-point check --email ADDRESS   send a no-PII check message to a contact point' },
};

const usage = () => ['usage: pal COMMAND [options]', '', ...Object.values(commands).map((c) => `  pal ${c.help}`)].join('\n');

async function main([name = 'help', ...argv]: string[]) {
  loadDevEnv();
  const command = commands[name];
  if (!command) {
    console.log(usage());
    process.exitCode = name === 'help' || name === '--help' ? 0 : 2;
    return;
  }
  await command.run(argv);
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof CliError ? err.message : `pal: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
