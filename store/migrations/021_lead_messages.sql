-- Messages between a lead's assister and the coordinators (issue 12): a thread per lead and assister, so a lead
-- reassigned elsewhere starts a new thread and its former assister's stays with it (shown to coordinators only).
-- The text is the only free text here; nothing else names the consumer.
create table lead_threads (
  lead_id         uuid not null references leads (id),
  assister_id     text not null references assisters (id),
  -- The first assister message not yet answered by a coordinator (domain/messages.ts); null when answered.
  awaiting_since  timestamptz,
  primary key (lead_id, assister_id)
);
-- The coordinators' queue reads the waiting threads, oldest first, from this index alone.
create index lead_threads_awaiting on lead_threads (awaiting_since, lead_id) where awaiting_since is not null;

create table lead_messages (
  id           bigserial primary key,
  lead_id      uuid not null,
  assister_id  text not null,
  side         text not null check (side in ('assister', 'coordinator')),
  person_id    bigint references portal_people (id),
  staff_id     bigint references staff (id),
  body         text not null check (char_length(body) between 1 and 2000),
  -- The form's own key: the same form sent twice (a retry, a double click) is one message and one email.
  form_key     text not null unique,
  sent_at      timestamptz not null default now(),
  foreign key (lead_id, assister_id) references lead_threads (lead_id, assister_id),
  check ((side = 'assister' and person_id is not null and staff_id is null) or (side = 'coordinator' and staff_id is not null and person_id is null))
);
create index lead_messages_by_thread on lead_messages (lead_id, assister_id, id);
