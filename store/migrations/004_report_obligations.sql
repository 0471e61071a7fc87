-- Each assister's report for a period as a tracked obligation: sent, reminded, returned (on time or late), overdue.
create table report_obligations (
  assister_id   text not null references assisters (id),
  period_number integer not null,
  rows          integer not null,
  sent_at       timestamptz,
  reminded_at   timestamptz,
  overdue_at    timestamptz,
  completed_at  timestamptz,
  on_time       boolean,
  primary key (assister_id, period_number)
);
