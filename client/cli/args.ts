import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';

export class CliError extends Error {}

export type CliOptions = NonNullable<ParseArgsConfig['options']>;
export type CliArgs = { positionals: string[]; values: Record<string, string | boolean | undefined> };

/** Parses a command's arguments against its declared options; unknown flags are an error. */
export function parseCommand(argv: string[], options: CliOptions, usage: string): CliArgs {
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
