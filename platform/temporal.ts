// Connections to Temporal for clients and workers, all with PAL's encrypting data converter.
import { Client, Connection } from '@temporalio/client';
import { dataConverter } from './codec';
import { temporalConfig } from './config';

type Env = Record<string, string | undefined>;

export function connectionOptions(env: Env = process.env) {
  const { address, tls, apiKey } = temporalConfig(env);
  return { address, tls: tls ? {} : undefined, apiKey };
}

export async function connectClient(env: Env = process.env): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(env));
  return new Client({ connection, namespace: temporalConfig(env).namespace, dataConverter: dataConverter(env) });
}
