// The consumer's translation files (translations/consumer/*.json): complete, with the placeholders English has, and
// what a missing or mistranslated key does at start-up.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSUMER_LANGUAGES } from '../../domain/consumer-language';
import { consumerTranslations, consumerTranslationsDir, translationProblems } from '../../platform/consumer-translations';

const files = Object.fromEntries(CONSUMER_LANGUAGES.map((l) => [l, JSON.parse(readFileSync(join(consumerTranslationsDir, `${l}.json`), 'utf8')) as Record<string, string>]));

test('every language has every key of English, with the same placeholders, and none empty', () => {
  expect(translationProblems(files)).toEqual([]);
  for (const l of CONSUMER_LANGUAGES) expect(Object.keys(files[l]!).sort()).toEqual(Object.keys(files.en!).sort());
  expect(() => consumerTranslations()).not.toThrow();
});

test('a missing key, another placeholder, an unknown key or an empty sentence is named with its file', () => {
  const { 'page.button': _, ...withoutButton } = files.es!;
  expect(translationProblems({ ...files, es: withoutButton })).toEqual(['es.json: page.button is missing']);
  expect(translationProblems({ ...files, so: { ...files.so, 'notice.deadline': 'ugu dambeyn {waqti}' } })).toEqual(['so.json: notice.deadline must have the placeholders {deadline}']);
  expect(translationProblems({ ...files, hmn: { ...files.hmn, 'page.extra': 'x' } })).toEqual(['hmn.json: page.extra is not a key of en.json']);
  expect(translationProblems({ ...files, es: { ...files.es, tagline: ' ' } })).toEqual(['es.json: tagline is empty']);
});

test('the deadline in words, Minnesota time, in each language', () => {
  const texts = consumerTranslations();
  const deadline = new Date('2026-11-27T23:00:00Z'); // 17:00 in Minnesota, a Friday
  expect(texts.en.when(deadline)).toBe('Friday, November 27, 2026, at 5:00 PM (Minnesota time)');
  expect(texts.es.when(deadline)).toBe('viernes 27 de noviembre de 2026 a las 5:00 p. m. (hora de Minnesota)');
  expect(texts.hmn.when(deadline)).toBe('Hnub Tsib, 27 Lub Kaum Ib Hlis 2026, thaum 5:00 tav su (Minnesota lub sijhawm)');
  expect(texts.so.when(deadline)).toBe('Jimco, 27 Nofembar 2026, saacadda 5:00 galabnimo (waqtiga Minnesota)');
  expect(texts.en.when(new Date('2026-07-01T14:05:00Z'))).toBe('Wednesday, July 1, 2026, at 9:05 AM (Minnesota time)');
  expect(texts.en.t('notice.organization', { organization: 'North Country Navigators' })).toBe('North Country Navigators will contact you about it.');
  expect(() => texts.en.t('notice.organization')).toThrow('Consumer text notice.organization needs {organization}');
});
