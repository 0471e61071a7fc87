import { languageKey, routingLanguage, speaks } from '../../domain/languages';
import { route, type RoutableAssister, type RoutingFacts } from '../../domain/routing';
import { minnesotaZipLocation } from '../../domain/zip';

const at = (zip: string) => minnesotaZipLocation(zip)!;
const assister = (id: string, zip: string, more: Partial<RoutableAssister> = {}): RoutableAssister => ({
  id, type: 'navigator', status: 'active', capacity: 10, openLeads: 0, certificationExpires: '2099-12-31', ...at(zip), ...more,
});
const consumer = (preferredLanguage?: string): RoutingFacts & { location: ReturnType<typeof at> } => ({
  applicationActive: false, planSelectionHelp: false, determinations: [], location: at('55106'), ...(preferredLanguage && { preferredLanguage }),
});
// From St. Paul's 55106: 55101 is about 2 miles, 55401 (Minneapolis) about 10, 55802 (Duluth) about 140.
const closest = assister('nav-stpaul', '55101');
const speakerNear = assister('nav-minneapolis', '55401', { languages: ['Spanish', 'Hmong'] });
const speakerFar = assister('nav-duluth', '55802', { languages: ['Spanish'] });

test('a language folds to one key: names, codes, case and accents', () => {
  expect(['Spanish', 'español', 'ES', ' spa '].map(languageKey)).toEqual(['es', 'es', 'es', 'es']);
  expect(['Hmoob', 'Soomaali', 'Tiếng Việt'].map(languageKey)).toEqual(['hmn', 'so', 'vi']);
  expect(languageKey('Tigrinya')).toBe('tigrinya');
  expect(speaks(['Hmong', 'Español'], 'spanish')).toBe(true);
  expect(speaks(undefined, 'Spanish')).toBe(false);
  expect([undefined, '', 'English', 'en', 'Somali'].map(routingLanguage)).toEqual([undefined, undefined, undefined, undefined, 'Somali']);
});

test('a speaker of the consumer\'s language within the extra miles is chosen over a closer one, and the decision says so', () => {
  const d = route(consumer('Spanish'), [closest, speakerNear, speakerFar]);
  expect(d.assisterId).toBe('nav-minneapolis');
  expect(d.language).toEqual({ preferred: 'Spanish', spoken: true, closerPassedOver: { assisterId: 'nav-stpaul', extraMiles: expect.any(Number) } });
  expect(d.language!.closerPassedOver!.extraMiles).toBeLessThan(30);
  expect(d.candidates.map((c) => [c.assisterId, c.speaksLanguage])).toEqual([['nav-stpaul', false], ['nav-minneapolis', true], ['nav-duluth', true]]);
});

test('beyond the extra miles the closest is chosen; the closest speaker wins outright; English and no language change nothing', () => {
  // Only the far speaker: 140 miles is more than 30 farther.
  expect(route(consumer('Spanish'), [closest, speakerFar])).toMatchObject({ assisterId: 'nav-stpaul', language: { preferred: 'Spanish', spoken: false } });
  // A smaller allowance than the distance between them.
  expect(route(consumer('Spanish'), [closest, speakerNear], [], { languageExtraMiles: 1 })).toMatchObject({ assisterId: 'nav-stpaul', language: { spoken: false } });
  expect(route(consumer('Hmong'), [assister('nav-stpaul', '55101', { languages: ['Hmong'] }), speakerNear])).toMatchObject({ assisterId: 'nav-stpaul', language: { spoken: true } });
  expect(route(consumer('Hmong'), [assister('nav-stpaul', '55101', { languages: ['Hmong'] }), speakerNear]).language).not.toHaveProperty('closerPassedOver');
  for (const d of [route(consumer('English'), [closest, speakerNear]), route(consumer(), [closest, speakerNear])]) {
    expect(d.assisterId).toBe('nav-stpaul');
    expect(d.language).toBeUndefined();
    expect(d.candidates[0]).not.toHaveProperty('speaksLanguage');
  }
});

test('a speaker that cannot take the lead is not chosen; a coordinator\'s named assister is not a language choice', () => {
  expect(route(consumer('Spanish'), [closest, { ...speakerNear, openLeads: 10 }]).assisterId).toBe('nav-stpaul');
  expect(route(consumer('Spanish'), [closest, speakerNear], ['nav-minneapolis']).assisterId).toBe('nav-stpaul');
  const named = route(consumer('Spanish'), [closest, speakerNear], [], { target: 'nav-stpaul' });
  expect(named).toMatchObject({ assisterId: 'nav-stpaul' });
  expect(named.language).toBeUndefined();
});
