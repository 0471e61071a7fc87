-- The languages an assister's staff speak besides English (issue 13): routing prefers a speaker of the consumer's
-- preferred language within PAL_LANGUAGE_EXTRA_MILES of the closest eligible assister.
alter table assisters add column languages text[] not null default '{}';
