import type { ChildProcess } from 'node:child_process';

/** Output kept from an isolated run: enough to say why it ended, never the whole of a chatty one. */
const KEEP_CHARS = 64 * 1024;

/**
 * Waits for a child started in its own process group, keeping the tail of its output; after
 * `timeoutMs` the whole group is killed, so a candidate's run that never ends costs its module,
 * not the grading.
 */
export function runBounded(child: ChildProcess, timeoutMs: number): Promise<{ code: number; output: string }> {
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-KEEP_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      output += `\nwb grade: the run took longer than ${Math.round(timeoutMs / 1000)} s and was stopped.\n`;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone between the timer and the kill.
      }
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ code: 127, output: `${output}\n${error.message}` });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}
