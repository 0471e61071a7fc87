import { authConfig, leadConfig, mailConfig } from '../platform/config';

test('lead configuration: defaults, overrides and clear errors', () => {
  expect(leadConfig({})).toEqual({ workflowDefaults: { maxOpenDays: 90, routingRetryInterval: '60 minutes' }, holidayNames: undefined });
  expect(leadConfig({ PAL_LEAD_MAX_OPEN_DAYS: '30', PAL_STATE_HOLIDAYS: "New Year's Day, Christmas Day" })).toMatchObject({
    workflowDefaults: { maxOpenDays: 30 },
    holidayNames: ["New Year's Day", 'Christmas Day'],
  });
  expect(() => leadConfig({ PAL_LEAD_MAX_OPEN_DAYS: 'soon' })).toThrow(/Invalid lead configuration:\n {2}PAL_LEAD_MAX_OPEN_DAYS/);
});

test('tokens must be long enough; SMTP needs a host', () => {
  expect(() => authConfig({ PAL_COORDINATOR_TOKEN: 'short' })).toThrow(/PAL_COORDINATOR_TOKEN: must be at least 16 characters/);
  expect(() => mailConfig({})).toThrow(/SMTP_HOST/);
  expect(mailConfig({ SMTP_HOST: 'smtp.example.org' })).toMatchObject({ port: 587, secure: false });
});
