// The activity factory the worker registers: I/O dependencies are injected so tests can pass their own.
import type { Sql } from './database';
import type { Mailer } from './mailer';
import { contactPointActivities } from './contact-point';

export interface ActivityDeps {
  sql: Sql;
  mailer: Mailer;
}

export function createActivities({ sql, mailer }: ActivityDeps) {
  return {
    ...contactPointActivities(sql, mailer),
  };
}

export type Activities = ReturnType<typeof createActivities>;
