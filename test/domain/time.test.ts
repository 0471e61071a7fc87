import { minnesotaDate, minnesotaInstant, minnesotaIso } from '../../domain/time';

test('Minnesota dates and wall-clock instants across daylight saving', () => {
  expect(minnesotaDate(new Date('2026-11-26T05:30:00Z'))).toBe('2026-11-25'); // 23:30 CST
  expect(minnesotaDate(new Date('2026-11-26T06:00:00Z'))).toBe('2026-11-26');
  expect(minnesotaDate(new Date('2026-07-01T04:59:00Z'))).toBe('2026-06-30'); // 23:59 CDT
  expect(minnesotaInstant('2026-03-07', 17).toISOString()).toBe('2026-03-07T23:00:00.000Z');
  expect(minnesotaInstant('2026-03-08', 17).toISOString()).toBe('2026-03-08T22:00:00.000Z');
  expect(minnesotaInstant('2026-03-08', 0).toISOString()).toBe('2026-03-08T06:00:00.000Z');
  expect(minnesotaInstant('2026-11-01', 0).toISOString()).toBe('2026-11-01T05:00:00.000Z');
  expect(minnesotaInstant('2026-11-01', 17).toISOString()).toBe('2026-11-01T23:00:00.000Z');
  expect(minnesotaIso(new Date('2026-11-30T23:00:00Z'))).toBe('2026-11-30T17:00:00-06:00');
  expect(minnesotaIso(new Date('2026-07-04T13:05:09Z'))).toBe('2026-07-04T08:05:09-05:00');
});
