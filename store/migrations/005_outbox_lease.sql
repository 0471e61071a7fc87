-- An attempt claims an outbox row before sending (status 'sending' until lease_until), so two overlapping attempts
-- of the same activity (a timed-out one still running, and its retry) cannot both send.
alter table outbox drop constraint outbox_status_check;
alter table outbox add constraint outbox_status_check check (status in ('pending', 'sending', 'sent'));
alter table outbox add column lease_until timestamptz;
