// pal route --file lead.json [--assisters directory.json|csv] [--json]: the routing decision, creating nothing.
import type { Assister } from '../../domain/assister';
import { validateLead } from '../../domain/lead';
import { languageWords, route, routingFactsOf, type RoutableAssister, type RoutingDecision } from '../../domain/routing';
import { routingConfig } from '../../platform/config';
import { minnesotaZipLocation } from '../../domain/zip';
import { validateDirectory } from '../api/directory-import';
import { CliError, parseCommand } from './args';
import { callApi } from './api-client';
import { parseDirectory, readJsonFile, readText } from './files';

const toRoutable = (a: Assister): RoutableAssister => ({ ...a, ...minnesotaZipLocation(a.zip)!, openLeads: a.openLeads ?? 0 });

const usage = 'pal route --file lead.json [--assisters directory.json|csv] [--json]';

export async function routeCommand(argv: string[]): Promise<void> {
  const { values } = parseCommand(argv, { file: { type: 'string' }, assisters: { type: 'string' }, json: { type: 'boolean' } }, usage);
  const input = readJsonFile(values.file as string | undefined);
  let decision: RoutingDecision;
  if (typeof values.assisters === 'string') {
    // What-if against a proposed directory: nothing is read from or written to PAL.
    const lead = validateLead(input);
    if (!lead.ok) throw new CliError(['The lead is not valid', ...lead.problems.map((p) => `  ${p.field}: ${p.message}`)].join('\n'));
    const directory = validateDirectory(parseDirectory(readText(values.assisters, '--assisters'), values.assisters));
    if (!directory.ok) throw new CliError(['The directory is not valid', ...directory.problems.map((p) => `  record ${p.record}, ${p.field}: ${p.message}`)].join('\n'));
    decision = route(routingFactsOf(lead.lead), directory.assisters.map(toRoutable), [], routingConfig());
  } else decision = (await callApi<RoutingDecision>('contact-center', 'POST', '/api/route', input)).body;

  if (values.json) return console.log(JSON.stringify(decision, null, 2));
  console.log(`Type: ${decision.assisterType} (rule ${decision.rule})`);
  console.log(decision.assisterId ? `Assister: ${decision.assisterId}, ${decision.distanceMiles} miles` : 'No eligible assister: the lead would wait and the coordinator be alerted');
  if (decision.language) console.log(`Language: ${languageWords(decision)}`);
  for (const c of decision.candidates)
    console.log(`  ${c.assisterId.padEnd(24)} ${String(c.distanceMiles).padStart(6)} mi  ${c.openLeads} open${c.speaksLanguage ? `  speaks ${decision.language!.preferred}` : ''}${c.skipped ? `  skipped: ${c.skipped}` : ''}`);
}
