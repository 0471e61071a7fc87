-- Alerts to the coordinator (client/alerts.ts): one row per episode of a problem, from when it was first seen until
-- it cleared. The coordinator is emailed once when it is raised and once when it clears (outbox keys alert/<id> and
-- alert-cleared/<id>); notified_at and cleared_notified_at say those emails went. Only one open episode per problem
-- (kind, subject) can exist, so several API processes checking at once raise it once.
create table alert_episodes (
  id                  bigint generated always as identity primary key,
  kind                text not null,
  subject             text not null,
  summary             text not null,
  raised_at           timestamptz not null default now(),
  notified_at         timestamptz,
  cleared_at          timestamptz,
  cleared_notified_at timestamptz
);
create unique index alert_episodes_open on alert_episodes (kind, subject) where cleared_at is null;
-- The episodes whose emails are still to go (usually none): the check reads them every run.
create index alert_episodes_unnotified on alert_episodes (id) where notified_at is null or (cleared_at is not null and cleared_notified_at is null);
