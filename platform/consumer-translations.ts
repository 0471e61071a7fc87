// What PAL writes to consumers, in English, Spanish, Hmong and Somali: translations/consumer/<language>.json, one key
// per sentence with {placeholders}, files a translator can review. Loaded and checked once, at start-up (the worker's
// activities and the help pages): every language has English's keys, each with the same placeholders; a file that
// does not stops the process, naming the file and the key.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CONSUMER_LANGUAGES, type ConsumerLanguage } from '../domain/consumer-language';
import { minnesotaIso } from '../domain/time';

export const consumerTranslationsDir = join(__dirname, '..', 'translations', 'consumer');

const fileSchema = z.record(z.string(), z.string().trim().min(1, 'is empty'));
const placeholdersOf = (sentence: string) => [...sentence.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(', ');

/** What is wrong with the files' contents (by language): English sets the keys and each sentence's placeholders. */
export function translationProblems(files: Partial<Record<ConsumerLanguage, unknown>>): string[] {
  const parsed = Object.fromEntries(CONSUMER_LANGUAGES.map((l) => [l, fileSchema.safeParse(files[l])]));
  const problems = CONSUMER_LANGUAGES.flatMap((l) => (parsed[l]!.success ? [] : parsed[l]!.error.issues.map((i) => `${l}.json: ${i.path.join('.') || 'the file'} ${i.message}`)));
  const english = parsed.en!.data;
  if (!english) return problems;
  for (const l of CONSUMER_LANGUAGES.filter((x) => x !== 'en')) {
    const texts = parsed[l]!.data;
    if (!texts) continue;
    for (const key of Object.keys(english)) {
      if (texts[key] === undefined) problems.push(`${l}.json: ${key} is missing`);
      else if (placeholdersOf(texts[key]) !== placeholdersOf(english[key]!)) problems.push(`${l}.json: ${key} must have the placeholders {${placeholdersOf(english[key]!)}}`);
    }
    for (const key of Object.keys(texts)) if (english[key] === undefined) problems.push(`${l}.json: ${key} is not a key of en.json`);
  }
  return problems;
}

/** One language's sentences, with its placeholders filled in. */
export class ConsumerTexts {
  constructor(
    readonly lang: ConsumerLanguage,
    private readonly sentences: Record<string, string>,
  ) {}

  t(key: string, values: Record<string, string | number> = {}): string {
    const sentence = this.sentences[key];
    if (sentence === undefined) throw new Error(`No consumer text ${key}`);
    return sentence.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (values[name] === undefined) throw new Error(`Consumer text ${key} needs {${name}}`);
      return String(values[name]);
    });
  }

  /** An instant in words, Minnesota time: "Friday, November 27, 2026, at 5:00 PM (Minnesota time)". */
  when(instant: Date): string {
    const [, year, month, day, hours, minute] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(minnesotaIso(instant))!;
    const h = Number(hours);
    const weekday = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))).getUTCDay();
    const time = this.t('time', { hour: h % 12 || 12, minute: minute!, period: this.t(h < 12 ? 'time.am' : 'time.pm') });
    return this.t('deadline', { weekday: this.t(`weekday.${weekday}`), month: this.t(`month.${Number(month)}`), day: Number(day), year: year!, time });
  }
}

export type ConsumerTranslations = Record<ConsumerLanguage, ConsumerTexts>;

const loaded = new Map<string, ConsumerTranslations>();

/** The four languages' texts, read and checked once per folder; throws with every problem found. */
export function consumerTranslations(dir = consumerTranslationsDir): ConsumerTranslations {
  const known = loaded.get(dir);
  if (known) return known;
  const files = Object.fromEntries(CONSUMER_LANGUAGES.map((l) => [l, JSON.parse(readFileSync(join(dir, `${l}.json`), 'utf8')) as unknown]));
  const problems = translationProblems(files);
  if (problems.length) throw new Error(`Invalid consumer translations in ${dir}:\n  ${problems.join('\n  ')}`);
  const texts = Object.fromEntries(CONSUMER_LANGUAGES.map((l) => [l, new ConsumerTexts(l, files[l] as Record<string, string>)])) as ConsumerTranslations;
  loaded.set(dir, texts);
  return texts;
}
