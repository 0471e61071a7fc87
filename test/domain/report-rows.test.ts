import { leadReference, REFERENCE_ALPHABET } from '../../domain/lead-reference';
import { checkReportRow, parseContactDate, reportLeadIndex, type ReportableLead, type ReportRowInput } from '../../domain/report-rows';

const REF = leadReference(4711);
const base: ReportableLead = { leadId: 'ab12cd34-0000-4000-8000-000000000001', reference: REF, referredAt: new Date('2026-11-16T15:00:00-06:00') };
const leads = reportLeadIndex([base]);
const now = new Date('2026-11-30T12:00:00-06:00');
const known = (lead: Partial<ReportableLead>) => reportLeadIndex([{ ...base, ...lead }]);
const row = (r: Partial<ReportRowInput>): ReportRowInput => ({ row: 2, leadReference: REF, contactMade: 'Y', contactDate: '11/18/26', resolution: 'Enrolled in QHP', comments: '', ...r });
const problems = (r: Partial<ReportRowInput>) => {
  const result = checkReportRow(row(r), leads, now);
  return 'problems' in result ? result.problems.map((p) => `${p.row}/${p.column}: ${p.reason}`) : [];
};

test('a valid row becomes an outcome for its lead', () => {
  expect(checkReportRow(row({ comments: 'Chose a silver plan' }), leads, now)).toEqual({
    outcome: { row: 2, leadId: 'ab12cd34-0000-4000-8000-000000000001', contactMade: true, contactDate: '2026-11-18', resolution: 'Enrolled in QHP', final: true, comment: 'Chose a silver plan' },
  });
  const interim = checkReportRow(row({ resolution: 'Contact made, appointment scheduled', contactDate: new Date(Date.UTC(2026, 10, 20)) }), leads, now);
  expect(interim).toMatchObject({ outcome: { final: false, contactDate: '2026-11-20' } });
  expect(checkReportRow(row({ contactMade: 'n', contactDate: null, resolution: 'Unable to contact' }), leads, now)).toMatchObject({ outcome: { contactMade: false } });
});

test.each([
  [{ leadReference: leadReference(4712) }, '2/Lead Reference: Not one of your leads for this report period'],
  [{ leadReference: 'ab12cd34-0000-4000-8000-000000000002' }, '2/Lead Reference: Not one of your leads for this report period'],
  [{ leadReference: REF.slice(0, 7) + REFERENCE_ALPHABET[(REFERENCE_ALPHABET.indexOf(REF[7]!) + 1) % 32] }, '2/Lead Reference: This lead reference has a typo: its check character does not match'],
  [{ leadReference: REF[1]! + REF[0]! + REF.slice(2) }, '2/Lead Reference: This lead reference has a typo: its check character does not match'],
  [{ leadReference: 'AB12CD3' }, '2/Lead Reference: A lead reference is 8 letters and digits (not U)'],
  [{ contactMade: '' }, '2/Contact Made: Contact Made is required (Y or N)'],
  [{ contactMade: 'yes' }, '2/Contact Made: Contact Made must be Y or N'],
  [{ contactDate: '' }, '2/Contact Date: Contact Date is required when contact was made'],
  [{ contactDate: 'last week' }, '2/Contact Date: Contact Date must be a date written MM/DD/YY'],
  [{ contactDate: '11/10/26' }, '2/Contact Date: Contact date is before the referral (2026-11-16)'],
  [{ contactDate: '12/25/26' }, '2/Contact Date: Contact date is in the future'],
  [{ contactMade: 'N', resolution: 'Unable to contact' }, '2/Contact Date: A contact date is given but Contact Made = N'],
  [{ resolution: '' }, '2/Resolution: Resolution is required, even when contact was not made'],
  [{ resolution: 'Enrolled' }, '2/Resolution: Resolution must be one of the nine resolutions in the drop-down'],
  [{ contactMade: 'N', contactDate: '', resolution: 'Enrolled in QHP' }, expect.stringMatching(/^2\/Resolution: "Enrolled in QHP" needs contact/)],
  [{ resolution: 'Unable to contact' }, '2/Resolution: "Unable to contact" contradicts Contact Made = Y'],
  [{ comments: 'x'.repeat(2001) }, '2/Comments: Comments must be at most 2000 characters'],
])('%j is rejected: %s', (r, expected) => expect(problems(r)).toEqual([expected]));

test('a row may not contradict what PAL already knows of the lead', () => {
  const contacted = known({ contactDate: '2026-11-17' });
  expect(checkReportRow(row({ contactMade: 'N', contactDate: '', resolution: 'Unable to contact' }), contacted, now)).toEqual({
    problems: [{ row: 2, column: 'Contact Made', reason: 'Contact was already reported (2026-11-17); Contact Made must be Y' }],
  });
  const closed = known({ closed: true, resolution: 'Enrolled in QHP', contactDate: '2026-11-18' });
  expect(checkReportRow(row({ resolution: 'Eligible for Medical Assistance' }), closed, now)).toMatchObject({ problems: [{ column: 'Resolution', reason: expect.stringMatching(/^This lead is already closed \(Enrolled in QHP\)/) }] });
  // The resolution it closed with is accepted, and changes nothing.
  expect(checkReportRow(row({}), closed, now)).toMatchObject({ outcome: { resolution: 'Enrolled in QHP' }, unchanged: true });
});

test('a row names its lead by reference, typed as people type it, or by the id of a workbook sent before references', () => {
  for (const typed of [REF, REF.toLowerCase(), `${REF.slice(0, 4)}-${REF.slice(4)}`, base.leadId, base.leadId.toUpperCase()])
    expect(checkReportRow(row({ leadReference: typed }), leads, now)).toMatchObject({ outcome: { leadId: base.leadId } });
});

test('an outcome counts once, for the lead: the same outcome returned again, on any report, is unchanged', () => {
  const reported = known({ known: { contactMade: true, contactDate: '2026-11-18', resolution: 'Contact made, appointment scheduled' } });
  const interim = row({ resolution: 'Contact made, appointment scheduled' });
  expect(checkReportRow(interim, reported, now)).toMatchObject({ outcome: { final: false }, unchanged: true });
  // Anything different is a new outcome: another resolution, date or comment.
  for (const changed of [row({}), row({ resolution: 'Contact made, appointment scheduled', contactDate: '11/19/26' }), row({ resolution: 'Contact made, appointment scheduled', comments: 'Moved to Monday' })])
    expect(checkReportRow(changed, reported, now)).not.toHaveProperty('unchanged');
});

test('every problem of a row is reported, not only the first', () => {
  expect(problems({ leadReference: '', contactMade: 'maybe', resolution: '' })).toHaveLength(3);
});

test('contact dates: MM/DD/YY as shown, four-digit years, ISO, and date cells', () => {
  expect(parseContactDate('1/5/27')).toBe('2027-01-05');
  expect(parseContactDate('01/05/2027')).toBe('2027-01-05');
  expect(parseContactDate('2027-01-05')).toBe('2027-01-05');
  expect(parseContactDate(new Date(Date.UTC(2027, 0, 5)))).toBe('2027-01-05');
  expect(parseContactDate('02/30/27')).toBeUndefined();
  expect(parseContactDate(42)).toBeUndefined();
});
