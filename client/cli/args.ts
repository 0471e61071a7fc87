import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';

export class CliError extends Error {}

/** --help or -h: the message is the usage, for standard output, and pal exits 0. */
export class CliHelp extends Error {}

export type CliOptions = NonNullable<ParseArgsConfig['options']>;
export type CliArgs = { positionals: string[]; values: Record<string, string | boolean | undefined> };

/** Whether the arguments ask for help (`--help` or `-h` anywhere before a `--`). */
export const asksForHelp = (argv: string[]) => argv.slice(0, argv.includes('--') ? argv.indexOf('--') : argv.length).some((a) => a === '--help' || a === '-h');

/**
 * The usage to show for these arguments: the lines of the subcommand they name (`pal lead create`), or every line
 * of the command when they name none.
 */
function usageFor(argv: string[], options: CliOptions, usage: string): string {
  const lines = usage.split('\n').map((l) => l.trim());
  const { positionals } = parseArgs({ args: argv.filter((a) => a !== '--help' && a !== '-h'), options, strict: false, allowPositionals: true });
  const sub = positionals[0];
  const own = sub ? lines.filter((l) => l.split(' ')[2] === sub) : [];
  return `usage: ${(own.length ? own : lines).join('\n       ')}`;
}

/** Parses a command's arguments against its declared options; unknown flags are an error, --help and -h ask for its usage. */
export function parseCommand(argv: string[], options: CliOptions, usage: string): CliArgs {
  if (asksForHelp(argv)) throw new CliHelp(usageFor(argv, options, usage));
  try {
    const { positionals, values } = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
    return { positionals, values: values as CliArgs['values'] };
  } catch (err) {
    throw new CliError(`${(err as Error).message}\nusage: ${usage}`);
  }
}

/** Validates parsed flags with a zod schema, listing every problem at once. */
export function validateFlags<S extends z.ZodType>(schema: S, values: CliArgs['values'], usage: string): z.infer<S> {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  throw new CliError([...result.error.issues.map((i) => i.message), `usage: ${usage}`].join('\n'));
}
