-- The organization's phone number for consumers: the representative reads it to the consumer when a lead is
-- created. Optional: without it, the consumer is told the organization will call.
alter table assisters add column public_phone text;

-- The representative's duplicate check looks for an open lead of the same consumer: the same phone (its last ten
-- digits, however it was written), the same email, or the same first and last name with the same ZIP code. Each
-- index holds open leads only; store/duplicates.ts uses these expressions exactly.
create index leads_open_by_phone on leads ((right(regexp_replace(intake #>> '{consumer,phone}', '[^0-9]', '', 'g'), 10))) where closed_at is null;
create index leads_open_by_email on leads ((lower(intake #>> '{consumer,email}'))) where closed_at is null;
create index leads_open_by_name_and_zip on leads ((lower(intake #>> '{consumer,lastName}')), (intake #>> '{consumer,zip}')) where closed_at is null;
