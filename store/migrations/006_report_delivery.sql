-- Report outcomes are recorded when the workbook is received (one transaction for the whole file) and delivered to
-- their lead workflows afterwards by reportDeliveryWorkflow. A lead workflow that changed in between may refuse one.
alter table report_outcomes rename column applied_at to recorded_at;
alter table report_outcomes
  add column row_number   integer,
  add column delivered_at timestamptz,
  add column refused      text;
update report_outcomes set delivered_at = recorded_at;
create index report_outcomes_undelivered on report_outcomes (submission_id, row_number) where delivered_at is null and refused is null;
