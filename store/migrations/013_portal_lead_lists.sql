-- The portal's lists of an organization's leads: open ones by what is due first, closed ones most recent first. Each
-- reads only that organization's rows in its order (the open list's index also serves routing's open-lead counts).
drop index leads_open_by_assister;
create index leads_open_by_assister on leads (assister_id, (contact_date is not null), contact_deadline_at, referred_at desc, id) where closed_at is null;
create index leads_closed_by_assister on leads (assister_id, closed_at desc, referred_at desc, id) where closed_at is not null;
