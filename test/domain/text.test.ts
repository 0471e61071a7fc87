import { validateLead } from '../../domain/lead';
import { declineSchema, resolutionReportSchema } from '../../domain/outcome-schemas';
import { resolutionProblems } from '../../domain/outcomes';
import { hasControlCharacters, hasControlCharactersBesidesLineBreaks } from '../../domain/text';
import { sampleLead } from '../support/samples';

test('a line break in a single-line field could forge a line of the referral email: refused', () => {
  const forged = validateLead(sampleLead({ consumer: { ...sampleLead().consumer, firstName: 'Jane\r\nConsent to share: No' } }));
  expect(forged).toEqual({ ok: false, problems: [{ field: 'consumer.firstName', message: 'First name must be one line without control characters' }] });
  for (const bad of ['a\tb', 'a\nb', 'a\rb', 'a\u0000b', 'a\u0085b', 'a\u2028b', 'a\u001bb'])
    expect(validateLead(sampleLead({ reasonForHelp: bad })).ok).toBe(false);
  expect(validateLead(sampleLead({ reasonForHelp: 'Needs help renewing — “MA” ñ 中文' })).ok).toBe(true);
});

test('decline reasons are one line; comments may span lines but hold no other control characters', () => {
  expect(declineSchema.safeParse({ reason: 'No staff\nConsent: No' }).success).toBe(false);
  expect(declineSchema.safeParse({ reason: 'No staff this week' }).success).toBe(true);
  const resolution = { contactMade: true, contactDate: '2026-11-23', resolution: 'Enrolled in QHP' };
  expect(resolutionReportSchema.safeParse({ ...resolution, comment: 'Called twice.\r\nEnrolled on the 24th.' }).success).toBe(true);
  expect(resolutionReportSchema.safeParse({ ...resolution, comment: 'Called\u0007 twice' }).error?.issues[0]?.message).toBe('comment must not contain control characters');
  const known = { referredAt: new Date('2026-11-20T21:00:00Z'), now: new Date('2026-11-25T18:00:00Z') };
  expect(resolutionProblems({ ...resolution, comment: 'a\u0000b' }, known)).toEqual(['Comments must not contain control characters']);
  expect(resolutionProblems({ ...resolution, comment: 'line one\nline two' }, known)).toEqual([]);
});

test('the two checks', () => {
  expect(hasControlCharacters('plain text, with – dashes')).toBe(false);
  expect(hasControlCharactersBesidesLineBreaks('one\ntwo\r\nthree')).toBe(false);
  expect(hasControlCharactersBesidesLineBreaks('one\rtwo')).toBe(true);
  expect(hasControlCharactersBesidesLineBreaks('tab\there')).toBe(true);
});
