import { leadReference, MAX_REFERENCE_NUMBER, parseLeadKey, parseLeadReference, REFERENCE_ALPHABET } from '../../domain/lead-reference';

// A small deterministic generator, so every run checks the same references.
function* numbers(count: number, seed = 7): Generator<number> {
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    yield 1 + ((x * 8 + i) % MAX_REFERENCE_NUMBER);
  }
}
const samples = [1, 2, 3, 31, 32, 1000, 2 ** 30, MAX_REFERENCE_NUMBER - 1, MAX_REFERENCE_NUMBER, ...numbers(300)];

test('a reference is eight characters of Crockford base32, without I, L, O or U', () => {
  for (const n of samples) expect(leadReference(n)).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
  expect(REFERENCE_ALPHABET).toHaveLength(32);
  expect(REFERENCE_ALPHABET).not.toMatch(/[ILOU]/);
});

test('round trip: the reference gives back its number', () => {
  for (const n of samples) expect(parseLeadReference(leadReference(n))).toEqual({ ok: true, reference: leadReference(n), number: n });
});

test('distinct numbers give distinct references (a bijection), and consecutive ones do not look alike', () => {
  const refs = Array.from({ length: 50_000 }, (_, i) => leadReference(i + 1));
  expect(new Set(refs).size).toBe(refs.length);
  const sharedPrefix = (a: string, b: string) => [...a].findIndex((c, i) => c !== b[i]);
  expect(refs.slice(1).filter((r, i) => sharedPrefix(r, refs[i]!) >= 3).length).toBeLessThan(refs.length / 100);
});

test('the check character catches every single mistyped character', () => {
  for (const n of samples.slice(0, 120)) {
    const ref = leadReference(n);
    for (let i = 0; i < ref.length; i++)
      for (const c of REFERENCE_ALPHABET) {
        if (c === ref[i]) continue;
        expect(parseLeadReference(ref.slice(0, i) + c + ref.slice(i + 1))).toEqual({ ok: false, reason: expect.stringMatching(/typo/) });
      }
  }
});

test('the check character catches every swap of two neighbours, the check character included', () => {
  let swaps = 0;
  for (const n of samples) {
    const ref = leadReference(n);
    for (let i = 0; i + 1 < ref.length; i++) {
      if (ref[i] === ref[i + 1]) continue;
      swaps++;
      expect(parseLeadReference(ref.slice(0, i) + ref[i + 1] + ref[i] + ref.slice(i + 2)).ok).toBe(false);
    }
  }
  expect(swaps).toBeGreaterThan(1000);
});

test('as people type it: any case, spaces and hyphens, I and L for 1, O for 0', () => {
  const ref = leadReference(424242);
  const { number } = parseLeadReference(ref) as { number: number };
  expect(parseLeadReference(`${ref.slice(0, 4).toLowerCase()}-${ref.slice(4)}`)).toMatchObject({ ok: true, number });
  expect(parseLeadReference(` ${ref.slice(0, 4)} ${ref.slice(4)} `)).toMatchObject({ ok: true, number });
  const withOnes = ref.replace(/1/g, 'l').replace(/0/g, 'O');
  expect(parseLeadReference(withOnes)).toMatchObject({ ok: true, number });
  expect(parseLeadReference('ABCDEFGU')).toEqual({ ok: false, reason: expect.stringMatching(/8 letters and digits/) });
  expect(parseLeadReference('ABC')).toMatchObject({ ok: false });
  expect(() => leadReference(0)).toThrow(RangeError);
  expect(() => leadReference(MAX_REFERENCE_NUMBER + 1)).toThrow(RangeError);
});

test('a lead is named by its reference or by its id (workbooks sent before references)', () => {
  const ref = leadReference(77);
  expect(parseLeadKey(ref.toLowerCase())).toEqual({ reference: ref, number: 77 });
  expect(parseLeadKey(' 0F8FAD5B-D9CB-469F-A165-70867728950E ')).toEqual({ id: '0f8fad5b-d9cb-469f-a165-70867728950e' });
  expect(parseLeadKey('0f8fad5b')).toEqual({ problem: expect.any(String) });
});
