-- Assister tokens expire (default: a year after issue); an expired token is refused like an unknown one.
alter table assister_tokens add column expires_at timestamptz not null default now() + interval '365 days';
