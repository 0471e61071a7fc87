// The `pal` command line: thin clients of Temporal and the database for coordinators and the contact center. Each
// command's module is loaded only when it runs (require: bin/pal.js runs the CLI as CommonJS), so `pal lead …` and
// every --help start without loading what the other commands need.
import { loadDevEnv } from '../../platform/dev-env';
import { asksForHelp, CliError, CliHelp } from './args';

type Command = { run: (argv: string[]) => Promise<void>; help: string };

/* eslint-disable @typescript-eslint/no-require-imports */
const commands: Record<string, Command> = {
  lead: { run: async (argv) => (require('./lead') as typeof import('./lead')).leadCommand(argv), help: 'lead create|deadlines|status|contact|appointment|resolve|decline|reassign …   (pal lead --help)' },
  route: { run: async (argv) => (require('./route') as typeof import('./route')).routeCommand(argv), help: 'route --file lead.json [--assisters directory.json] [--json]   why a lead would go where' },
  report: { run: async (argv) => (require('./report') as typeof import('./report')).reportCommand(argv), help: 'report calendar|generate|submit|schedule …   the biweekly Preferred Assister Report' },
  assister: {
    run: async (argv) => (require('./assister') as typeof import('./assister')).assisterCommand(argv),
    help: 'assister list|show|add|update|suspend|resume|move-leads|contact-point|confirm-contact-point|cancel-contact-point|import|token …',
  },
  metrics: { run: async (argv) => (require('./metrics') as typeof import('./metrics')).metricsCommand(argv), help: 'metrics [--assister ID] [--period DATE] [--json] | metrics export --file metrics.xlsx   performance' },
  audit: { run: async (argv) => (require('./audit') as typeof import('./audit')).auditCommand(argv), help: 'audit export --from DATE --to DATE --file audit.csv   the audit trail of those days, as CSV' },
  check: { run: async (argv) => (require('./check') as typeof import('./check')).checkCommand(argv), help: 'check [--repair] [--json]   leads in PostgreSQL without a workflow, workflows without a lead' },
  backup: { run: async (argv) => (require('./backup') as typeof import('./backup')).backupCommand(argv), help: 'backup --file pal.dump [--force]   a consistent dump of PAL\'s PostgreSQL database (pg_dump)' },
  restore: { run: async (argv) => (require('./backup') as typeof import('./backup')).restoreCommand(argv), help: 'restore --file pal.dump   a backup into an empty database (pg_restore), then newer migrations' },
  'contact-point': { run: async (argv) => (require('./contact-point') as typeof import('./contact-point')).contactPointCommand(argv), help: 'contact-point check --email ADDRESS   send a no-PII check message to a contact point' },
};
/* eslint-enable @typescript-eslint/no-require-imports */

const usage = () =>
  ['usage: pal COMMAND [options]', '', ...Object.values(commands).map((c) => `  pal ${c.help}`), '', 'pal COMMAND --help (or -h, or pal help COMMAND) shows the options of a command.'].join('\n');

async function main([name = 'help', ...argv]: string[]) {
  loadDevEnv();
  if (name === 'help' && argv[0] && commands[argv[0]]) return commands[argv[0]]!.run(['--help']);
  const command = commands[name];
  if (command) return command.run(argv);
  if (name === 'help' || asksForHelp([name])) return console.log(usage());
  console.error(`Unknown command '${name}'\n${usage()}`);
  process.exitCode = 2;
}

main(process.argv.slice(2)).catch((err) => {
  if (err instanceof CliHelp) return console.log(err.message);
  console.error(err instanceof CliError ? err.message : `pal: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
