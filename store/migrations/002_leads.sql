-- The preferred assister directory. Coordinates come from the ZIP (maintained ZIP data package).
create table assisters (
  id                  text primary key,
  name                text not null,
  type                text not null check (type in ('navigator', 'broker')),
  zip                 text not null,
  latitude            double precision not null,
  longitude           double precision not null,
  email               text not null,
  status              text not null check (status in ('active', 'suspended')),
  capacity            integer not null check (capacity >= 0),
  -- Leads the assister carries from outside PAL (openLeads on import); PAL counts its own.
  external_open_leads integer not null default 0 check (external_open_leads >= 0),
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now()
);

-- Per-assister API tokens, stored as SHA-256 digests.
create table assister_tokens (
  token_sha256 text primary key,
  assister_id  text not null references assisters (id),
  created_at   timestamptz not null default now()
);

-- A lead: the intake JSON (PII) lives here and only here; the workflow carries the id.
create table leads (
  id                  uuid primary key,
  request_id          text unique,
  intake              jsonb not null,
  created_by          text not null,
  created_at          timestamptz not null default now(),
  status              text not null default 'routing',
  assignment          integer not null default 0,
  assister_id         text references assisters (id),
  assister_type       text,
  rule                text,
  referred_at         timestamptz,
  contact_deadline_at timestamptz,
  contact_date        date,
  appointment_date    date,
  resolution          text,
  escalated           boolean not null default false,
  closed_at           timestamptz
);
create index leads_open_by_assister on leads (assister_id) where closed_at is null;

-- Each assignment of a lead to an assister (the first, and any after a decline or reassignment).
create table lead_assignments (
  lead_id      uuid not null references leads (id),
  assignment   integer not null,
  assister_id  text not null references assisters (id),
  referred_at  timestamptz not null default now(),
  decision     jsonb not null,
  primary key (lead_id, assignment)
);

-- Everything that happened to a lead, once each (event_key is chosen by the workflow, so retries are no-ops).
create table lead_events (
  id         bigserial primary key,
  lead_id    uuid not null references leads (id),
  event_key  text not null unique,
  type       text not null,
  data       jsonb not null default '{}',
  at         timestamptz not null default now()
);
create index lead_events_by_lead on lead_events (lead_id, id);
