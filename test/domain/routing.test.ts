import { assisterTypeFor, route, type RoutableAssister, type RoutingFacts } from '../../domain/routing';
import { minnesotaZipLocation } from '../../domain/zip';

const facts = (f: Partial<RoutingFacts>): RoutingFacts => ({ applicationActive: true, planSelectionHelp: false, determinations: [], ...f });

describe('assisterTypeFor: the rules in order, first match decides', () => {
  test.each([
    [facts({ applicationActive: false, planSelectionHelp: true, determinations: ['QHP'] }), 'navigator', 'no-application'],
    [facts({ planSelectionHelp: true, determinations: ['MA'] }), 'broker', 'plan-selection'],
    [facts({ determinations: ['MA'] }), 'navigator', 'public-program'],
    [facts({ determinations: ['MinnesotaCare'] }), 'navigator', 'public-program'],
    [facts({ determinations: ['QHP', 'MA'] }), 'navigator', 'public-program'], // mixed eligibility: brokers may not assist with MA
    [facts({ determinations: ['QHP'] }), 'broker', 'qhp'],
    [facts({ determinations: [] }), 'navigator', 'pending-determination'],
  ])('%j → %s (%s)', (f, type, rule) => expect(assisterTypeFor(f)).toEqual({ type, rule }));
});

describe('route', () => {
  const at = (zip: string) => minnesotaZipLocation(zip)!;
  const assister = (id: string, zip: string, more: Partial<RoutableAssister> = {}): RoutableAssister => ({
    id, type: 'navigator', status: 'active', capacity: 10, openLeads: 0, ...at(zip), ...more,
  });
  const stPaulConsumer = { ...facts({ applicationActive: false }), location: at('55106') };
  const directory = [
    assister('nav-duluth', '55802'),
    assister('nav-stpaul', '55101'),
    assister('nav-minneapolis', '55401'),
    assister('broker-stpaul', '55106', { type: 'broker' }),
  ];

  test('chooses the closest eligible assister of the right type and explains the choice', () => {
    const decision = route(stPaulConsumer, directory);
    expect(decision).toMatchObject({ assisterType: 'navigator', rule: 'no-application', assisterId: 'nav-stpaul' });
    expect(decision.candidates.map((c) => c.assisterId)).toEqual(['nav-stpaul', 'nav-minneapolis', 'nav-duluth']);
    expect(decision.distanceMiles).toBeGreaterThan(0);
    expect(decision.distanceMiles).toBeLessThan(5);
    expect(decision.candidates[2]!.distanceMiles).toBeGreaterThan(120); // St. Paul to Duluth is ~135 miles
  });

  test('skips suspended, full and excluded assisters, saying why', () => {
    const decision = route(
      stPaulConsumer,
      [assister('nav-stpaul', '55101', { status: 'suspended' }), assister('nav-minneapolis', '55401', { openLeads: 10 }), ...directory.slice(0, 1)],
    );
    expect(decision.assisterId).toBe('nav-duluth');
    expect(decision.candidates.filter((c) => c.skipped).map((c) => [c.assisterId, c.skipped])).toEqual([
      ['nav-stpaul', 'suspended'],
      ['nav-minneapolis', 'at-capacity'],
    ]);
    expect(route(stPaulConsumer, directory, ['nav-stpaul']).assisterId).toBe('nav-minneapolis');
  });

  test('ties go to the assister with fewer open leads', () => {
    const decision = route(stPaulConsumer, [assister('nav-a', '55101', { openLeads: 4 }), assister('nav-b', '55101', { openLeads: 2 })]);
    expect(decision.assisterId).toBe('nav-b');
  });

  test('with no eligible assister the decision has none, so the lead waits', () => {
    const decision = route({ ...facts({ determinations: ['QHP'] }), location: at('56601') }, directory.slice(0, 3));
    expect(decision).toMatchObject({ assisterType: 'broker', rule: 'qhp', assisterId: undefined, candidates: [] });
  });
});
