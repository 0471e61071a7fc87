// A lead the representative sent to a navigator against the rules: who and which rule, as its first routing recorded
// it (lead_events), and why, from the lead's intake. The reason is free text that may mention the consumer: for staff
// pages only.
import type { RoutingRule } from '../domain/routing';
import type { Sql } from './database';

export interface NavigatorOverride {
  at: Date;
  /** The actor that created the lead (`staff:<id>` from the pages), and the staff member's address when it is one. */
  by: string;
  byEmail: string | null;
  reason: string;
  overriddenRule: RoutingRule;
}

export async function navigatorOverrideOf(sql: Sql, leadId: string): Promise<NavigatorOverride | undefined> {
  const [row] = await sql<NavigatorOverride[]>`
    select e.at, e.data->>'by' as by, s.email as "byEmail", l.intake #>> '{navigatorOverride,reason}' as reason, e.data->>'overriddenRule' as "overriddenRule"
    from lead_events e join leads l on l.id = e.lead_id left join staff s on 'staff:' || s.id = e.data->>'by'
    where e.lead_id = ${leadId} and e.type = 'sent-to-navigator-against-the-rule'`;
  return row;
}
