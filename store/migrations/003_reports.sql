-- Every returned Preferred Assister Report, with the original file and what came of it. The same file twice is
-- recognised by its digest and changes nothing.
create table report_submissions (
  id            bigserial primary key,
  assister_id   text not null references assisters (id),
  period_number integer not null,
  file_sha256   text not null,
  original      bytea not null,
  received_at   timestamptz not null default now(),
  result        jsonb,
  unique (assister_id, period_number, file_sha256)
);

-- Each report outcome applied to a lead, once (keyed by lead, period and the outcome itself): a resubmission
-- applies only rows that were rejected or changed.
create table report_outcomes (
  outcome_key   text primary key,
  lead_id       uuid not null references leads (id),
  period_number integer not null,
  outcome       jsonb not null,
  submission_id bigint not null references report_submissions (id),
  applied_at    timestamptz not null default now()
);
