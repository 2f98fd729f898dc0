/**
 * Logger options for the learner's app under test (Fastify's `logger`, pino underneath): warnings
 * and errors only, written through the console, which vitest ties to the test that is running, so
 * that a failing test shows what the app logged while it ran (a SQL error behind a 500, say).
 */
export const learnerLogger = {
  level: 'warn',
  stream: { write: (line: string): void => console.error(formatLogLine(line)) },
} as const;

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

interface LogLine {
  readonly level?: number;
  readonly msg?: string;
  readonly err?: { readonly type?: string; readonly message?: string; readonly stack?: string };
}

/** A pino JSON line as a person reads it: `[error] request failed: Error: relation "taks" does not exist`, then the stack's first frames. */
export function formatLogLine(json: string): string {
  let entry: LogLine;
  try {
    entry = JSON.parse(json) as LogLine;
  } catch {
    return json.trimEnd();
  }
  const level = LEVELS[entry.level ?? 30] ?? String(entry.level);
  const error = entry.err ? `: ${entry.err.type ?? 'Error'}: ${entry.err.message ?? ''}` : '';
  const frames = entry.err?.stack?.split('\n').slice(1, 4).map((frame) => `    ${frame.trim()}`) ?? [];
  return [`[${level}] ${entry.msg ?? ''}${error}`, ...frames].join('\n');
}
