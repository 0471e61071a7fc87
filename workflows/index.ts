// Every workflow the worker runs; the worker bundles this file.
export { contactPointCheckWorkflow } from './contact-point-check';
export { leadWorkflow } from './lead';
export { leadMessageWorkflow } from './lead-message';
export { assisterReportWorkflow, reportCycleWorkflow } from './report';
export { reportDeliveryWorkflow } from './report-delivery';
export { assisterRequestWorkflow, contactPointChangeWorkflow } from './directory';
