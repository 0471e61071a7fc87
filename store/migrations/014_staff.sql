-- Marketplace staff with PAL pages: contact-center representatives and coordinators. They sign in and keep sessions
-- as assisters' people do (the same tables), each session and sign-in belonging to a person or a staff member.
create table staff (
  id          bigserial primary key,
  email       text not null,
  role        text not null check (role in ('contact-center', 'coordinator')),
  added_by    text not null,
  created_at  timestamptz not null default now(),
  removed_at  timestamptz,
  removed_by  text
);
create unique index staff_active_email on staff (lower(email)) where removed_at is null;

alter table portal_sign_ins add column staff_id bigint references staff (id);
-- A link printed by `npm run dev` for its dev staff: no browser asked for it, so any browser may use it (once).
alter table portal_sign_ins add column any_browser boolean not null default false;

alter table portal_sessions alter column person_id drop not null;
alter table portal_sessions add column staff_id bigint references staff (id);
alter table portal_sessions add constraint portal_sessions_one_owner check ((person_id is null) <> (staff_id is null));
create index portal_sessions_staff on portal_sessions (staff_id) where ended_at is null;
