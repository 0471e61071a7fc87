-- Hardening of the assister directory: who suspended an assister, its certification, approval of a contact-point
-- change asked for with an assister's credentials, and assister tokens that can be listed and revoked.

-- Who imposed a suspension ("coordinator" or "assister:<id>"): an assister lifts only its own, a coordinator any.
-- Existing suspensions: whoever last set the status to suspended in the history, else the coordinator.
alter table assisters add column suspended_by text;
update assisters a set suspended_by = coalesce(
  (select c.changed_by from assister_changes c where c.assister_id = a.id and c.change -> 'status' ->> 1 = 'suspended' order by c.id desc limit 1),
  'coordinator')
where a.status = 'suspended';
alter table assisters add constraint assisters_suspended_by check ((status = 'suspended') = (suspended_by is not null));

-- Certification: a navigator's certification id or a broker's NPN, valid through its expiry date. Routing skips an
-- assister whose certification has lapsed. Decision: assisters already in the directory have no certification on
-- record and a grace period of 90 days from this upgrade, so routing does not stop; the daily cycle alerts the
-- coordinator 30 days before the grace ends. New assisters must carry both.
alter table assisters add column certification text, add column certification_expires date;
update assisters set certification_expires = (now() at time zone 'America/Chicago')::date + 90;
alter table assisters alter column certification_expires set not null;

-- A change of contact point asked for with an assister's own credentials also needs approval: by the current
-- contact point (a code sent there) or by a coordinator. confirmed_at stays the moment the change took effect;
-- address_confirmed_at is when the new address confirmed it receives mail (its code).
alter table contact_point_changes
  add column approval_code_sha256 text,
  add column approved_at          timestamptz,
  add column approved_by          text,
  add column address_confirmed_at timestamptz,
  add column address_confirmed_by text;

-- Assister tokens: an id to list them by (never the token), when one last authenticated, and revocation. A token
-- lives at most 365 days: longer ones issued before are cut to a year from now.
alter table assister_tokens
  add column id           bigserial unique,
  add column last_used_at timestamptz,
  add column revoked_at   timestamptz;
update assister_tokens set expires_at = least(expires_at, now() + interval '365 days');
create index assister_tokens_by_assister on assister_tokens (assister_id);
