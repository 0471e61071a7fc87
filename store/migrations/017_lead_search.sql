-- Finding a lead by its consumer (staff pages: Find a lead, and intake's duplicate check), open or closed: by email,
-- by phone number (its last ten digits, however it was typed), or by the start of the last or first name. The
-- expressions are store/consumer-match.ts's; these indexes over all leads replace 016's phone and email indexes over
-- open leads, which they also serve.
drop index leads_open_by_phone;
drop index leads_open_by_email;
create index leads_consumer_phone on leads ((right(regexp_replace(intake #>> '{consumer,phone}', '[^0-9]', '', 'g'), 10)));
create index leads_consumer_email on leads ((lower(intake #>> '{consumer,email}')));
create index leads_consumer_last_name on leads ((lower(intake #>> '{consumer,lastName}')) text_pattern_ops);
create index leads_consumer_first_name on leads ((lower(intake #>> '{consumer,firstName}')) text_pattern_ops);
