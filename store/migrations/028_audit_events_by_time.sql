-- The audit trail is read by period (pal audit export, GET /api/audit, the coordinators' Audit trail page): without
-- an index on the time, every export and every preview read the whole table.
create index audit_events_at on audit_events (at);
