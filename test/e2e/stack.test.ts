// Proof that the stack is real: a workflow started through the client on the Temporal dev server runs
// activities that write to PostgreSQL and send a message the SMTP server (Mailpit, which takes mail only after
// STARTTLS) receives, and its payloads are unreadable in raw history without the key.
import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { EncryptionCodec } from '../../platform/codec';
import { encryptionConfig, temporalConfig } from '../../platform/config';
import { contactPointCheckWorkflowId } from '../../contracts/directory';
import { mailsMatching } from '../support/mail';
import { openTestStack, type TestStack } from '../support/stack';
import { palSearchAttributes } from '../../contracts/search-attributes';
import { keepHistory } from '../support/histories';

let stack: TestStack;
beforeAll(async () => (stack = await openTestStack()));
afterAll(async () => stack?.close());

test('a contact point check writes to PostgreSQL, emails over TLS, and keeps its payloads encrypted', async () => {
  const checkId = randomUUID();
  const email = `check-${checkId.slice(0, 8)}@assister.example.org`;
  const handle = await stack.client.workflow.start('contactPointCheckWorkflow', {
    taskQueue: stack.taskQueue,
    workflowId: contactPointCheckWorkflowId(checkId),
    args: [{ checkId, email, requestedBy: 'test-coordinator' }],
  });
  const { messageId } = (await handle.result()) as { messageId: string };

  const [row] = await stack.sql`select email, sent_at, message_id from contact_point_checks where id = ${checkId}`;
  expect(row).toMatchObject({ email, message_id: messageId });
  expect(row!.sent_at).toBeInstanceOf(Date);

  const received = await mailsMatching({ messageId });
  expect(received).toHaveLength(1);
  expect(received[0]!.Text).toContain(checkId);

  // Raw history, read with a connection that has no codec: the address must not appear anywhere.
  const raw = await Connection.connect({ address: temporalConfig().address });
  const { history } = await raw.workflowService.getWorkflowExecutionHistory({
    namespace: 'default',
    execution: { workflowId: handle.workflowId },
  });
  await raw.close();
  const bytes = Buffer.from(temporal.api.history.v1.History.encode(history!).finish());
  expect(bytes.includes(email)).toBe(false);
  expect(bytes.includes('binary/encrypted')).toBe(true);

  // With the key, the same input decodes.
  const started = history!.events!.find((e) => e.workflowExecutionStartedEventAttributes)!;
  const { keys, currentKeyId } = encryptionConfig();
  const [input] = await new EncryptionCodec(keys, currentKeyId).decode(started.workflowExecutionStartedEventAttributes!.input!.payloads!);
  expect(JSON.parse(Buffer.from(input!.data!).toString())).toMatchObject({ checkId, email });
  await keepHistory(stack.client, handle.workflowId, 'contact-point-check');
});

test("the dev server has PAL's search attributes registered", async () => {
  const { customAttributes } = await stack.client.connection.operatorService.listSearchAttributes({ namespace: 'default' });
  for (const key of palSearchAttributes) expect(Object.keys(customAttributes ?? {})).toContain(key.name);
});
