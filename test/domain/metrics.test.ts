// Performance figures on a small set of leads whose values are worked out by hand from the rules (business hours
// 08:00–17:00 on business days; Thanksgiving and the day after are state holidays).
import { holidayCalendar } from '../../domain/business-days';
import { assisterPeriodMetrics, geographicGaps, percentile, programMetrics, reviewFlags, type AssisterPeriodMetrics, type LeadFacts } from '../../domain/metrics';
import { minnesotaInstant } from '../../domain/time';

const holidays = holidayCalendar();
const at = (date: string, hour: number, minute = 0) => minnesotaInstant(date, hour, minute);
const lead = (f: Partial<LeadFacts> & Pick<LeadFacts, 'leadId' | 'referredAt' | 'contactDeadlineAt'>): LeadFacts => ({
  assisterId: 'nav-a',
  assisterType: 'navigator',
  county: 'Ramsey County',
  createdAt: f.referredAt,
  escalations: 0,
  waitedForAssister: false,
  ...f,
});

const leads: LeadFacts[] = [
  // Monday 10:00; contact reported Monday 14:00 → 4 business hours, within the deadline (Wednesday 17:00);
  // appointment on Friday, within 14 days.
  lead({ leadId: 'L1', referredAt: at('2026-11-16', 10), contactDeadlineAt: at('2026-11-18', 17), contactDate: '2026-11-16', contactReportedAt: at('2026-11-16', 14), appointmentDate: '2026-11-20', resolution: 'Contact made, appointment scheduled', referralEmailSentAt: new Date(at('2026-11-16', 10).getTime() + 500) }),
  // Friday 15:00; contact on Tuesday, reported only in the report on 12/01 → counted at Tuesday 17:00:
  // 2 h Friday + 9 h Monday + 9 h Tuesday = 20 h, exactly at the deadline; resolved 12/01, within 14 days (12/04).
  lead({ leadId: 'L2', referredAt: at('2026-11-20', 15), contactDeadlineAt: at('2026-11-24', 17), contactDate: '2026-11-24', contactReportedAt: at('2026-12-01', 9), resolution: 'Enrolled in QHP', resolvedAt: at('2026-12-01', 9), referralEmailSentAt: new Date(at('2026-11-20', 15).getTime() + 1000) }),
  // Wednesday before Thanksgiving 16:00; contact reported 12/02 11:00: 1 h + 9 h (Mon) + 9 h (Tue) + 3 h = 22 h,
  // after the deadline (Tuesday 12/01 17:00), escalated once; resolved 12/15, after the 14 days (12/09).
  lead({ leadId: 'L3', assisterType: 'broker', county: 'Hennepin County', waitedForAssister: true, referredAt: at('2026-11-25', 16), contactDeadlineAt: at('2026-12-01', 17), contactDate: '2026-12-02', contactReportedAt: at('2026-12-02', 11), resolution: 'Assisted with technical issue only', resolvedAt: at('2026-12-15', 10), escalations: 1, referralEmailSentAt: new Date(at('2026-11-25', 16).getTime() + 2000) }),
  // Tuesday 09:00, never contacted: escalated for contact and for the appointment.
  lead({ leadId: 'L4', referredAt: at('2026-11-17', 9), contactDeadlineAt: at('2026-11-19', 17), escalations: 2, referralEmailSentAt: new Date(at('2026-11-17', 9).getTime() + 10_000) }),
];

test('percentile interpolates between ranks, like PERCENTILE.INC', () => {
  expect(percentile([4, 20, 22], 0.5)).toBe(20);
  expect(percentile([22, 4, 20], 0.9)).toBeCloseTo(21.6);
  expect(percentile([2, 4, 6, 10], 0.5)).toBe(5);
  expect(percentile([], 0.5)).toBeNull();
});

test("an assister's period: contact within deadline, business hours to contact, 14-day outcomes, mix, report, escalations", () => {
  expect(assisterPeriodMetrics('nav-a', 7, leads, 'late', holidays)).toEqual({
    assisterId: 'nav-a',
    periodNumber: 7,
    leadsReceived: 4,
    contactedWithinDeadline: 0.5, // L1, L2 of 4
    businessHoursToContact: { contacted: 3, median: 20, p90: 21.6 }, // [4, 20, 22]
    appointmentOrResolutionWithin14Days: 0.5, // L1 (appointment), L2 (resolution)
    resolutionMix: {
      'Eligible for Medical Assistance': 0,
      'Eligible for MinnesotaCare': 0,
      'Enrolled in QHP': 1,
      'Eligible for QHP, no enrollment': 0,
      'No longer needs assistance': 0,
      'Referred to other certified assister': 0,
      'Unable to contact': 0,
      'Assisted with technical issue only': 1,
      'Contact made, appointment scheduled': 1,
      'No resolution yet': 1,
    },
    report: 'late',
    escalations: 4, // 0 + 0 + 1 + 2 lead escalations, and the late report
  });
  expect(assisterPeriodMetrics('nav-b', 7, [], 'none', holidays)).toMatchObject({ leadsReceived: 0, contactedWithinDeadline: null, businessHoursToContact: { contacted: 0, median: null, p90: null }, escalations: 0 });
});

test('the program: leads by type and county, create-to-email latency, leads that waited, geographic gaps', () => {
  const stPaul = { latitude: 44.9537, longitude: -93.09 };
  const duluth = { latitude: 46.7867, longitude: -92.1005 };
  const gaps = geographicGaps([{ county: 'Ramsey County', location: stPaul }, { county: 'St. Louis County', location: duluth }], [{ id: 'nav-a', type: 'navigator', status: 'active', ...stPaul }, { id: 'brk-off', type: 'broker', status: 'suspended', ...duluth }], 60);
  // Duluth is about 134 miles from St. Paul; no active broker anywhere.
  expect(gaps).toEqual([
    { county: 'St. Louis County', assisterType: 'navigator', nearestAssisterId: 'nav-a', miles: expect.any(Number) },
    { county: 'Ramsey County', assisterType: 'broker', miles: null },
    { county: 'St. Louis County', assisterType: 'broker', miles: null },
  ]);
  expect(gaps[0]!.miles).toBeGreaterThan(125);
  expect(gaps[0]!.miles).toBeLessThan(140);

  expect(programMetrics(leads, gaps)).toEqual({
    leads: 4,
    leadsByTypeAndCounty: [
      { county: 'Hennepin County', navigator: 0, broker: 1 },
      { county: 'Ramsey County', navigator: 3, broker: 0 },
    ],
    createToEmailSentSeconds: { count: 4, p50: 1.5, p95: 8.8 }, // [0.5, 1, 2, 10]
    waitedForAssister: 1,
    geographicGaps: gaps,
  });
});

test('an assister short of the minimums two periods running is flagged for review; one bad period is not enough', () => {
  const min = { contactedWithinDeadline: 0.8, appointmentOrResolutionWithin14Days: 0.5, reportOnTime: true };
  const bad = assisterPeriodMetrics('nav-a', 8, leads, 'late', holidays);
  const good: AssisterPeriodMetrics = { ...assisterPeriodMetrics('nav-a', 7, leads.slice(0, 2), 'on-time', holidays) };
  expect(reviewFlags([bad], [good], min)).toEqual([]);
  const flags = reviewFlags([bad], [{ ...bad, periodNumber: 7 }], min);
  expect(flags).toHaveLength(1);
  expect(flags[0]).toMatchObject({ assisterId: 'nav-a', periodNumber: 8, reasons: { current: ['contacted within the deadline 50% (minimum 80%)', 'report returned late'] } });
  // No leads and no report owed: nothing to fall short of.
  const idle = assisterPeriodMetrics('nav-b', 8, [], 'none', holidays);
  expect(reviewFlags([idle], [{ ...idle, periodNumber: 7 }], min)).toEqual([]);
});
