// The language PAL writes to a consumer in: English, Spanish, Hmong or Somali (Minnesota's largest language groups),
// chosen from the preferred language intake took as typed ("Spanish", "Español", "es-MX", "Hmoob", "Af-Soomaali");
// English for any other language or none.
import { languageKey } from './languages';

export const CONSUMER_LANGUAGES = ['en', 'es', 'hmn', 'so'] as const;
export type ConsumerLanguage = (typeof CONSUMER_LANGUAGES)[number];

const isConsumerLanguage = (key: string): key is ConsumerLanguage => (CONSUMER_LANGUAGES as readonly string[]).includes(key);

/** The whole text first, then each word or subtag ("es-MX", "Hmong Daw", "Af-Soomaali"), the first one PAL writes in. */
export function consumerLanguage(preferred: string | undefined): ConsumerLanguage {
  if (!preferred) return 'en';
  const keys = [languageKey(preferred), ...preferred.split(/[^\p{L}]+/u).filter(Boolean).map(languageKey)];
  return keys.find(isConsumerLanguage) ?? 'en';
}
