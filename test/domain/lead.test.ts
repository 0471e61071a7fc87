import { validateLead } from '../../domain/lead';
import { sampleLead as baseLead } from '../support/samples';
import { isFinalResolution, resolutionContactConflict, RESOLUTIONS } from '../../domain/resolutions';

const sampleLead = () => ({ ...baseLead(), requestId: 'cc-2026-11-25-0042' });

const problems = (input: unknown) => {
  const v = validateLead(input);
  return v.ok ? [] : v.problems;
};

describe('validateLead', () => {
  test('accepts the lead of domain.md', () => expect(validateLead(sampleLead()).ok).toBe(true));

  test('optional fields may be left out', () => {
    const lead = sampleLead();
    delete (lead as Partial<typeof lead>).requestId;
    delete (lead.consumer as Partial<typeof lead.consumer>).email;
    lead.account = { active: false } as typeof lead.account;
    lead.determinations = [];
    expect(problems(lead)).toEqual([]);
  });

  test('refuses a lead without consent, or for a consumer already working with an assister', () => {
    expect(problems({ ...sampleLead(), consentToShare: false })).toEqual([
      { field: 'consentToShare', message: expect.stringMatching(/must consent.*no consent, no lead/) },
    ]);
    expect(problems({ ...sampleLead(), workingWithAssister: true })).toEqual([
      { field: 'workingWithAssister', message: expect.stringMatching(/already working with an assister/) },
    ]);
  });

  test('reports every problem at once, per field, without echoing the values', () => {
    const lead = sampleLead();
    const bad = { ...lead, consumer: { ...lead.consumer, firstName: '', phone: '555-12', zip: '90210', email: 'not-an-email' }, determinations: ['Medicare'], extra: 1 };
    const found = problems(bad);
    expect(found.map((p) => p.field).sort()).toEqual(['(lead)', 'consumer.email', 'consumer.firstName', 'consumer.phone', 'consumer.zip', 'determinations.0'].sort());
    expect(found.find((p) => p.field === 'consumer.zip')!.message).toBe('ZIP code must be a Minnesota ZIP code (5 digits)');
    expect(JSON.stringify(found)).not.toMatch(/555-12|90210|not-an-email/);
  });

  test('a user login only with an active account; missing sections are named', () => {
    expect(problems({ ...sampleLead(), account: { active: false, userLogin: 'x' } })).toEqual([
      { field: 'account.userLogin', message: 'User login is given only when the account is active' },
    ]);
    const { consumer: _c, ...noConsumer } = sampleLead();
    expect(problems(noConsumer)).toEqual([{ field: 'consumer', message: 'Consumer contact information is required' }]);
    expect(problems('nope')[0]!.field).toBe('(lead)');
  });

  test('control characters and overlong text are refused', () => {
    expect(problems({ ...sampleLead(), reasonForHelp: 'a\u0000b' })[0]!.message).toMatch(/control characters/);
    expect(problems({ ...sampleLead(), guidanceProvided: 'x'.repeat(2001) })[0]!.message).toMatch(/at most 2000/);
  });
});

describe('resolutions', () => {
  test('the nine exact labels; only "appointment scheduled" is not final', () => {
    expect(RESOLUTIONS).toHaveLength(9);
    expect(RESOLUTIONS.filter((r) => !isFinalResolution(r))).toEqual(['Contact made, appointment scheduled']);
  });

  test('Contact Made = N allows only "Unable to contact" and "No longer needs assistance"', () => {
    expect(resolutionContactConflict(false, 'Unable to contact')).toBeUndefined();
    expect(resolutionContactConflict(false, 'No longer needs assistance')).toBeUndefined();
    expect(resolutionContactConflict(false, 'Enrolled in QHP')).toMatch(/needs contact/);
    expect(resolutionContactConflict(true, 'Unable to contact')).toMatch(/contradicts/);
    expect(resolutionContactConflict(true, 'Enrolled in QHP')).toBeUndefined();
  });
});
