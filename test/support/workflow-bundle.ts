// The workflows bundled once by global-setup for every suite's worker, instead of once per suite (about a second
// and a half of CPU each on this machine).

/** For createWorker's workflowBundle: the bundle global-setup wrote (undefined outside jest: the worker bundles). */
export const testWorkflowBundle = () => (process.env.PAL_TEST_WORKFLOW_BUNDLE ? { codePath: process.env.PAL_TEST_WORKFLOW_BUNDLE } : undefined);
