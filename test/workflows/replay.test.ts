// Replay safety: the recorded histories in test/histories/ (one or more per workflow type) must replay against
// the current workflow code. A change that would break running workflows fails here; see README, "Changing a
// workflow safely".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import * as workflows from '../../workflows';
import { historiesDir, historyFromObject } from '../support/histories';

const recorded = readdirSync(historiesDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => {
    const history = historyFromObject(JSON.parse(readFileSync(join(historiesDir, file), 'utf8')));
    const type = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '';
    return { file, type, history, workflowId: file.replace(/\.json$/, '') };
  });

test('every workflow type has a recorded history', () => {
  expect([...new Set(recorded.map((r) => r.type))].sort()).toEqual(Object.keys(workflows).sort());
});

test('every recorded history replays without a determinism error', async () => {
  const results = Worker.runReplayHistories(
    { workflowsPath: require.resolve('../../workflows'), dataConverter: { failureConverterPath: require.resolve('../../platform/failure-converter') } },
    recorded.map(({ history, workflowId }) => ({ history, workflowId })),
  );
  const failures: string[] = [];
  for await (const result of results) if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  expect(failures).toEqual([]);
  expect(recorded.length).toBeGreaterThanOrEqual(Object.keys(workflows).length);
}, 120_000);
