-- Escalations that are not about a lead: an assister's overdue report, an unconfirmed contact-point change. `subject`
-- names what the escalation is about, so what ends it (the report received, the change confirmed, withdrawn or
-- lapsed) closes it; `period_number` says which report.
alter table escalations add column subject text;
alter table escalations add column period_number integer;
create index escalations_open_by_subject on escalations (subject) where resolved_at is null;
