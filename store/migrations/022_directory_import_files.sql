-- A directory file a coordinator previewed on the Directory pages: kept by its SHA-256 until it is applied, so Apply
-- import applies exactly the records that were previewed (never content sent back by the browser). Assister
-- records only (organizations' addresses), no consumer's data; files older than a day are dropped.
create table directory_import_files (
  sha256      text primary key,
  file_name   text not null,
  records     jsonb not null,
  uploaded_by text not null,
  uploaded_at timestamptz not null default now(),
  applied_at  timestamptz
);
