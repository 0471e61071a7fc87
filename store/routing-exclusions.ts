// The assisters routing passes over for a lead, read back from its events as the lead workflow keeps them: one that
// declined it, and the one it was with when a coordinator reassigned it. A reroute after a ZIP code correction
// excludes nobody. The events are written in the workflow's order (each routing records 'routed' with its
// assignment), so replaying them in order gives the workflow's list.
import type { Sql } from './database';

export interface RoutingExclusions {
  /** The workflow's exclusion list, in its order (an assister may appear twice, as there). */
  excluded: string[];
  /** The assister of the lead's last assignment (still named while the lead waits for another). */
  assisterId?: string;
}

export async function routingExclusions(sql: Sql, leadId: string): Promise<RoutingExclusions> {
  const events = await sql<{ type: string; assisterId: string | null }[]>`
    select type, data->>'assisterId' as "assisterId" from lead_events
    where lead_id = ${leadId} and type in ('routed', 'declined', 'reassignment-requested') order by id`;
  const state: RoutingExclusions = { excluded: [] };
  for (const e of events) {
    if (e.type === 'routed' && e.assisterId) state.assisterId = e.assisterId;
    else if (e.type === 'declined' && e.assisterId) state.excluded.push(e.assisterId);
    else if (e.type === 'reassignment-requested' && state.assisterId) state.excluded.push(state.assisterId);
  }
  return state;
}
