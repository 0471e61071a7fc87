// Loaded by path (DataConverter.failureConverterPath) in clients, workers and the workflow bundle:
// failure messages and stack traces go through the payload codec, so an error can never leak PII in clear.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
