import { holidayCalendar } from '../../domain/business-days';
import { answerDueAt, awaitingAnswerAfter, awaitingAnswerSince, checkMessage, isUnanswered, MESSAGE_MAX_LENGTH, unansweredBefore } from '../../domain/messages';
import { minnesotaIso } from '../../domain/time';

const holidays = holidayCalendar();
const at = (iso: string) => new Date(iso);

describe('checkMessage', () => {
  test('keeps the text without surrounding space, with its line breaks as \\n', () => {
    expect(checkMessage('  Can you call the consumer?\r\nThanks  ')).toEqual({ text: 'Can you call the consumer?\nThanks' });
  });

  test('refuses an empty message, one over the limit (saying how long it is) and control characters', () => {
    expect(checkMessage(' \n ')).toEqual({ problem: 'Enter a message' });
    expect(checkMessage('x'.repeat(MESSAGE_MAX_LENGTH))).toEqual({ text: 'x'.repeat(MESSAGE_MAX_LENGTH) });
    expect(checkMessage('x'.repeat(MESSAGE_MAX_LENGTH + 1))).toEqual({ problem: 'Message must be at most 2,000 characters (it has 2,001)' });
    expect(checkMessage('a\u0007b')).toEqual({ problem: 'Message must not contain control characters' });
  });
});

describe('awaitingAnswerSince', () => {
  const a = (iso: string) => ({ side: 'assister' as const, sentAt: at(iso) });
  const c = (iso: string) => ({ side: 'coordinator' as const, sentAt: at(iso) });

  test("a thread waits from its first assister message after the coordinators' last", () => {
    expect(awaitingAnswerSince([])).toBeNull();
    expect(awaitingAnswerSince([a('2026-11-02T10:00:00Z'), a('2026-11-03T10:00:00Z')])).toEqual(at('2026-11-02T10:00:00Z'));
    expect(awaitingAnswerSince([a('2026-11-02T10:00:00Z'), c('2026-11-02T12:00:00Z'), a('2026-11-04T10:00:00Z')])).toEqual(at('2026-11-04T10:00:00Z'));
  });

  test("a coordinator's message ends the wait, also when the coordinators wrote first", () => {
    expect(awaitingAnswerSince([a('2026-11-02T10:00:00Z'), c('2026-11-05T10:00:00Z')])).toBeNull();
    expect(awaitingAnswerSince([c('2026-11-02T10:00:00Z')])).toBeNull();
    expect(awaitingAnswerAfter(at('2026-11-02T10:00:00Z'), a('2026-11-09T10:00:00Z'))).toEqual(at('2026-11-02T10:00:00Z'));
  });
});

describe('answerDueAt and isUnanswered: 17:00 on the first business day after the day of the message (Minnesota time)', () => {
  const due = (iso: string) => minnesotaIso(answerDueAt(at(iso), holidays));

  test('Friday 15:00 → Monday 17:00; Monday 08:00 → Tuesday 17:00; Saturday → Monday 17:00', () => {
    expect(due('2026-11-20T15:00:00-06:00')).toBe('2026-11-23T17:00:00-06:00');
    expect(due('2026-11-23T08:00:00-06:00')).toBe('2026-11-24T17:00:00-06:00');
    expect(due('2026-11-21T10:00:00-06:00')).toBe('2026-11-23T17:00:00-06:00');
  });

  test('state holidays do not count: Wednesday before Thanksgiving → Monday 17:00', () => {
    expect(due('2026-11-25T09:00:00-06:00')).toBe('2026-11-30T17:00:00-06:00');
  });

  test('late evening in Minnesota is still that Minnesota day (23:30 on Monday is 05:30 UTC on Tuesday)', () => {
    expect(due('2026-11-24T05:30:00Z')).toBe('2026-11-24T17:00:00-06:00');
  });

  test('unanswered from the due instant on, never when nothing waits', () => {
    const since = at('2026-11-20T15:00:00-06:00');
    expect(isUnanswered(since, at('2026-11-23T16:59:59-06:00'), holidays)).toBe(false);
    expect(isUnanswered(since, at('2026-11-23T17:00:00-06:00'), holidays)).toBe(true);
    expect(isUnanswered(null, at('2027-01-01T00:00:00Z'), holidays)).toBe(false);
  });
});

describe('unansweredBefore: the bound the queue reads its index to', () => {
  test('agrees with isUnanswered for waits every 45 minutes over three weeks with a holiday, seen at many instants', () => {
    const start = at('2026-11-16T00:00:00-06:00').getTime();
    const waits = Array.from({ length: (21 * 24 * 60) / 45 }, (_, i) => new Date(start + i * 45 * 60_000));
    const disagreements: string[] = [];
    for (let h = 0; h < 21 * 24; h += 7) {
      const now = new Date(start + h * 3_600_000 + 1_234);
      const bound = unansweredBefore(now, holidays);
      for (const since of waits) if (since < bound !== isUnanswered(since, now, holidays)) disagreements.push(`${minnesotaIso(since)} at ${minnesotaIso(now)}`);
    }
    expect(disagreements).toEqual([]);
  });

  test('Tuesday 17:00 after a Monday: waits from before Tuesday are unanswered', () => {
    expect(minnesotaIso(unansweredBefore(at('2026-11-24T17:00:00-06:00'), holidays))).toBe('2026-11-24T00:00:00-06:00');
    expect(minnesotaIso(unansweredBefore(at('2026-11-24T16:59:00-06:00'), holidays))).toBe('2026-11-23T00:00:00-06:00');
  });
});
