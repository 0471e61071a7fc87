-- The retention policy (domain/retention.ts, issue 14). A closed lead past the policy keeps its row (the program's
-- figures count it) with its consumer data removed: purged_at says when, and county keeps the one thing the program's
-- map needs of the ZIP code. Each run of the daily purge is recorded with its counts, never data.
alter table leads
  add column purged_at timestamptz,
  add column county    text;
create index leads_closed_not_purged on leads (closed_at) where purged_at is null and closed_at is not null;

create table retention_runs (
  id          bigserial primary key,
  started_at  timestamptz not null default now(),
  finished_at timestamptz,
  -- The instant the policy was applied on (the activity's clock) and the policy itself, for the record.
  as_of       timestamptz not null,
  policy      jsonb not null,
  counts      jsonb not null default '{}'
);

-- The purge looks for what is past the policy by time: these keep each look an index range.
create index report_submissions_with_file on report_submissions (received_at) where original is not null;
create index report_submissions_by_time on report_submissions (received_at);
create index outbox_sent_with_recipient on outbox (sent_at) where status = 'sent' and recipient <> '';
create index outbox_unsent_with_recipient on outbox (created_at) where status <> 'sent' and recipient <> '';
create index report_outcomes_by_lead on report_outcomes (lead_id);
create index report_outcomes_by_submission on report_outcomes (submission_id);
create index escalations_by_lead on escalations (lead_id);
