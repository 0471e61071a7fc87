import type { Assister } from '../../domain/assister';

/** The lead of domain.md (a completed application with an MA determination → navigator, rule public-program). */
export const sampleLead = (overrides: Record<string, unknown> = {}) => ({
  requestId: undefined as string | undefined,
  consumer: { firstName: 'Ana', lastName: 'Lopez', phone: '651-555-0134', email: 'ana@example.org', zip: '55106', preferredLanguage: 'es' },
  account: { active: true, userLogin: 'alopez77' },
  application: { active: true },
  determinations: ['MA'],
  reasonForHelp: 'Needs help renewing coverage',
  planSelectionHelp: false,
  guidanceProvided: 'Explained renewal steps; offered in-person help',
  consentToShare: true,
  workingWithAssister: false,
  createdBy: 'rep-118',
  ...overrides,
});

/** An assister of the directory, certified (a navigator's certification id, a broker's NPN) until far in the future. */
export const assister = (id: string, zip: string, more: Partial<Assister> = {}): Assister => ({
  id,
  name: `${id} organization`,
  type: 'navigator',
  zip,
  email: `${id}@assisters.example.org`,
  status: 'active',
  capacity: 10,
  certification: more.type === 'broker' ? '17000001' : 'MN-NAV-1001',
  certificationExpires: '2099-12-31',
  ...more,
});
