// A YYYY-MM-DD date at a boundary (HTTP bodies and queries, CLI options), checked by the one rule in time.ts.
import { z } from 'zod';
import { isCalendarDate } from './time';

export const calendarDateSchema = (label: string) =>
  z.string({ error: `${label} is required (YYYY-MM-DD)` }).refine(isCalendarDate, `${label} must be a date written YYYY-MM-DD`);
