-- Lead references: each lead gets a reference number from a sequence (unique by construction); the reference
-- people read (domain/lead-reference.ts) is a bijective scramble of it with a check character, so it is looked up
-- by this number. Leads already recorded are numbered as the column is added.
alter table leads add column reference_number bigint generated always as identity (start with 1) unique;

-- Carry-over: when a newer report goes out, an older report's rows without an outcome move to it. The older
-- obligation records how many moved and to which period; it stays not completed (it was not returned).
alter table report_obligations
  add column carried_over integer,
  add column carried_to   integer;
