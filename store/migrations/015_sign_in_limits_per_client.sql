-- Sign-in limits per client, so that nobody else can lock a person out: wrong sign-in codes are counted per address
-- and client (a looser cap covers the address across all clients), no longer on the address's open requests,
-- where any client's guesses used up the person's own tries. `client` is the key PAL counts a client by (an IPv4
-- address or an IPv6 /64), as in portal_sign_ins.
create table portal_code_attempts (
  email  text not null, -- lowercased
  client text not null,
  at     timestamptz not null default now()
);
create index portal_code_attempts_email on portal_code_attempts (email, at);

alter table portal_sign_ins drop column code_attempts;
