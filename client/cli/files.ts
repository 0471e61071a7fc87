import { readFileSync } from 'node:fs';
import { CliError } from './args';

export function readText(file: string | undefined, flag = '--file'): string {
  if (!file) throw new CliError(`${flag} is required`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`Cannot read ${file}`);
  }
}

export function readJsonFile(file: string | undefined, flag = '--file'): unknown {
  const text = readText(file, flag);
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not valid JSON`);
  }
}
