// pal contact-point check --email ADDRESS [--requested-by WHO] [--no-wait]
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { connectClient } from '../../platform/temporal';
import { temporalConfig } from '../../platform/config';
import { contactPointCheckWorkflowId } from '../../contracts/directory';
import { CliError, parseCommand, validateFlags } from './args';

const usage = 'pal contact-point check --email ADDRESS [--requested-by WHO] [--no-wait]';
const flags = z.object({
  email: z.string({ error: '--email is required' }).email('--email must be an email address'),
  'requested-by': z.string().min(1).default(process.env.USER ?? 'coordinator'),
  'no-wait': z.boolean().default(false),
});

export async function contactPointCommand(argv: string[]): Promise<void> {
  const args = parseCommand(argv, { email: { type: 'string' }, 'requested-by': { type: 'string' }, 'no-wait': { type: 'boolean' } }, usage);
  if (args.positionals[0] !== 'check') throw new CliError(`usage: ${usage}`);
  const { email, 'requested-by': requestedBy, 'no-wait': noWait } = validateFlags(flags, args.values, usage);
  const client = await connectClient();
  try {
    const checkId = randomUUID();
    const handle = await client.workflow.start('contactPointCheckWorkflow', {
      taskQueue: temporalConfig().taskQueue,
      workflowId: contactPointCheckWorkflowId(checkId),
      args: [{ checkId, email, requestedBy }],
    });
    console.log(`Started ${handle.workflowId}`);
    if (!noWait) {
      const result = (await handle.result()) as { messageId: string };
      console.log(`Check message sent to the contact point (Message-ID ${result.messageId})`);
    }
  } finally {
    await client.connection.close();
  }
}
