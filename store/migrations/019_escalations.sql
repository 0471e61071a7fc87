-- Escalations as records: the coordinators' queue. A workflow's escalation email opens one (once: the email's outbox
-- key is its key); the lead's records close it when the condition clears (contact or an appointment recorded, the
-- lead routed or closed), or a coordinator resolves it. Acknowledging notes who is on it.
create table escalations (
  id              bigserial primary key,
  key             text not null unique,
  kind            text not null,
  lead_id         uuid references leads (id),
  assister_id     text references assisters (id),
  opened_at       timestamptz not null default now(),
  acknowledged_at timestamptz,
  acknowledged_by text,
  note            text,
  resolved_at     timestamptz,
  resolved_by     text,
  resolution      text
);
create index escalations_open on escalations (opened_at) where resolved_at is null;
create index escalations_open_by_lead on escalations (lead_id) where resolved_at is null;
