import { assisterTypeFor, namedAssisterIneligibility, route, type RoutableAssister, type RoutingFacts } from '../../domain/routing';
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
    id, type: 'navigator', status: 'active', capacity: 10, openLeads: 0, certificationExpires: '2099-12-31', ...at(zip), ...more,
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

  test('skips an assister whose certification has lapsed or is not on record, saying why', () => {
    const today = '2026-11-26';
    const decision = route(
      stPaulConsumer,
      [assister('nav-stpaul', '55101', { certificationExpires: '2026-11-25' }), assister('nav-minneapolis', '55401', { certificationExpires: undefined }), assister('nav-duluth', '55802', { certificationExpires: today })],
      [],
      { today },
    );
    expect(decision.assisterId).toBe('nav-duluth');
    expect(decision.candidates.map((c) => [c.assisterId, c.skipped])).toEqual([
      ['nav-stpaul', 'certification-lapsed'],
      ['nav-minneapolis', 'uncertified'],
      ['nav-duluth', undefined],
    ]);
  });

  test('a named assister routing would pass over is refused with the reason; an override may lift all but the public-program rule', () => {
    const today = '2026-11-26';
    const publicProgram = { ...facts({ determinations: ['MA'] }), location: at('55106') };
    const named = [
      ...directory,
      assister('nav-full', '55101', { openLeads: 10 }),
      assister('nav-off', '55101', { status: 'suspended' }),
      assister('nav-lapsed', '55101', { certificationExpires: '2026-01-31' }),
    ];
    const why = (id: string, f: RoutingFacts = publicProgram) => namedAssisterIneligibility(f, named, id, today);
    expect(why('nav-duluth')).toBeUndefined();
    expect(why('nav-full')).toEqual({ reason: 'Assister nav-full is at capacity', overridable: true });
    expect(why('nav-off')).toEqual({ reason: 'Assister nav-off is suspended', overridable: true });
    expect(why('nav-lapsed')).toEqual({ reason: 'Assister nav-lapsed has a lapsed certification', overridable: true });
    expect(why('nav-nobody')).toEqual({ reason: 'Assister nav-nobody is not in the directory', overridable: false });
    expect(why('broker-stpaul')).toEqual({ reason: expect.stringMatching(/^Assister broker-stpaul is a broker, and brokers may not assist .* \(rule public-program\)$/), overridable: false });
    expect(why('broker-stpaul', facts({ applicationActive: false }))).toEqual({ reason: 'Assister broker-stpaul is a broker; rule no-application sends this lead to a navigator', overridable: true });

    // Routing to a named assister: it goes there (an overridden reason is in the decision), except where no override may.
    expect(route(publicProgram, named, [], { today, target: 'nav-full' })).toMatchObject({ assisterId: 'nav-full', target: { assisterId: 'nav-full', ineligible: 'Assister nav-full is at capacity' } });
    expect(route(publicProgram, named, [], { today, target: 'nav-duluth' })).toMatchObject({ assisterId: 'nav-duluth', target: { assisterId: 'nav-duluth' } });
    expect(route(publicProgram, named, [], { today, target: 'broker-stpaul' })).toMatchObject({ assisterType: 'navigator', assisterId: 'nav-stpaul', target: { assisterId: 'broker-stpaul', ineligible: expect.stringMatching(/public-program/) } });
  });
});
