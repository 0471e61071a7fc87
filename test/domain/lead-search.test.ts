import { leadReference } from '../../domain/lead-reference';
import { classifyLeadSearch } from '../../domain/lead-search';

test('a reference, an email, a phone number or a name; anything else says what to enter', () => {
  const ref = leadReference(1234);
  expect(classifyLeadSearch(` ${ref.toLowerCase()} `)).toEqual({ by: 'reference', number: 1234 });
  expect(classifyLeadSearch('Ana.Lopez@Example.com')).toEqual({ by: 'email', email: 'ana.lopez@example.com' });
  expect(classifyLeadSearch('(651) 555-0134')).toEqual({ by: 'phone', digits: '6515550134' });
  expect(classifyLeadSearch('+1 651 555 0134')).toEqual({ by: 'phone', digits: '6515550134' });
  expect(classifyLeadSearch('555-0134')).toEqual({ problem: 'A phone number has 10 digits' });
  expect(classifyLeadSearch('55106')).toEqual({ problem: 'A ZIP code alone does not find a lead: search by reference, name, phone number or email' });
  // A name that reads as a reference is searched both ways.
  const wordy = Array.from({ length: 40_000 }, (_, i) => leadReference(i + 1)).find((r) => /^[A-Z]+$/.test(r))!;
  expect(classifyLeadSearch(wordy)).toEqual({ by: 'reference', number: expect.any(Number), orName: [wordy.toLowerCase()] });
  expect(classifyLeadSearch('Ana  LOPEZ')).toEqual({ by: 'name', words: ['ana', 'lopez'] });
  expect(classifyLeadSearch('A Lopez')).toEqual({ problem: 'Enter at least two letters of each name' });
  expect(classifyLeadSearch('  ')).toHaveProperty('problem');
  expect(classifyLeadSearch('x'.repeat(101))).toEqual({ problem: 'Enter at most 100 characters' });
});
