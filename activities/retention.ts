// The daily purge, run by the report cycle (workflows/report.ts): the retention policy applied as of the activity's
// clock, progress heartbeated, the counts returned (they show in Temporal UI) and recorded in PostgreSQL.
import { Context } from '@temporalio/activity';
import type { RetentionCounts, RetentionPolicy } from '../domain/retention';
import type { Sql } from '../store/database';
import { applyRetentionPolicy } from '../store/retention';

export function retentionActivities(sql: Sql, policy: RetentionPolicy, clock: () => Date) {
  return {
    async applyRetention(): Promise<RetentionCounts> {
      return applyRetentionPolicy(sql, policy, clock(), (counts) => Context.current().heartbeat(counts));
    },
  };
}
