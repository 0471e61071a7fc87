// The consumer's preferred language and the languages an assister's staff speak, compared as one key per language:
// intake takes the language as typed ("Spanish", "español", "es"), so the common names and codes of Minnesota's
// larger language groups fold to their ISO 639 code; any other name compares as itself, without case or accents.

const ALIASES: Record<string, readonly string[]> = {
  en: ['english', 'en', 'eng'],
  es: ['spanish', 'espanol', 'castellano', 'es', 'spa'],
  hmn: ['hmong', 'hmoob', 'hmn'],
  so: ['somali', 'soomaali', 'so', 'som'],
  vi: ['vietnamese', 'tieng viet', 'vi', 'vie'],
  kar: ['karen', 'kar'],
  om: ['oromo', 'afaan oromoo', 'om', 'orm'],
  am: ['amharic', 'am', 'amh'],
  ar: ['arabic', 'ar', 'ara'],
  ru: ['russian', 'ru', 'rus'],
  zh: ['chinese', 'mandarin', 'cantonese', 'zh', 'zho'],
  lo: ['lao', 'lo'],
  km: ['khmer', 'cambodian', 'km'],
  ne: ['nepali', 'ne'],
  fr: ['french', 'francais', 'fr'],
  asl: ['american sign language', 'asl'],
};
const KEY_OF = new Map(Object.entries(ALIASES).flatMap(([key, names]) => names.map((n) => [n, key] as const)));

/** One key per language: its ISO code when PAL knows the name or code, else the name without case or accents. */
export function languageKey(language: string): string {
  const plain = language
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
  return KEY_OF.get(plain) ?? plain;
}

/** Whether a list of spoken languages includes the preferred one. */
export const speaks = (languages: readonly string[] | undefined, preferred: string) => (languages ?? []).some((l) => languageKey(l) === languageKey(preferred));

/** A preferred language routing looks for: none given, or English (every assister serves in English), is none. */
export const routingLanguage = (preferred: string | undefined) => (preferred && languageKey(preferred) && languageKey(preferred) !== 'en' ? preferred.trim() : undefined);
