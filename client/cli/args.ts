import { parseArgs } from 'node:util';

export class CliError extends Error {}

export type CliArgs = { command: string; positionals: string[]; values: Record<string, string | boolean | undefined> };

/** Splits `pal COMMAND [SUB] --flag value …`; every command validates its own flags with zod. */
export function parseCli(argv: string[]): CliArgs {
  const { positionals, values } = parseArgs({ args: argv, strict: false, allowPositionals: true });
  const [command = 'help', ...rest] = positionals;
  return { command, positionals: rest, values: values as CliArgs['values'] };
}
