-- The coordinators' lead list (/coordinator/leads) filters by status and by assister, newest first, a page at a time.
create index leads_by_status on leads (status, reference_number desc);
create index leads_by_assister on leads (assister_id, reference_number desc);
