// Keeps the SDK's worker logs to warnings in tests, so jest's output stays readable.
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed by an earlier suite in this process.
}
