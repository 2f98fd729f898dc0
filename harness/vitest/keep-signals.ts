/**
 * Runs `create` (which makes a vitest instance through its Node API) and takes back SIGINT and
 * SIGTERM: vitest's logger answers them with `process.exit()` a millisecond later, before the
 * caller can close vitest, so the servers its global set-up started would outlive the process
 * (the next run would reap them, but `wb watch` and `wb ui` stop cleanly instead).
 */
export async function keepingSignals<T>(create: () => Promise<T>): Promise<T> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const created = await create();
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.off(signal, listener);
  }
  return created;
}
