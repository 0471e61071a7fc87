import { DEFAULT_RETENTION, pseudonymizedIntake, retentionCutoffs } from '../../domain/retention';
import type { Lead } from '../../domain/lead';
import { sampleLead } from '../support/samples';

test('each cutoff is its number of days before now', () => {
  const now = new Date('2026-11-26T14:00:00Z');
  const cut = retentionCutoffs(DEFAULT_RETENTION, now);
  expect(cut.consumerDataDays).toEqual(new Date('2025-11-26T14:00:00Z'));
  expect(cut.outboxDays).toEqual(new Date('2026-08-28T14:00:00Z'));
  expect(now.getTime() - cut.auditDays.getTime()).toBe(DEFAULT_RETENTION.auditDays * 86_400_000);
});

test('a pseudonymized intake keeps its shape and the facts the program counts, and no consumer data or free text', () => {
  const lead = sampleLead({
    consumer: { firstName: 'Ana', lastName: 'Lopez', phone: '651-555-0101', email: 'ana@example.org', zip: '55101', preferredLanguage: 'Spanish' },
    account: { active: true, userLogin: 'alopez' },
    navigatorOverride: { reason: 'Ana asked for Ramsey County help' },
  }) as Lead;
  const { intake, county } = pseudonymizedIntake(lead);
  expect(county).toBe('Ramsey County');
  expect(intake.consumer).toEqual({ firstName: '', lastName: '', phone: '', zip: '' });
  expect(intake.account).toEqual({ active: true });
  expect(intake).toMatchObject({ reasonForHelp: '', guidanceProvided: '', navigatorOverride: { reason: '' }, determinations: lead.determinations, planSelectionHelp: lead.planSelectionHelp, createdBy: lead.createdBy });
  expect(JSON.stringify(intake)).not.toMatch(/Ana|Lopez|555|example\.org|55101|Spanish|alopez/);
});

test('an intake missing parts is pseudonymized without failing, and a second pass changes nothing', () => {
  const partial = { consumer: { firstName: 'Bo', lastName: 'List' } } as unknown as Lead;
  const once = pseudonymizedIntake(partial);
  expect(once).toEqual({ county: undefined, intake: { consumer: { firstName: '', lastName: '', phone: '', zip: '' } } });
  expect(pseudonymizedIntake(once.intake).intake).toEqual(once.intake);
});
