// pal assister import --file assisters.json|csv ; pal assister token --assister ID
import { parseDirectory } from '../assisters';
import { CliError, parseCommand } from './args';
import { callApi } from './api-client';
import { readText } from './files';

const usage = 'pal assister import --file assisters.json|csv\n       pal assister token --assister ID';

export async function assisterCommand(argv: string[]): Promise<void> {
  const { positionals, values } = parseCommand(argv, { file: { type: 'string' }, assister: { type: 'string' }, json: { type: 'boolean' } }, usage);
  if (positionals[0] === 'import') {
    const file = values.file as string | undefined;
    let records: unknown[];
    try {
      records = parseDirectory(readText(file), file!);
    } catch (err) {
      throw new CliError(`${file}: ${(err as Error).message}`);
    }
    const { body } = await callApi<{ inserted: number; updated: number; wokenLeads: number }>('coordinator', 'POST', '/api/assisters/import', records);
    return console.log(values.json ? JSON.stringify(body) : `Imported ${records.length} assisters (${body.inserted} new, ${body.updated} updated); ${body.wokenLeads} waiting leads woken`);
  }
  if (positionals[0] === 'token') {
    if (typeof values.assister !== 'string') throw new CliError(`--assister is required\nusage: ${usage}`);
    const { body } = await callApi<{ token: string }>('coordinator', 'POST', `/api/assisters/${encodeURIComponent(values.assister)}/tokens`, {});
    return console.log(values.json ? JSON.stringify(body) : `Token for ${values.assister} (shown once; give it to the assister as PAL_TOKEN):\n${body.token}`);
  }
  throw new CliError(`usage: ${usage}`);
}
