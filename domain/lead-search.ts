// What a staff member typed to find a lead: a lead reference, an email address, a phone number, or a name. One text
// box serves them all; this decides which, so the search compares like with like.
import { parseLeadReference } from './lead-reference';

export type LeadSearch =
  /** A word of eight letters may be a name that happens to read as a reference: then both are searched. */
  | { by: 'reference'; number: number; orName?: string[] }
  | { by: 'email'; email: string }
  /** The number's last ten digits (a US number, with or without its country code). */
  | { by: 'phone'; digits: string }
  /** Each word must begin the first or the last name. */
  | { by: 'name'; words: string[] }
  | { problem: string };

/** A phone number as PAL compares it: its last ten digits, however it was written. */
export const phoneDigits = (phone: string) => phone.replace(/[^0-9]/g, '').slice(-10);

export function classifyLeadSearch(typed: string): LeadSearch {
  const text = typed.trim();
  if (!text) return { problem: 'Enter a lead reference, or the consumer’s name, phone number or email address' };
  if (text.length > 100) return { problem: 'Enter at most 100 characters' };
  const reference = parseLeadReference(text);
  if (reference.ok) return /^[a-z]+$/i.test(text) ? { by: 'reference', number: reference.number, orName: [text.toLowerCase()] } : { by: 'reference', number: reference.number };
  if (text.includes('@')) return { by: 'email', email: text.toLowerCase() };
  // Many consumers share a ZIP code: it narrows a name, it does not find a lead.
  if (/^\d{5}(-\d{4})?$/.test(text)) return { problem: 'A ZIP code alone does not find a lead: search by reference, name, phone number or email' };
  if (/^[\d\s().+-]+$/.test(text)) return text.replace(/[^0-9]/g, '').length >= 10 ? { by: 'phone', digits: phoneDigits(text) } : { problem: 'A phone number has 10 digits' };
  const words = text.toLowerCase().split(/\s+/).filter((w) => w.length > 0);
  if (words.some((w) => w.length < 2)) return { problem: 'Enter at least two letters of each name' };
  return { by: 'name', words };
}
