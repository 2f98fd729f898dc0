export type WaitOutcome = { readonly answered: true; readonly version: string } | { readonly answered: false; readonly gone: boolean };

/**
 * The wait strategy every server start shares: ask the server a real question (a query, a PING)
 * until it answers, rather than sleep or read its log. Stops early when the server is gone.
 */
export async function waitUntilAnswers(ask: () => Promise<string | undefined>, options: { readonly timeoutMs: number; readonly gone?: () => boolean }): Promise<WaitOutcome> {
  const deadline = Date.now() + options.timeoutMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    if (options.gone?.()) return { answered: false, gone: true };
    const version = await ask();
    if (version) return { answered: true, version };
    if (Date.now() > deadline) return { answered: false, gone: false };
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
