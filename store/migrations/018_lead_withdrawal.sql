-- A representative or coordinator withdraws a lead (issue 12): consent revoked, or created in error. The lead's row
-- keeps why (its status is then 'withdrawn' and closed_at is set); a free-text note stays in the lead's event.
alter table leads add column withdrawal_reason text check (withdrawal_reason in ('consent-revoked', 'created-in-error'));
