import { assisterChanges, assisterSchema, assisterUpdateSchema, type AssisterRecord } from '../../domain/assister';

test('a change lists each field that differs as [before, after]; a new assister has no before', () => {
  const before: AssisterRecord = { id: 'a', name: 'A', type: 'navigator', zip: '55101', email: 'a@x.org', status: 'active', capacity: 5, openLeads: 0 };
  expect(assisterChanges(before, { ...before, capacity: 6, status: 'suspended' })).toEqual({ capacity: [5, 6], status: ['active', 'suspended'] });
  expect(assisterChanges(before, before)).toEqual({});
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
