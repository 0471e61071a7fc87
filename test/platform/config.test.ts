import { authConfig, codecConfig, databaseConfig, encryptionConfig, leadConfig, mailConfig, metricsConfig, retentionConfig, temporalConfig, workerTuningConfig } from '../../platform/config';

test('lead configuration: defaults, overrides and clear errors', () => {
  expect(leadConfig({})).toEqual({ workflowDefaults: { maxOpenDays: 90, routingRetryInterval: '60 minutes', referralAlertAfter: '30 minutes' }, holidayNames: undefined });
  expect(leadConfig({ PAL_REFERRAL_ALERT_MINUTES: '5' }).workflowDefaults.referralAlertAfter).toBe('5 minutes');
  expect(leadConfig({ PAL_LEAD_MAX_OPEN_DAYS: '30', PAL_STATE_HOLIDAYS: "New Year's Day, Christmas Day" })).toMatchObject({
    workflowDefaults: { maxOpenDays: 30 },
    holidayNames: ["New Year's Day", 'Christmas Day'],
  });
  expect(() => leadConfig({ PAL_LEAD_MAX_OPEN_DAYS: 'soon' })).toThrow(/Invalid lead configuration:\n {2}PAL_LEAD_MAX_OPEN_DAYS/);
});

test('tokens must be long enough; SMTP needs a host', () => {
  expect(() => authConfig({ PAL_COORDINATOR_TOKEN: 'short' })).toThrow(/PAL_COORDINATOR_TOKEN: must be at least 16 characters/);
  expect(() => mailConfig({})).toThrow(/SMTP_HOST/);
  expect(mailConfig({ SMTP_HOST: 'smtp.example.org' })).toMatchObject({ port: 587, secure: false, outboxLeaseSeconds: 120 });
  expect(() => mailConfig({ SMTP_HOST: 'smtp.example.org', PAL_OUTBOX_LEASE_SECONDS: '10' })).toThrow(/PAL_OUTBOX_LEASE_SECONDS: must be at least 45/);
});

test('performance settings: defaults and bounds', () => {
  expect(metricsConfig({})).toEqual({ gapMiles: 60, minimums: { contactedWithinDeadline: 0.8, appointmentOrResolutionWithin14Days: 0.5, reportOnTime: true } });
  expect(metricsConfig({ PAL_GAP_MILES: '45', PAL_REVIEW_REPORT_ON_TIME: 'false' })).toMatchObject({ gapMiles: 45, minimums: { reportOnTime: false } });
  expect(() => metricsConfig({ PAL_REVIEW_MIN_CONTACT_SHARE: '80' })).toThrow(/PAL_REVIEW_MIN_CONTACT_SHARE/);
});

test('a configuration error names the variable and the position of a bad entry, never a secret', () => {
  const key = Buffer.alloc(32, 7).toString('base64');
  const attempts: [() => unknown, string, RegExp][] = [
    [() => encryptionConfig({ PAL_ENCRYPTION_KEYS: key }), key, /PAL_ENCRYPTION_KEYS: entry 1 of 1 must be keyId:base64key/],
    [() => encryptionConfig({ PAL_ENCRYPTION_KEYS: `k1:${key},${key}` }), key, /entry 2 of 2/],
    [() => encryptionConfig({ PAL_ENCRYPTION_KEYS: `k1:${key.slice(0, 20)}` }), key.slice(0, 20), /entry 1 of 1/],
    [() => encryptionConfig({ PAL_ENCRYPTION_KEYS: `k1:${key}`, PAL_ENCRYPTION_KEY_ID: key }), key, /PAL_ENCRYPTION_KEY_ID: names no key id/],
    [() => authConfig({ PAL_COORDINATOR_TOKEN: 'secret-but-s' }), 'secret-but-s', /PAL_COORDINATOR_TOKEN/],
    [() => codecConfig({ PAL_CODEC_TOKEN: 'hunter2' }), 'hunter2', /PAL_CODEC_TOKEN/],
    [() => databaseConfig({ DATABASE_URL: 'mysql://pal:s3cret-pw@db/pal' }), 's3cret-pw', /DATABASE_URL/],
  ];
  for (const [attempt, secret, expected] of attempts) {
    let message = '';
    try {
      attempt();
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(expected);
    expect(message).not.toContain(secret);
  }
  expect(encryptionConfig({ PAL_ENCRYPTION_KEYS: `k1:${key}, k2:${key}`, PAL_ENCRYPTION_KEY_ID: 'k2' }).currentKeyId).toBe('k2');
});

test("the worker's performance options: explicit defaults for a 2-core machine, bounds checked", () => {
  expect(workerTuningConfig({})).toEqual({
    maxCachedWorkflows: 500,
    maxConcurrentWorkflowTaskExecutions: 40,
    maxConcurrentActivityTaskExecutions: 50,
    maxConcurrentLocalActivityExecutions: 50,
    maxConcurrentWorkflowTaskPolls: 4,
    maxConcurrentActivityTaskPolls: 4,
  });
  expect(workerTuningConfig({ PAL_WORKER_MAX_CACHED_WORKFLOWS: '2000' }).maxCachedWorkflows).toBe(2000);
  expect(() => workerTuningConfig({ PAL_WORKER_WORKFLOW_TASK_POLLERS: '50' })).toThrow(/PAL_WORKER_WORKFLOW_TASK_POLLERS: must not exceed PAL_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS/);
  expect(() => workerTuningConfig({ PAL_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' })).toThrow(/PAL_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS/);
});

test('the retention policy: defaults, whole days within bounds, nothing naming consumers kept longer than their data', () => {
  expect(retentionConfig({})).toEqual({ policy: { consumerDataDays: 365, reportFileDays: 180, submissionDays: 730, outboxDays: 90, auditDays: 2190 }, temporalDays: 45 });
  expect(retentionConfig({ PAL_RETAIN_CONSUMER_DATA_DAYS: '730', PAL_RETAIN_REPORT_FILES_DAYS: '400' }).policy).toMatchObject({ consumerDataDays: 730, reportFileDays: 400 });
  expect(() => retentionConfig({ PAL_RETAIN_AUDIT_DAYS: '30' })).toThrow(/PAL_RETAIN_AUDIT_DAYS: must be a whole number of days, at least 365/);
  expect(() => retentionConfig({ PAL_RETAIN_CONSUMER_DATA_DAYS: 'a year' })).toThrow(/PAL_RETAIN_CONSUMER_DATA_DAYS/);
  expect(() => retentionConfig({ PAL_RETAIN_CONSUMER_DATA_DAYS: '100' })).toThrow(/PAL_RETAIN_REPORT_FILES_DAYS: must not be more than PAL_RETAIN_CONSUMER_DATA_DAYS \(100\)/);
});

test('a task queue name is one PAL can quote into a visibility query and a link', () => {
  expect(temporalConfig({ TEMPORAL_TASK_QUEUE: 'pal-prod.v2_a' }).taskQueue).toBe('pal-prod.v2_a');
  expect(() => temporalConfig({ TEMPORAL_TASK_QUEUE: "pal' OR 1=1" })).toThrow(/TEMPORAL_TASK_QUEUE: must be letters, digits/);
});
