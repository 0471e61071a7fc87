export default async function globalTeardown(): Promise<void> {
  const stopped = await Promise.allSettled([globalThis.palTestStack?.stop(), globalThis.palTestBrowser?.close()]);
  const failed = stopped.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}
