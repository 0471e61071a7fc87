-- A returned report file is kept only when it was not refused whole (not an .xlsx, too large, a zip bomb, no Report
-- sheet, too many rows): its submission row still records the digest and the result.
alter table report_submissions alter column original drop not null;
