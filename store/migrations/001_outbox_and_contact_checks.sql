-- Every email PAL sends goes through the outbox: one row per (subject of the email, purpose), so a retried
-- activity finds the row already sent and does not send a second message.
create table outbox (
  key          text primary key,
  recipient    text not null,
  message_id   text not null,
  status       text not null default 'pending' check (status in ('pending', 'sent')),
  attempts     integer not null default 0,
  last_error   text,
  created_at   timestamptz not null default now(),
  sent_at      timestamptz
);

-- A coordinator's check that an assister's contact point receives PAL email (no PII is sent).
create table contact_point_checks (
  id            text primary key,
  email         text not null,
  requested_by  text not null,
  requested_at  timestamptz not null default now(),
  sent_at       timestamptz,
  message_id    text
);
