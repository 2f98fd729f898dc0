/**
 * WB_FUZZ_SEED replays a run (every failure prints its seed); WB_FUZZ_RUNS and WB_FUZZ_SECONDS
 * make a longer hunt. The defaults keep the test at a few seconds on a 2-core machine.
 */
export interface FuzzSettings {
  seed: number;
  runs: number;
  /** fast-check stops generating new cases after this long; the cases run so far still count. */
  timeLimitMs: number;
}

function integerFromEnv(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(text)}`);
  return value;
}

export function fuzzSettings(): FuzzSettings {
  return {
    // fast-check seeds are 32-bit integers.
    seed: integerFromEnv('WB_FUZZ_SEED') ?? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0,
    runs: integerFromEnv('WB_FUZZ_RUNS') ?? 400,
    timeLimitMs: (integerFromEnv('WB_FUZZ_SECONDS') ?? 15) * 1000,
  };
}
