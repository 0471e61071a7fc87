// The representative's override (domain.md, "Decision (overrides)"): a lead the rules send to a broker may go to
// the closest eligible navigator instead, with a reason; a lead the rules already send to a navigator may not use it,
// so a public-program household never reaches a broker this way.
import { validateLead } from '../../domain/lead';
import { assisterTypeFor, namedAssisterIneligibility, navigatorOverrideRefusal, route, routingFactsOf, type RoutableAssister, type RoutingFacts } from '../../domain/routing';
import { minnesotaZipLocation } from '../../domain/zip';
import { sampleLead } from '../support/samples';

const facts = (f: Partial<RoutingFacts>): RoutingFacts => ({ applicationActive: true, planSelectionHelp: false, determinations: [], ...f });
const at = (zip: string) => minnesotaZipLocation(zip)!;
const assister = (id: string, zip: string, more: Partial<RoutableAssister> = {}): RoutableAssister => ({
  id, type: 'navigator', status: 'active', capacity: 10, openLeads: 0, certificationExpires: '2099-12-31', ...at(zip), ...more,
});
const today = '2026-11-26';

describe('assisterTypeFor with the override', () => {
  test.each([
    [facts({ planSelectionHelp: true, determinations: ['MA'] }), 'plan-selection'],
    [facts({ determinations: ['QHP'] }), 'qhp'],
  ])('a broker rule (%j) gives way to a navigator, naming the rule it overrode', (f, overriddenRule) =>
    expect(assisterTypeFor({ ...f, navigatorOverride: true })).toEqual({ type: 'navigator', rule: 'navigator-by-representative', overriddenRule }),
  );

  test.each([
    [facts({ applicationActive: false }), 'no-application'],
    [facts({ determinations: ['MA', 'QHP'] }), 'public-program'],
    [facts({}), 'pending-determination'],
  ])('a navigator rule (%j) is unchanged, and the override is refused', (f, rule) => {
    expect(assisterTypeFor({ ...f, navigatorOverride: true })).toEqual({ type: 'navigator', rule });
    expect(navigatorOverrideRefusal(f)).toBe(`The rules already send this lead to a navigator (rule ${rule}); sending it to a navigator instead is only for a lead the rules send to a broker`);
  });

  test('a broker rule allows it', () => expect(navigatorOverrideRefusal(facts({ determinations: ['QHP'] }))).toBeUndefined());
});

describe('route with the override', () => {
  const directory = [
    assister('broker-stpaul', '55106', { type: 'broker' }),
    assister('nav-full', '55106', { openLeads: 10 }),
    assister('nav-suspended', '55106', { status: 'suspended' }),
    assister('nav-lapsed', '55106', { certificationExpires: '2026-01-01' }),
    assister('nav-stpaul', '55101'),
    assister('nav-duluth', '55802'),
  ];
  const qhpConsumer = { ...facts({ determinations: ['QHP'] }), location: at('55106') };

  test('goes to the closest eligible navigator, saying why closer ones were skipped and which rule was overridden', () => {
    expect(route(qhpConsumer, directory, [], { today })).toMatchObject({ assisterType: 'broker', rule: 'qhp', assisterId: 'broker-stpaul' });
    const decision = route({ ...qhpConsumer, navigatorOverride: true }, directory, [], { today });
    expect(decision).toMatchObject({ assisterType: 'navigator', rule: 'navigator-by-representative', overriddenRule: 'qhp', assisterId: 'nav-stpaul' });
    // Same distance: fewer open leads first, then by id.
    expect(decision.candidates.map((c) => [c.assisterId, c.skipped])).toEqual([
      ['nav-lapsed', 'certification-lapsed'],
      ['nav-suspended', 'suspended'],
      ['nav-full', 'at-capacity'],
      ['nav-stpaul', undefined],
      ['nav-duluth', undefined],
    ]);
    // Declined by the first navigator: the next navigator, never the broker.
    expect(route({ ...qhpConsumer, navigatorOverride: true }, directory, ['nav-stpaul'], { today }).assisterId).toBe('nav-duluth');
  });

  test('a coordinator reassigning such a lead: a navigator is of its type, a broker needs an override', () => {
    const overridden = { ...qhpConsumer, navigatorOverride: true };
    expect(namedAssisterIneligibility(overridden, directory, 'nav-duluth', today)).toBeUndefined();
    expect(namedAssisterIneligibility(overridden, directory, 'broker-stpaul', today)).toEqual({
      reason: 'Assister broker-stpaul is a broker; rule navigator-by-representative sends this lead to a navigator',
      overridable: true,
    });
  });

  test("the lead's own field sets the fact", () => {
    expect(routingFactsOf(sampleLead() as never)).not.toHaveProperty('navigatorOverride');
    expect(routingFactsOf(sampleLead({ navigatorOverride: { reason: 'r' } }) as never)).toMatchObject({ navigatorOverride: true });
  });
});

describe('the lead with navigatorOverride', () => {
  const problems = (lead: unknown) => {
    const v = validateLead(lead);
    return v.ok ? [] : v.problems;
  };
  const brokerLead = (more: Record<string, unknown> = {}) => sampleLead({ determinations: ['QHP'], ...more });

  test('is accepted with a reason when the rules choose a broker', () => {
    const v = validateLead(brokerLead({ navigatorOverride: { reason: '  Prefers free help  ' } }));
    expect(v.ok && v.lead.navigatorOverride).toEqual({ reason: 'Prefers free help' });
  });

  test('needs a reason of one line, at most 500 characters, and nothing else', () => {
    expect(problems(brokerLead({ navigatorOverride: { reason: ' ' } }))).toEqual([{ field: 'navigatorOverride.reason', message: 'Reason for sending to a navigator is required' }]);
    expect(problems(brokerLead({ navigatorOverride: {} }))).toEqual([{ field: 'navigatorOverride.reason', message: 'Reason for sending to a navigator is required' }]);
    expect(problems(brokerLead({ navigatorOverride: { reason: 'x'.repeat(501) } }))).toEqual([{ field: 'navigatorOverride.reason', message: 'Reason for sending to a navigator must be at most 500 characters' }]);
    expect(problems(brokerLead({ navigatorOverride: { reason: 'a\nb' } }))[0]!.message).toMatch(/control characters/);
    expect(problems(brokerLead({ navigatorOverride: { reason: 'r', to: 'broker-1' } }))).toEqual([{ field: 'navigatorOverride', message: 'Unknown field(s): to' }]);
    expect(problems(brokerLead({ navigatorOverride: true }))).toEqual([{ field: 'navigatorOverride', message: 'Navigator override must be an object with a reason' }]);
  });

  test('is refused when the rules already choose a navigator: a public-program household stays with navigators', () => {
    expect(problems(sampleLead({ navigatorOverride: { reason: 'Prefers a navigator' } }))).toEqual([
      { field: 'navigatorOverride', message: 'The rules already send this lead to a navigator (rule public-program); sending it to a navigator instead is only for a lead the rules send to a broker' },
    ]);
  });
});
