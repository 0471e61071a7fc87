-- Directory operations. Every change to an assister is kept: who, when, what (field: [before, after]).
create table assister_changes (
  id          bigserial primary key,
  assister_id text not null references assisters (id),
  kind        text not null,
  changed_by  text not null,
  at          timestamptz not null default now(),
  change      jsonb not null default '{}',
  request_id  text
);
create index assister_changes_by_assister on assister_changes (assister_id, id);
-- One row per change a request makes, so a retried activity records it once.
create unique index assister_changes_once on assister_changes (request_id, kind) where request_id is not null;

-- Requests to the marketplace (add, update, suspend, resume, move leads), each carried out by a workflow.
create table assister_requests (
  id           text primary key,
  assister_id  text not null,
  kind         text not null check (kind in ('add', 'update', 'suspend', 'resume', 'move-leads')),
  requested_by text not null,
  details      jsonb not null default '{}',
  requested_at timestamptz not null default now(),
  applied_at   timestamptz,
  result       jsonb
);

-- A change of designated contact point: the new address gets nothing with PII until it is confirmed.
create table contact_point_changes (
  id           text primary key,
  assister_id  text not null references assisters (id),
  old_email    text not null,
  new_email    text not null,
  code_sha256  text not null,
  requested_by text not null,
  requested_at timestamptz not null default now(),
  confirmed_at timestamptz,
  cancelled_at timestamptz,
  escalated_at timestamptz,
  expired_at   timestamptz
);
create unique index contact_point_changes_one_pending on contact_point_changes (assister_id)
  where confirmed_at is null and cancelled_at is null and expired_at is null;

-- Assisters flagged for review: below the minimums for two consecutive periods, with the figures that triggered it.
create table review_flags (
  assister_id   text not null references assisters (id),
  period_number integer not null,
  figures       jsonb not null,
  flagged_at    timestamptz not null default now(),
  primary key (assister_id, period_number)
);
