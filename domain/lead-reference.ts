// The lead reference people read aloud, type and see in emails, workbooks and the CLI (domain.md: "a lead reference
// so a row maps to exactly one lead"). Eight characters of Crockford's base32 (no I, L, O or U): seven encode the
// lead's reference number (a PostgreSQL sequence, so each lead has its own) through a fixed bijective scramble, so
// consecutive leads do not look alike; the eighth is a check character that catches any single mistyped character
// and any two neighbours swapped. No PII: the number says nothing about the consumer.

export const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DATA_CHARS = 7;
export const REFERENCE_LENGTH = DATA_CHARS + 1;
/** Reference numbers are 1 … 2^35 - 1 (34 billion leads). */
export const MAX_REFERENCE_NUMBER = 2 ** (5 * DATA_CHARS) - 1;

const DOMAIN = 2 ** (5 * DATA_CHARS);
// A balanced Feistel network on 36 bits (two 18-bit halves), walked back into the 35-bit domain: a bijection.
const HALF = 2 ** 18;
const MASK = HALF - 1;
const ROUND_KEYS = [0x1b873, 0x2f5a1, 0x0c3d9, 0x36e4b];

function round(half: number, key: number): number {
  let x = Math.imul(half ^ key, 0x9e3779b1);
  x ^= x >>> 15;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  return (x >>> 0) & MASK;
}

function feistel(n: number, keys: readonly number[], forward: boolean): number {
  let left = Math.floor(n / HALF);
  let right = n % HALF;
  for (const key of keys) {
    if (forward) [left, right] = [right, left ^ round(right, key)];
    else [left, right] = [right ^ round(left, key), left];
  }
  return left * HALF + right;
}

function scramble(n: number): number {
  do n = feistel(n, ROUND_KEYS, true);
  while (n >= DOMAIN);
  return n;
}

function unscramble(n: number): number {
  const reversed = [...ROUND_KEYS].reverse();
  do n = feistel(n, reversed, false);
  while (n >= DOMAIN);
  return n;
}

// The check character: the data characters as elements of GF(32) (x^5 + x^2 + 1), weighted by powers of x
// (Horner's rule). A changed character changes the sum by a non-zero multiple; two neighbours swapped by
// (x + 1) times their difference, never zero. So both are always caught.
const timesX = (v: number) => ((v << 1) & 32 ? (v << 1) ^ 0b100101 : v << 1);
const checkValue = (values: readonly number[]) => values.reduce((acc, v) => timesX(acc ^ v), 0);

/** The reference of reference number `n`. */
export function leadReference(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_REFERENCE_NUMBER) throw new RangeError(`A lead reference number is 1 to ${MAX_REFERENCE_NUMBER} (got ${n})`);
  let v = scramble(n);
  const values: number[] = [];
  for (let i = 0; i < DATA_CHARS; i++) {
    values.unshift(v % 32);
    v = Math.floor(v / 32);
  }
  return [...values, checkValue(values)].map((d) => REFERENCE_ALPHABET[d]).join('');
}

export type ParsedLeadReference = { ok: true; reference: string; number: number } | { ok: false; reason: string };

/**
 * A reference as someone typed it: case, spaces and hyphens do not matter, and I, L and O read as 1, 1 and 0
 * (Crockford's rule). Refused when it is not eight such characters or its check character does not match.
 */
export function parseLeadReference(typed: string): ParsedLeadReference {
  const text = typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (text.length !== REFERENCE_LENGTH || [...text].some((c) => !REFERENCE_ALPHABET.includes(c)))
    return { ok: false, reason: `A lead reference is ${REFERENCE_LENGTH} letters and digits (not U)` };
  const values = [...text].map((c) => REFERENCE_ALPHABET.indexOf(c));
  if (checkValue(values.slice(0, DATA_CHARS)) !== values[DATA_CHARS]) return { ok: false, reason: 'This lead reference has a typo: its check character does not match' };
  const number = unscramble(values.slice(0, DATA_CHARS).reduce((acc, d) => acc * 32 + d, 0));
  if (number < 1) return { ok: false, reason: 'This is not a lead reference' };
  return { ok: true, reference: text, number };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What someone gave to name a lead: its id (a UUID, as workbooks sent before references carried) or its
 * reference; otherwise the problem (a reference with a typo says so).
 */
export function parseLeadKey(typed: string): { id: string } | { reference: string; number: number } | { problem: string } {
  const text = typed.trim();
  if (UUID.test(text)) return { id: text.toLowerCase() };
  const parsed = parseLeadReference(text);
  return parsed.ok ? { reference: parsed.reference, number: parsed.number } : { problem: parsed.reason };
}
