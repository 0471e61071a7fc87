-- The performance figures (GET /api/metrics, pal metrics, the coordinators' Program page) read a report period's
-- leads by their referral time: without an index, every period read the whole table.
create index leads_by_referral on leads (referred_at) where assister_id is not null;
