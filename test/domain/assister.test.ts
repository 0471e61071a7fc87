import {
  assisterChanges,
  assisterSchema,
  assisterUpdateSchema,
  certificationLapsed,
  newAssisterSchema,
  resumeRefusal,
  suspendedByAfter,
  type AssisterRecord,
} from '../../domain/assister';

test('a change lists each field that differs as [before, after]; a new assister has no before', () => {
  const before: AssisterRecord = { id: 'a', name: 'A', type: 'navigator', zip: '55101', email: 'a@x.org', status: 'active', capacity: 5, openLeads: 0, certification: null, certificationExpires: '2027-03-01', suspendedBy: null, publicPhone: null, languages: [] };
  expect(assisterChanges(before, { ...before, capacity: 6, status: 'suspended' })).toEqual({ capacity: [5, 6], status: ['active', 'suspended'] });
  expect(assisterChanges(before, before)).toEqual({});
  // Lists compare by their items.
  expect(assisterChanges(before, { ...before, languages: [] })).toEqual({});
  expect(assisterChanges(before, { ...before, languages: ['Spanish'] })).toEqual({ languages: [[], ['Spanish']] });
  expect(assisterChanges(undefined, { id: 'b', name: 'B' })).toEqual({ name: [null, 'B'] });
});

test('an update names at least one field, and never the contact point', () => {
  expect(assisterUpdateSchema.safeParse({}).success).toBe(false);
  expect(assisterUpdateSchema.safeParse({ email: 'new@x.org' }).success).toBe(false);
  expect(assisterUpdateSchema.parse({ capacity: '12' })).toEqual({ capacity: 12 });
});

test('a count is a whole number or its digits as text, never null, empty or a boolean', () => {
  const base = { id: 'a-b', name: 'A', type: 'navigator', zip: '55101', email: 'a@x.org', status: 'active' };
  expect(assisterSchema.parse({ ...base, capacity: ' 12 ' }).capacity).toBe(12);
  for (const capacity of [null, '', true, '-3', '1.5', -1, 2.5, '12abc'])
    expect([capacity, assisterSchema.safeParse({ ...base, capacity }).success]).toEqual([capacity, false]);
});

test('a new assister carries its certification: a navigator its certification id, a broker its NPN', () => {
  const base = { id: 'a-b', name: 'A', type: 'navigator', zip: '55101', email: 'a@x.org', status: 'active', capacity: 5 };
  expect(newAssisterSchema.safeParse(base).error?.issues.map((i) => i.path[0])).toEqual(['certification', 'certificationExpires']);
  expect(newAssisterSchema.parse({ ...base, certification: 'MN-NAV-1001', certificationExpires: '2027-06-30' })).toMatchObject({ certification: 'MN-NAV-1001' });
  expect(newAssisterSchema.safeParse({ ...base, type: 'broker', certification: 'MN-NAV-1001', certificationExpires: '2027-06-30' }).error?.issues[0]?.message).toBe("a broker's certification is its NPN: 1 to 10 digits");
  expect(newAssisterSchema.safeParse({ ...base, type: 'broker', certification: '17800101', certificationExpires: '2027-06-30' }).success).toBe(true);
  expect(newAssisterSchema.safeParse({ ...base, certification: 'MN-NAV-1001', certificationExpires: '2027-02-30' }).error?.issues[0]?.message).toBe('certificationExpires must be a date written YYYY-MM-DD');
  // An import may leave an existing assister's certification as it is; an update may renew it alone.
  expect(assisterSchema.safeParse(base).success).toBe(true);
  expect(assisterUpdateSchema.parse({ certificationExpires: '2028-06-30' })).toEqual({ certificationExpires: '2028-06-30' });
});

test("an assister's public phone is optional, a valid US number; an update may remove it (null)", () => {
  const base = { id: 'a-b', name: 'A', type: 'navigator', zip: '55101', email: 'a@x.org', status: 'active', capacity: 5 };
  expect(assisterSchema.parse({ ...base, publicPhone: ' 651-555-0100 ' }).publicPhone).toBe('651-555-0100');
  expect(assisterSchema.parse(base).publicPhone).toBeUndefined();
  for (const publicPhone of ['555-0100', '123-456-7890', '', null, 6515550100])
    expect([publicPhone, assisterSchema.safeParse({ ...base, publicPhone }).success]).toEqual([publicPhone, false]);
  expect(assisterSchema.safeParse({ ...base, publicPhone: '555-0100' }).error?.issues[0]?.message).toBe('publicPhone must be a valid US phone number');
  expect(assisterUpdateSchema.parse({ publicPhone: null })).toEqual({ publicPhone: null });
  expect(assisterUpdateSchema.parse({ publicPhone: '(218) 555-0100' })).toEqual({ publicPhone: '(218) 555-0100' });
  // Removing it is a change like any other.
  expect(assisterChanges({ publicPhone: '(218) 555-0100' }, { publicPhone: null })).toEqual({ publicPhone: ['(218) 555-0100', null] });
});

test('a certification is valid through its expiry date (Minnesota dates); none on record is not valid', () => {
  expect(certificationLapsed('2026-11-25', '2026-11-25')).toBe(false);
  expect(certificationLapsed('2026-11-25', '2026-11-26')).toBe(true);
  expect(certificationLapsed(undefined, '2026-11-26')).toBe(true);
});

test('a suspension is lifted by whoever may impose it: the assister only its own, a coordinator any', () => {
  const byCoordinator = { id: 'nav-a', status: 'suspended' as const, suspendedBy: 'coordinator' };
  const bySelf = { id: 'nav-a', status: 'suspended' as const, suspendedBy: 'assister:nav-a' };
  expect(resumeRefusal(byCoordinator, 'assister:nav-a')).toBe('Assister nav-a was suspended by the coordinator; only a coordinator can lift that suspension');
  expect(resumeRefusal(byCoordinator, 'coordinator')).toBeUndefined();
  expect(resumeRefusal(bySelf, 'assister:nav-a')).toBeUndefined();
  expect(resumeRefusal(bySelf, 'coordinator')).toBeUndefined();
  // Suspending itself again does not take over the coordinator's suspension; the coordinator's own takes over the assister's.
  expect(suspendedByAfter(byCoordinator, 'suspended', 'assister:nav-a', true)).toBe('coordinator');
  expect(suspendedByAfter(bySelf, 'suspended', 'coordinator', true)).toBe('coordinator');
  expect(suspendedByAfter({ status: 'active', suspendedBy: null }, 'suspended', 'assister:nav-a', true)).toBe('assister:nav-a');
  expect(suspendedByAfter(bySelf, 'suspended', 'coordinator', false)).toBe('assister:nav-a');
  expect(suspendedByAfter(bySelf, 'active', 'assister:nav-a', false)).toBeNull();
});
