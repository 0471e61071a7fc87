-- The assister portal: people with their own accounts at an organization, email sign-in, sessions, and the audit
-- trail of what each person viewed and did. Secrets (sign-in tokens and codes, session ids) are kept as SHA-256
-- digests only; nothing here holds a consumer's data.
create table portal_people (
  id           bigserial primary key,
  assister_id  text not null references assisters (id),
  email        text not null,
  -- The organization's contact point is its first account; it (or a coordinator) invites colleagues.
  role         text not null check (role in ('contact-point', 'colleague')),
  invited_by   text not null,
  created_at   timestamptz not null default now(),
  removed_at   timestamptz,
  removed_by   text
);
create unique index portal_people_active_email on portal_people (lower(email)) where removed_at is null;

create table portal_sign_ins (
  id             bigserial primary key,
  email          text not null,
  person_id      bigint references portal_people (id),
  token_sha256   text not null unique,
  code_sha256    text not null,
  -- The browser that asked (a cookie set then): the link signs in that browser only; the code any device.
  browser_sha256 text not null,
  client         text not null,
  created_at     timestamptz not null default now(),
  expires_at     timestamptz not null,
  used_at        timestamptz,
  code_attempts  integer not null default 0
);
create index portal_sign_ins_email on portal_sign_ins (lower(email), created_at);
create index portal_sign_ins_client on portal_sign_ins (client, created_at);

create table portal_sessions (
  id_sha256    text primary key,
  person_id    bigint not null references portal_people (id),
  created_at   timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  ended_at     timestamptz
);
create index portal_sessions_person on portal_sessions (person_id) where ended_at is null;

-- Who viewed, downloaded or did what, when, about which lead: never the consumer's data.
create table audit_events (
  id          bigserial primary key,
  at          timestamptz not null default now(),
  actor       text not null,
  assister_id text references assisters (id),
  lead_id     uuid references leads (id),
  action      text not null,
  detail      jsonb not null default '{}'
);
create index audit_events_assister on audit_events (assister_id, at desc);
create index audit_events_lead on audit_events (lead_id, at desc);
