import { consumerLanguage } from '../../domain/consumer-language';

test('the preferred language as typed maps to the language PAL writes in: English, Spanish, Hmong or Somali', () => {
  for (const typed of ['Spanish', 'spanish', 'Español', 'ESPAÑOL', 'es', 'es-MX', 'Spanish (Mexico)', 'castellano', 'spa']) expect([typed, consumerLanguage(typed)]).toEqual([typed, 'es']);
  for (const typed of ['Hmong', 'Hmoob', 'hmn', 'Hmong Daw', 'White Hmong', 'Hmoob Dawb']) expect([typed, consumerLanguage(typed)]).toEqual([typed, 'hmn']);
  for (const typed of ['Somali', 'Soomaali', 'Af-Soomaali', 'so', 'som']) expect([typed, consumerLanguage(typed)]).toEqual([typed, 'so']);
  for (const typed of ['English', 'en', 'en-US']) expect([typed, consumerLanguage(typed)]).toEqual([typed, 'en']);
});

test('any other language, or none, is English', () => {
  for (const typed of [undefined, '', '  ', 'Vietnamese', 'Karen', 'Oromo', 'ASL', 'Klingon', '日本語']) expect([typed, consumerLanguage(typed)]).toEqual([typed, 'en']);
});
