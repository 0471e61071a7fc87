-- The consumer's "No one has contacted me" link (issue 13): a random token per consumer notice, kept as its SHA-256
-- digest only, naming the lead and the assignment the notice was about. It carries no consumer data. It asks for a
-- follow-up once (asked_at) and lapses at expires_at. A retried notice whose email was not sent yet mints a new token
-- for the same assignment, so every link an email carried works.
create table consumer_follow_up_links (
  token_sha256 text primary key,
  lead_id      uuid not null references leads (id),
  assignment   int not null,
  created_at   timestamptz not null default now(),
  expires_at   timestamptz not null,
  asked_at     timestamptz
);
create index consumer_follow_up_links_by_lead on consumer_follow_up_links (lead_id, assignment);
