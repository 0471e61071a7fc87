// Language-aware routing on the dev server: a coordinator records the languages an assister's staff speak (API,
// import, pal assister); routing prefers a speaker of the consumer's language up to PAL_LANGUAGE_EXTRA_MILES farther
// than the closest eligible assister, and /api/route, pal route and the lead's own routing say so.
import { runPal, startTestApi, testTokens as tokens } from '../support/api';
import { testDir } from '../support/temp';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { assister, sampleLead } from '../support/samples';

let t: LeadTestEnv;
let server: Awaited<ReturnType<typeof startTestApi>>;
beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  // From the sample consumer's 55106: St. Paul about 2 miles, Minneapolis about 10, Duluth about 140.
  await t.addAssisters([assister('lr-nav-stpaul', '55101'), assister('lr-nav-mpls', '55401'), assister('lr-nav-duluth', '55802')]);
  server = await startTestApi(t, { mailer: t.mailer });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const call = async (token: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const spanishSpeaker = (preferredLanguage = 'español') => sampleLead({ consumer: { ...sampleLead().consumer, preferredLanguage } });

test('languages are recorded like any field; routing prefers a speaker within the allowance and says why', async () => {
  expect(await call(tokens.coordinatorToken, 'PATCH', '/api/assisters/lr-nav-mpls', { languages: ['Spanish', 'Hmong'] })).toMatchObject({ status: 200, body: { changes: { languages: [[], ['Spanish', 'Hmong']] } } });
  expect((await call(tokens.coordinatorToken, 'PATCH', '/api/assisters/lr-nav-mpls', { languages: 'Spanish' })).status).toBe(200); // a CSV-style list
  expect(await call(tokens.coordinatorToken, 'PATCH', '/api/assisters/lr-nav-mpls', { languages: ['x'.repeat(41)] })).toMatchObject({ status: 400, body: { details: [{ field: 'languages.0' }] } });
  expect((await call(tokens.coordinatorToken, 'GET', '/api/assisters/lr-nav-mpls')).body).toMatchObject({ languages: ['Spanish'] });

  const decision = await call(tokens.contactCenterToken, 'POST', '/api/route', spanishSpeaker());
  expect(decision.body).toMatchObject({ assisterId: 'lr-nav-mpls', language: { preferred: 'español', spoken: true, closerPassedOver: { assisterId: 'lr-nav-stpaul' } } });
  expect((decision.body.candidates as { assisterId: string; speaksLanguage: boolean }[]).map((c) => [c.assisterId, c.speaksLanguage])).toEqual([
    ['lr-nav-stpaul', false],
    ['lr-nav-mpls', true],
    ['lr-nav-duluth', false],
  ]);
  // English, or a language nobody speaks: the closest.
  expect((await call(tokens.contactCenterToken, 'POST', '/api/route', spanishSpeaker('English'))).body).toMatchObject({ assisterId: 'lr-nav-stpaul' });
  expect((await call(tokens.contactCenterToken, 'POST', '/api/route', spanishSpeaker('Somali'))).body).toMatchObject({ assisterId: 'lr-nav-stpaul', language: { spoken: false } });

  // The lead itself goes there: routing in the lead workflow's activity decides the same way.
  t.clock.now = new Date();
  const created = await t.createLead(spanishSpeaker('Spanish'));
  expect(created.ok && created.lead.assisterId).toBe('lr-nav-mpls');

  // pal route explains it, from PAL or against a proposed directory file (CSV, languages separated by semicolons).
  const dir = testDir('pal-language-');
  writeFileSync(join(dir, 'spanish.json'), JSON.stringify(spanishSpeaker('Spanish')));
  const viaApi = await runPal(server.url, tokens.contactCenterToken, 'route', '--file', join(dir, 'spanish.json'));
  expect(viaApi.stdout).toMatch(/^Language: Spanish: lr-nav-mpls speaks it, [\d.]+ miles farther than lr-nav-stpaul, the closest, which does not$/m);
  expect(viaApi.stdout).toMatch(/lr-nav-mpls\s+[\d.]+ mi\s+\d+ open\s+speaks Spanish/);
  const lead = join(dir, 'hmong.json');
  writeFileSync(lead, JSON.stringify(spanishSpeaker('Hmoob')));
  const directory = join(dir, 'directory.csv');
  writeFileSync(
    directory,
    [
      'id,name,type,zip,email,status,capacity,certification,certificationExpires,languages',
      'x-near,Near,navigator,55101,near@example.org,active,5,MN-1,2099-12-31,',
      'x-duluth,Far,navigator,55802,far@example.org,active,5,MN-2,2099-12-31,Hmong;Spanish',
    ].join('\n'),
  );
  const whatIf = await runPal(server.url, undefined, 'route', '--file', lead, '--assisters', directory);
  expect(whatIf.stdout).toMatch(/^Assister: x-near, /m);
  expect(whatIf.stdout).toContain('Language: Hmoob: no eligible assister that speaks it is close enough; the closest was chosen');
  expect(whatIf.stdout).toMatch(/x-duluth\s+[\d.]+ mi\s+0 open\s+speaks Hmoob/);
});
