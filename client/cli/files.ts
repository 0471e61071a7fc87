import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
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

/** The records of a directory file: a JSON array of assisters, or CSV with a header row. */
export function parseDirectory(text: string, fileName: string): unknown[] {
  if (extname(fileName).toLowerCase() === '.csv') {
    return parseCsv(text, { columns: true, skip_empty_lines: true, trim: true }) as unknown[];
  }
  const data = JSON.parse(text) as unknown;
  if (!Array.isArray(data)) throw new Error('An assister directory file must hold a JSON array of assisters');
  return data;
}
