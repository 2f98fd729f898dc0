import type { UserConsoleLog } from 'vitest';

/** Per test, at most this much of what the code under test printed: its tail, where the error usually is. */
export const OUTPUT_LIMIT = { bytes: 8_192 } as const;

/**
 * What the code under test printed during each test, from vitest's console capture (which knows
 * the test each line came from). Output between tests, with no test to belong to, is dropped.
 */
export class TestOutput {
  private readonly byTest = new Map<string, { text: string; cut: boolean }>();

  add(log: Pick<UserConsoleLog, 'content' | 'taskId'>): void {
    if (!log.taskId) return;
    const entry = this.byTest.get(log.taskId) ?? { text: '', cut: false };
    entry.text += log.content.endsWith('\n') ? log.content : `${log.content}\n`;
    if (entry.text.length > OUTPUT_LIMIT.bytes) {
      entry.text = entry.text.slice(entry.text.length - OUTPUT_LIMIT.bytes);
      entry.text = entry.text.slice(entry.text.indexOf('\n') + 1);
      entry.cut = true;
    }
    this.byTest.set(log.taskId, entry);
  }

  of(testId: string): string | undefined {
    const entry = this.byTest.get(testId);
    if (!entry || entry.text.trim() === '') return undefined;
    return `${entry.cut ? '… (earlier output cut)\n' : ''}${entry.text.trimEnd()}`;
  }
}
