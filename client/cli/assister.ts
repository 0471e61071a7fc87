// pal assister …: the preferred assister directory and an assister's requests, through the HTTP API. Commands an
// assister may run for itself use PAL_TOKEN (its own token), or the coordinator's in a dev clone.
import type { AssisterSummary } from '../../store/assisters';
import { CliError, parseCommand } from './args';
import { callApi } from './api-client';
import { parseDirectory, readText } from './files';

const usage = `pal assister list [--json]
       pal assister show --assister ID [--json]
       pal assister add --id ID --name NAME --type navigator|broker --zip ZIP --email EMAIL --capacity N --certification ID-OR-NPN --certification-expires YYYY-MM-DD [--open-leads N] [--public-phone PHONE] [--languages "Spanish;Hmong"]
       pal assister update --assister ID [--name NAME] [--type T] [--zip ZIP] [--capacity N] [--open-leads N] [--certification ID-OR-NPN] [--certification-expires YYYY-MM-DD] [--public-phone PHONE|none] [--languages "Spanish;Hmong"|""]
       pal assister suspend --assister ID --reason no-new-leads|appointments-delayed
       pal assister resume --assister ID              an assister lifts only its own suspension, a coordinator any
       pal assister move-leads --assister ID          move a suspended assister's open leads to the next eligible ones
       pal assister contact-point --assister ID --email NEW   the new address must confirm before it receives leads
       pal assister confirm-contact-point --assister ID --code CODE
       pal assister approve-contact-point --assister ID [--code CODE]   a change the assister asked for: the code sent to its current address, or a coordinator
       pal assister cancel-contact-point --assister ID
       pal assister import --file assisters.json|csv
       pal assister token --assister ID [--days N]   a token for the assister, valid N days (default and at most 365)
       pal assister tokens --assister ID [--json]     its tokens: issued, expires, last used, revoked
       pal assister revoke-tokens --assister ID       revoke every token of the assister`;

const options = {
  file: { type: 'string' },
  assister: { type: 'string' },
  id: { type: 'string' },
  name: { type: 'string' },
  type: { type: 'string' },
  zip: { type: 'string' },
  email: { type: 'string' },
  capacity: { type: 'string' },
  'open-leads': { type: 'string' },
  certification: { type: 'string' },
  'certification-expires': { type: 'string' },
  'public-phone': { type: 'string' },
  languages: { type: 'string' },
  reason: { type: 'string' },
  code: { type: 'string' },
  days: { type: 'string' },
  json: { type: 'boolean' },
} as const;

type Values = Record<string, string | boolean | undefined>;

function required(values: Values, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || !v) throw new CliError(`--${name} is required\nusage: ${usage}`);
  return v;
}

/** Flags as an API body: only those given; numbers stay text for the API's checks to name. */
function fields(values: Values, names: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(names).flatMap(([flag, field]) => (typeof values[flag] === 'string' ? [[field, values[flag] as string]] : [])));
}

const FIELDS = { name: 'name', type: 'type', zip: 'zip', capacity: 'capacity', 'open-leads': 'openLeads', certification: 'certification', 'certification-expires': 'certificationExpires', 'public-phone': 'publicPhone', languages: 'languages' };

function printChanges(result: { requestId?: string; changes?: Record<string, [unknown, unknown]>; moved?: number; refused?: number }) {
  const changes = Object.entries(result.changes ?? {}).map(([field, [before, after]]) => `  ${field}: ${before ?? '(none)'} → ${after ?? '(none)'}`);
  console.log([`Done (request ${result.requestId}).`, ...(result.moved !== undefined ? [`  ${result.moved} leads moved, ${result.refused ?? 0} could not be moved`] : []), ...changes].join('\n'));
}

export async function assisterCommand(argv: string[]): Promise<void> {
  const { positionals, values } = parseCommand(argv, options, usage);
  const json = (body: unknown) => console.log(JSON.stringify(body, null, 2));
  const path = (suffix = '') => `/api/assisters/${encodeURIComponent(required(values, 'assister'))}${suffix}`;
  switch (positionals[0]) {
    case 'list': {
      const { body } = await callApi<AssisterSummary[]>('coordinator', 'GET', '/api/assisters');
      if (values.json) return json(body);
      console.log(['id'.padEnd(22) + 'type'.padEnd(11) + 'status'.padEnd(11) + 'open/cap'.padEnd(10) + 'contact point', ...body.map((a) =>
        a.id.padEnd(22) + a.type.padEnd(11) + a.status.padEnd(11) + `${a.openLeads}/${a.capacity}`.padEnd(10) + a.email + (a.pendingContactPoint ? `  (change to ${a.pendingContactPoint} awaiting confirmation)` : ''),
      )].join('\n'));
      return;
    }
    case 'show': {
      const { body } = await callApi<AssisterSummary & { history: { at: string; kind: string; changedBy: string; change: Record<string, unknown> }[] }>('coordinator', 'GET', path());
      if (values.json) return json(body);
      const { history, ...summary } = body;
      console.log([
        ...Object.entries(summary).map(([k, v]) => `${k.padEnd(20)}${v ?? '-'}`),
        '',
        'history:',
        ...history.map((h) => `  ${h.at}  ${h.kind.padEnd(22)} by ${h.changedBy}: ${JSON.stringify(h.change)}`),
      ].join('\n'));
      return;
    }
    case 'add': {
      const body = { id: required(values, 'id'), email: required(values, 'email'), status: 'active', ...fields(values, FIELDS) };
      const res = await callApi<{ requestId: string }>('coordinator', 'POST', '/api/assisters', body);
      return values.json ? json(res.body) : printChanges(res.body);
    }
    case 'update': {
      // --public-phone none removes the organization's public phone.
      const body = { ...fields(values, FIELDS), ...(values['public-phone'] === 'none' && { publicPhone: null }) };
      const res = await callApi<{ requestId: string }>('coordinator', 'PATCH', path(), body);
      return values.json ? json(res.body) : printChanges(res.body);
    }
    case 'suspend':
    case 'resume':
    case 'move-leads': {
      const target = path(`/${positionals[0]}`);
      const body = positionals[0] === 'suspend' ? { reason: required(values, 'reason') } : {};
      const res = await callApi<{ requestId: string }>('coordinator', 'POST', target, body);
      return values.json ? json(res.body) : printChanges(res.body);
    }
    case 'contact-point': {
      const res = await callApi<{ changeId: string; approval: string }>('coordinator', 'POST', path('/contact-point'), { email: required(values, 'email') });
      const approval = res.body.approval === 'awaiting' ? ' It also needs approval: a code went to the current address (or the coordinator approves it).' : '';
      return values.json ? json(res.body) : console.log(`Change ${res.body.changeId} requested: a confirmation code went to the new address; leads keep going to the current one until it is confirmed.${approval}`);
    }
    case 'confirm-contact-point':
    case 'approve-contact-point':
    case 'cancel-contact-point': {
      const action = positionals[0].replace('-contact-point', '');
      const body = action === 'confirm' ? { code: required(values, 'code') } : action === 'approve' && typeof values.code === 'string' ? { code: values.code } : {};
      const res = await callApi<{ state: string }>('coordinator', 'POST', path(`/contact-point/${action}`), body);
      return values.json ? json(res.body) : console.log(`Contact point change ${res.body.state}.`);
    }
    case 'import': {
      const file = values.file as string | undefined;
      let records: unknown[];
      try {
        records = parseDirectory(readText(file), file!);
      } catch (err) {
        throw new CliError(`${file}: ${(err as Error).message}`);
      }
      const { body } = await callApi<{ inserted: number; updated: number; wokenLeads: number; contactPointChanges: { record: number; assisterId: string; email: string; started: boolean }[] }>(
        'coordinator',
        'POST',
        '/api/assisters/import',
        records,
      );
      if (values.json) return console.log(JSON.stringify(body));
      const changes = body.contactPointChanges.map((c) => `  record ${c.record}: ${c.assisterId} → ${c.email}: contact point change ${c.started ? 'started' : 'already waiting'}; it takes effect once the new address confirms`);
      return console.log([`Imported ${records.length} assisters (${body.inserted} new, ${body.updated} updated); ${body.wokenLeads} waiting leads woken`, ...changes].join('\n'));
    }
    case 'token': {
      const days = typeof values.days === 'string' ? Number(values.days) : undefined;
      const { body } = await callApi<{ token: string; days: number }>('coordinator', 'POST', path('/tokens'), days === undefined ? {} : { days });
      return console.log(values.json ? JSON.stringify(body) : `Token for ${values.assister}, valid ${body.days} days (shown once; give it to the assister as PAL_TOKEN):\n${body.token}`);
    }
    case 'tokens': {
      const { body } = await callApi<{ id: number; issuedAt: string; expiresAt: string; lastUsedAt: string | null; revokedAt: string | null }[]>('coordinator', 'GET', path('/tokens'));
      if (values.json) return json(body);
      const row = (cells: string[]) => cells.map((c, i) => (i < 4 ? c.padEnd([8, 26, 26, 26][i]!) : c)).join('');
      return console.log([row(['id', 'issued', 'expires', 'last used', 'revoked']), ...body.map((t) => row([String(t.id), t.issuedAt, t.expiresAt, t.lastUsedAt ?? 'never', t.revokedAt ?? '-']))].join('\n'));
    }
    case 'revoke-tokens': {
      const { body } = await callApi<{ revoked: number }>('coordinator', 'DELETE', path('/tokens'));
      return values.json ? json(body) : console.log(`Revoked ${body.revoked} token(s) of ${values.assister}: they are refused from now on.`);
    }
    default:
      throw new CliError(`usage: ${usage}`);
  }
}
