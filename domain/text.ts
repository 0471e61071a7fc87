// Text a person typed. A single-line field (a name, a reason, a login) holds no control characters at all: a line
// break in a name could forge a line of the referral email ("Consent to share: No"). Only comments may span lines.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;

/** Control characters (including tab and line breaks) in what must be one line. */
export const hasControlCharacters = (s: string) => CONTROL.test(s);

/** Control characters other than line breaks (\n, \r\n) in a multi-line comment. */
export const hasControlCharactersBesidesLineBreaks = (s: string) => CONTROL_BUT_LINE_BREAKS.test(s) || /\r(?!\n)/.test(s);
