// The `pal` command line: thin clients of Temporal and the database for coordinators and the contact center.
import { loadDevEnv } from '../../platform/dev-env';
import { CliError, parseCli, type CliArgs } from './args';
import { contactPointCommand } from './contact-point';

const commands: Record<string, { run: (args: CliArgs) => Promise<void>; help: string }> = {
  'contact-point': { run: contactPointCommand, help: 'contact-point check --email ADDRESS   send a no-PII check message to a contact point' },
};

function usage(): string {
  return ['usage: pal COMMAND [options]', '', ...Object.values(commands).map((c) => `  pal ${c.help}`)].join('\n');
}

async function main(argv: string[]) {
  loadDevEnv();
  const args = parseCli(argv);
  const command = commands[args.command];
  if (!command) {
    console.log(usage());
    process.exitCode = args.command === 'help' ? 0 : 2;
    return;
  }
  await command.run(args);
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof CliError ? err.message : `pal: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
