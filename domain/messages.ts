// Messages between a lead's assister and the coordinators (issue 12, the advisory committee's secure messaging, seed
// 003 #8): a thread per lead and assister, plain text of bounded length, and when a thread is unanswered.
import { nthBusinessDayAfter, type HolidayCalendar } from './business-days';
import { END_OF_BUSINESS_HOUR } from './deadlines';
import { hasControlCharactersBesidesLineBreaks } from './text';
import { addDays, minnesotaDate, minnesotaInstant, type CalendarDate } from './time';

export const MESSAGE_MAX_LENGTH = 2000;

/** Who wrote a message: one of the assister's people, or a coordinator. */
export type MessageSide = 'assister' | 'coordinator';

/** The message as kept: line breaks as \n, no surrounding blank space; or why it cannot be sent (no text in it). */
export function checkMessage(typed: string): { text: string } | { problem: string } {
  const text = typed.replace(/\r\n/g, '\n').trim();
  if (!text) return { problem: 'Enter a message' };
  if (text.length > MESSAGE_MAX_LENGTH) return { problem: `Message must be at most ${MESSAGE_MAX_LENGTH.toLocaleString('en-US')} characters (it has ${text.length.toLocaleString('en-US')})` };
  if (hasControlCharactersBesidesLineBreaks(text)) return { problem: 'Message must not contain control characters' };
  return { text };
}

/**
 * Since when a thread waits for the coordinators: its first assister message after the last coordinator message;
 * null when its newest message is a coordinator's (or it has none). One step per message, oldest first.
 */
export function awaitingAnswerAfter(since: Date | null, message: { side: MessageSide; sentAt: Date }): Date | null {
  return message.side === 'coordinator' ? null : (since ?? message.sentAt);
}

/** The same over a whole thread, oldest message first. */
export const awaitingAnswerSince = (messages: { side: MessageSide; sentAt: Date }[]): Date | null => messages.reduce(awaitingAnswerAfter, null);

/**
 * Decision: the coordinators answer within one business day, counted as domain.md counts them for contact: by 17:00
 * (Minnesota time) on the first business day after the day the unanswered message was sent. A message on Friday
 * 15:00 is due Monday 17:00; on Monday 08:00, Tuesday 17:00.
 */
export function answerDueAt(since: Date, holidays: HolidayCalendar): Date {
  return dueFor(minnesotaDate(since), holidays);
}

const dueFor = (day: CalendarDate, holidays: HolidayCalendar) => minnesotaInstant(nthBusinessDayAfter(day, 1, holidays), END_OF_BUSINESS_HOUR);

/** A thread waiting since `since` is unanswered once its answer was due. */
export const isUnanswered = (since: Date | null, now: Date, holidays: HolidayCalendar): boolean => since !== null && now >= answerDueAt(since, holidays);

/**
 * The instant before which a wait is unanswered at `now` (a thread waiting since any earlier instant is): midnight
 * after the newest day whose answer was due by now. For the queue's query, which reads its index up to it.
 */
export function unansweredBefore(now: Date, holidays: HolidayCalendar): Date {
  // The due time grows with the day sent: walk back from today to the newest day already due (a few days at most).
  let day = minnesotaDate(now);
  while (dueFor(day, holidays) > now) day = addDays(day, -1);
  return minnesotaInstant(addDays(day, 1), 0);
}
